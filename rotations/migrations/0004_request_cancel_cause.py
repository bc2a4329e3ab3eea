"""Why a request was cancelled, stored: the existing cancelled requests get their cause from
who cancelled them (the applicant) or the reason a release wrote (left the program); the
program office otherwise."""

from django.db import migrations, models
from django.db.models import F

# rotations.services.placement.cancelling.RELEASED_REASON when this migration was written.
RELEASED_REASON = "The applicant is no longer in the program."


def fill_causes(apps, schema_editor):
    RotationRequest = apps.get_model("rotations", "RotationRequest")
    cancelled = RotationRequest.objects.filter(status="cancelled", cancel_cause="")
    cancelled.filter(cancelled_by_id=F("application__applicant_id")).update(
        cancel_cause="applicant"
    )
    cancelled.filter(cancel_reason=RELEASED_REASON).update(cancel_cause="left_program")
    cancelled.update(cancel_cause="program")


def clear_causes(apps, schema_editor):
    apps.get_model("rotations", "RotationRequest").objects.update(cancel_cause="")


class Migration(migrations.Migration):
    dependencies = [
        ("rotations", "0003_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="rotationrequest",
            name="cancel_cause",
            field=models.CharField(
                blank=True,
                choices=[
                    ("applicant", "Cancelled by the applicant"),
                    ("program", "Cancelled by the program office"),
                    ("left_program", "Released: the application left the program"),
                    ("non_payment", "Released: the payment was not received"),
                    ("visa_postponed", "Released: postponed after a visa refusal"),
                ],
                editable=False,
                max_length=16,
                verbose_name="why cancelled",
            ),
        ),
        migrations.RunPython(fill_causes, clear_causes),
    ]
