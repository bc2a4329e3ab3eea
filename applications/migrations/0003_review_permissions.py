"""Staff roles for the review: the `change_status` permission, and the Reviewer and
Coordinator groups' permissions as hmc_portal/users/roles.py lists them.

Reviewer: see applications, profiles, documents, status history, notes and sent emails;
verify or reject documents (change_document: the admin shows no editable field, only the
verify and reject buttons that call the services); add internal notes; record an interview's
outcome and recommendation (change_interview).
Coordinator: everything a reviewer does, plus every staff status move (change_status) and
scheduling interviews and offering slots. Superusers hold every permission anyway.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from hmc_portal.users.roles import GROUP_PERMISSIONS, sync_staff_groups


def _ensure_permissions(apps):
    """Permissions are normally created after `migrate` finishes (post_migrate); a fresh
    database needs them now to hand them to the groups."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, schema_editor):
    _ensure_permissions(apps)
    sync_staff_groups(
        group_model=apps.get_model("auth", "Group"),
        permission_model=apps.get_model("auth", "Permission"),
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, pairs in GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for app_label, codename in pairs:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_interviews_offers_notes"),
        ("users", "0002_staff_groups"),
        ("notifications", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="application",
            options={
                "ordering": ["-created_at"],
                "permissions": [("change_status", "Can change the status of an application")],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
