"""The rotations app's models, one module per part of the domain (each re-exported here,
so `from rotations.models import Rotation` keeps working)."""

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

__all__ = [
    "BLOCK_DAYS",
    "BLOCK_LAST_DAY",
    "ReplacementAllowance",
    "Rotation",
    "RotationRequest",
    "Site",
    "Specialty",
    "new_link_nonce",
]
