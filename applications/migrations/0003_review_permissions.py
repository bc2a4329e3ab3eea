"""Staff roles for the review: the `change_status` permission, and what the Reviewer and
Coordinator groups (hmc_portal.users 0002) may do.

Reviewer: see applications, profiles, documents, status history, notes and sent emails;
verify or reject documents (change_document: the admin shows no editable field, only the
verify and reject buttons that call the services); add internal notes; record an interview's
outcome and recommendation (change_interview).
Coordinator: everything a reviewer does, plus every staff status move (change_status) and
scheduling interviews and offering slots. Superusers hold every permission anyway.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWER = [
    ("applications", "view_application"),
    ("applications", "view_applicantprofile"),
    ("applications", "view_applicationspecialty"),
    ("applications", "view_document"),
    ("applications", "change_document"),
    ("applications", "view_statuschange"),
    ("applications", "view_internalnote"),
    ("applications", "add_internalnote"),
    ("applications", "view_interview"),
    ("applications", "change_interview"),
    ("applications", "view_interviewslot"),
    ("notifications", "view_notification"),
]

COORDINATOR = [
    *REVIEWER,
    ("applications", "change_status"),
    ("applications", "add_interview"),
    ("applications", "add_interviewslot"),
    ("applications", "change_interviewslot"),
    ("applications", "delete_interviewslot"),
    ("notifications", "resend_notification"),
]

GROUPS = {"Reviewer": REVIEWER, "Coordinator": COORDINATOR}


def _ensure_permissions(apps):
    """Permissions are normally created after `migrate` finishes (post_migrate); a fresh
    database needs them now to hand them to the groups."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, codename in pairs:
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def grant(apps, schema_editor):
    _ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    for name, pairs in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, pairs))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, pairs in GROUPS.items():
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
