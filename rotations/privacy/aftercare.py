"""After the first day: attendance and the preceptors' evaluations of the observer, the
observer's feedback on each block, and the completion certificates."""

from django.utils.translation import gettext_lazy as _

from hmc_portal.issuance.models import IssuedDocument
from hmc_portal.privacy.registry import DataShredder, ExportSection
from hmc_portal.privacy.schema import (
    BOOLEAN,
    DATE,
    DATETIME,
    INTEGER,
    STRING,
    array,
    iso,
    nullable,
    obj,
    section,
)
from hmc_portal.privacy.shredding import ISSUED_DOCUMENT, exported_file, issued_document

from ..models import SCORE_FIELDS, Attendance, Evaluation, RotationFeedback
from ..models.feedback import CRITERIA
from ..services.privacy import (
    CERTIFICATE,
    erase_certificates,
    erase_evaluations,
    erase_feedback,
)

ATTENDANCE = obj(
    rotation_request_id=INTEGER,
    missed_days=array(DATE),
    hours=nullable(INTEGER),
    confirmed_through=DATE,
    confirmed_at=DATETIME,
)
EVALUATION = obj(
    rotation_request_id=INTEGER,
    kind=STRING,
    **dict.fromkeys(SCORE_FIELDS, INTEGER),
    strengths=STRING,
    areas_to_grow=STRING,
    submitted_at=DATETIME,
    due_on=DATE,
)


class AftercareShredder(DataShredder):
    name = "rotations.aftercare"
    verbose_name = _("Attendance and evaluations by your preceptors")
    keeps = _(
        "Your preceptors' record of the blocks they supervised stays: the days attended and "
        "the scores of their evaluations. The words they wrote about you are deleted."
    )
    schema = section(obj(attendance=array(ATTENDANCE), evaluations=array(EVALUATION)))

    def export(self, user) -> ExportSection:
        attendance = Attendance.objects.filter(rotation_request__application__applicant=user)
        evaluations = Evaluation.objects.filter(rotation_request__application__applicant=user)
        return ExportSection(
            data={
                "attendance": [
                    {
                        "rotation_request_id": item.rotation_request_id,
                        "missed_days": [iso(day) for day in sorted(item.missed_days)],
                        "hours": item.hours,
                        "confirmed_through": iso(item.confirmed_through),
                        "confirmed_at": iso(item.confirmed_at),
                    }
                    for item in attendance.order_by("pk")
                ],
                "evaluations": [
                    {
                        "rotation_request_id": item.rotation_request_id,
                        "kind": item.kind,
                        **item.scores,
                        "strengths": item.strengths,
                        "areas_to_grow": item.areas_to_grow,
                        "submitted_at": iso(item.submitted_at),
                        "due_on": iso(item.due_on),
                    }
                    for item in evaluations.order_by("pk")
                ],
            }
        )

    def shred(self, user) -> None:
        erase_evaluations(user=user)


FEEDBACK = obj(
    rotation_request_id=INTEGER,
    **dict.fromkeys(CRITERIA, INTEGER),
    would_recommend=BOOLEAN,
    comments=STRING,
    given_at=DATETIME,
)


class FeedbackShredder(DataShredder):
    name = "rotations.feedback"
    verbose_name = _("Your feedback on your rotations")
    keeps = _(
        "The scores you gave stay, without your comments, so each preceptor's averages still "
        "add up; nothing links them to you any more."
    )
    schema = section(array(FEEDBACK))

    def export(self, user) -> ExportSection:
        feedback = RotationFeedback.objects.filter(rotation_request__application__applicant=user)
        return ExportSection(
            data=[
                {
                    "rotation_request_id": item.rotation_request_id,
                    **{name: getattr(item, name) for name in CRITERIA},
                    "would_recommend": item.would_recommend,
                    "comments": item.comments,
                    "given_at": iso(item.created_at),
                }
                for item in feedback.order_by("pk")
            ]
        )

    def shred(self, user) -> None:
        erase_feedback(user=user)


class CertificateShredder(DataShredder):
    name = "rotations.certificates"
    issued_kinds = ("certificate",)
    verbose_name = _("Certificates of completion")
    keeps = _(
        "Each certificate's verification code stays, saying only that it was revoked at your "
        "request; its PDF and your name are deleted."
    )
    schema = section(array(ISSUED_DOCUMENT))

    def export(self, user) -> ExportSection:
        documents = list(IssuedDocument.objects.filter(owner=user, kind=CERTIFICATE).order_by("pk"))
        files = (
            exported_file("rotations/certificates", doc.pk, doc.filename, doc.file)
            for doc in documents
        )
        return ExportSection(
            data=[issued_document(document) for document in documents],
            files=[file for file in files if file is not None],
        )

    def shred(self, user) -> None:
        erase_certificates(user=user)
