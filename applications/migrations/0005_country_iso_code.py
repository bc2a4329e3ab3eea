"""The country of citizenship becomes an ISO code: English names (and "USA", "UK"...) are
converted, anything unmatched becomes blank. The column shrinks in the next migration, in its
own transaction."""

from django.db import migrations


def names_to_codes(apps, schema_editor):
    from applications.countries import country_code

    ApplicantProfile = apps.get_model("applications", "ApplicantProfile")
    for profile in ApplicantProfile.objects.exclude(country="").only("pk", "country"):
        code = country_code(profile.country)
        if code != profile.country:
            ApplicantProfile.objects.filter(pk=profile.pk).update(country=code)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0004_interview_outcome_recorded"),
    ]

    operations = [
        migrations.RunPython(names_to_codes, migrations.RunPython.noop),
    ]
