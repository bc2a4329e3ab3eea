from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RotationsConfig(AppConfig):
    name = "rotations"
    verbose_name = _("Rotations")

    def ready(self) -> None:
        from hmc_portal.issuance import kinds

        # Connects receivers, registers the dashboard panels and the next-step provider.
        from . import next_steps, panels, receivers  # noqa: F401
        from .arrival import panels as arrival_panels  # noqa: F401
        from .arrival import receivers as arrival_receivers  # noqa: F401
        from .arrival import visa_panels  # noqa: F401

        kinds.register("visa_letter", label=_("Visa invitation letter"))
        kinds.register("certificate", label=_("Certificate of completion"))
        # What the staff dossier (applications.dossier) shows of rotations.
        from hmc_portal.dossier import dossier_contents

        from .aftercare import (  # noqa: F401
            certificate_panels,
            certificate_receivers,
            feedback_panels,
        )
        from .aftercare import panels as aftercare_panels  # noqa: F401
        from .arrival import compliance_panels  # noqa: F401
        from .dossier import rotations_dossier, rotations_dossier_size
        from .privacy import register as register_privacy

        dossier_contents.register("rotations", rotations_dossier, measure=rotations_dossier_size)
        # One shredder per kind of an applicant's data, and the erasure's blocker.
        register_privacy()
