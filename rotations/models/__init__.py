"""The rotations app's models, one module per part of the domain (each re-exported here,
so `from rotations.models import Rotation` keeps working)."""

from .aftercare import SCORE_FIELDS, Attendance, BlockFollowUp, Evaluation
from .compliance import (
    ComplianceEvidence,
    EvidenceStatus,
    Requirement,
    RequirementKind,
)
from .feedback import RotationFeedback
from .placement import (
    BLOCK_DAYS,
    BLOCK_LAST_DAY,
    Rotation,
    RotationRequest,
    Site,
    Specialty,
    new_link_nonce,
)
from .replacements import ReplacementAllowance
from .support import HousingDistance, HousingOption, SupportRequest
from .visa import VisaLetterRequest

__all__ = [
    "SCORE_FIELDS",
    "Attendance",
    "BlockFollowUp",
    "Evaluation",
    "ComplianceEvidence",
    "EvidenceStatus",
    "Requirement",
    "RequirementKind",
    "BLOCK_DAYS",
    "BLOCK_LAST_DAY",
    "HousingDistance",
    "HousingOption",
    "ReplacementAllowance",
    "Rotation",
    "RotationFeedback",
    "RotationRequest",
    "Site",
    "Specialty",
    "SupportRequest",
    "VisaLetterRequest",
    "new_link_nonce",
]
