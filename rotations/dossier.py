"""What rotations adds to an application's staff dossier (hmc_portal.dossier): the rotations
requested, with their answers, on the cover, and the pre-arrival evidence handed in, bound
after the application's own documents. Registered in RotationsConfig.ready; English, like
the rest of the dossier."""

from __future__ import annotations

from django.db.models import Count, Sum

from hmc_portal.dossier import DossierFile, DossierPart, DossierSection

from .models import ComplianceEvidence, RotationRequest


def _request_line(request: RotationRequest) -> str:
    rotation = request.rotation
    preceptor = rotation.preceptor.user
    parts = [
        f"{rotation.specialty.name} at {rotation.site.name}",
        f"{rotation.start_date.isoformat()} to {rotation.end_date.isoformat()}",
        f"preceptor {preceptor.get_full_name() or preceptor.email}",
        request.get_status_display(),
    ]
    if request.decline_reason:
        parts.append(f"reason: {request.decline_reason}")
    return "; ".join(parts)


def _evidence(application):
    """The pre-arrival evidence with a file: what the dossier binds."""
    return ComplianceEvidence.objects.filter(application=application).exclude(file="")


def rotations_dossier(application) -> DossierPart:
    requests = RotationRequest.objects.filter(application=application).select_related(
        "rotation__specialty", "rotation__site", "rotation__preceptor__user"
    )
    evidence = _evidence(application).select_related("requirement").order_by("uploaded_at", "pk")
    return DossierPart(
        sections=[
            DossierSection(
                "Rotations",
                [(f"Choice {request.rank}", _request_line(request)) for request in requests],
                empty="No rotation requested.",
            )
        ],
        files=[
            DossierFile(
                title=f"Pre-arrival: {item.requirement.name}: {item.original_name}",
                file=item.file,
                original_name=item.original_name,
                content_type=item.content_type,
                size=item.size,
            )
            for item in evidence
        ],
    )


def rotations_dossier_size(application) -> tuple[int, int]:
    """How many evidence files rotations_dossier binds, and their bytes: one count."""
    totals = _evidence(application).aggregate(files=Count("pk"), size=Sum("size"))
    return totals["files"], totals["size"] or 0
