"""What rotations holds about an applicant, one shredder per kind of data (the registry is
hmc_portal.privacy), and the blocker that keeps an erasure from breaking a placement under
way. Registered by RotationsConfig.ready through `register()`."""

from hmc_portal.privacy.registry import erasure_blockers, shredders

from .aftercare import AftercareShredder, CertificateShredder, FeedbackShredder
from .arrival import ComplianceShredder, SupportShredder, VisaLetterShredder
from .blocker import placement_in_progress
from .placement import RotationRequestShredder

SHREDDERS = (
    RotationRequestShredder,
    VisaLetterShredder,
    SupportShredder,
    ComplianceShredder,
    AftercareShredder,
    FeedbackShredder,
    CertificateShredder,
)


def register() -> None:
    for shredder in SHREDDERS:
        shredders.register(shredder())
    erasure_blockers.register("rotations.placement", placement_in_progress)
