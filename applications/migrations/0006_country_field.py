"""The country of citizenship as a two-letter ISO code (django-countries)."""

import django_countries.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_country_iso_code"),
    ]

    operations = [
        migrations.AlterField(
            model_name="applicantprofile",
            name="country",
            field=django_countries.fields.CountryField(
                blank=True, max_length=2, verbose_name="country of citizenship"
            ),
        ),
    ]
