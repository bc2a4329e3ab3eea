"""Accounts saved with an old zone name (Asia/Calcutta) get its current name (Asia/Kolkata),
the only one the forms now offer."""

from django.db import migrations

from hmc_portal.users.timezones import zone_links


def rename_zones(apps, schema_editor):
    User = apps.get_model("users", "User")
    for old, new in zone_links().items():
        User.objects.filter(timezone=old).update(timezone=new)


class Migration(migrations.Migration):
    dependencies = [("users", "0002_staff_groups")]

    operations = [migrations.RunPython(rename_zones, migrations.RunPython.noop)]
