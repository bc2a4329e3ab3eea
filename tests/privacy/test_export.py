"""The applicant's copy of their data: asked for, built into a ZIP by the task (every
section, every file, valid against the committed schema), emailed, downloaded by its owner
only, expired and swept."""

import datetime
import json
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator

from hmc_portal.audit.models import ActivityLog
from hmc_portal.privacy import services
from hmc_portal.privacy.management.commands.export_schema import SCHEMA_PATH, schema_text
from hmc_portal.privacy.models import DataExport, ExportStatus
from hmc_portal.privacy.registry import DataShredder, ExportSection, shredders
from hmc_portal.privacy.tasks import task_sweep_exports
from tests.factories import PASSWORD, DocumentFactory, UserFactory
from tests.privacy.support import EXPECTED_SECTIONS, applicant_with_everything, stored_bytes, unzip
from tests.support.files import isolated_private_storage, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def storage(tmp_path, settings) -> Path:
    return isolated_private_storage(tmp_path / "private", settings)


def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def built_export(user, django_capture_on_commit_callbacks) -> DataExport:
    with django_capture_on_commit_callbacks(execute=True):
        export = services.request_export(user=user)
    export.refresh_from_db()
    return export


def download(client, export) -> bytes:
    response = client.get(reverse("privacy:download_export", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return b"".join(response.streaming_content)


def test_schema_file_is_the_one_the_registry_describes():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()
    call_command("export_schema", "--check")  # the command agrees


def test_schema_file_is_a_valid_json_schema():
    Draft202012Validator.check_schema(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def test_every_registered_shredder_declares_an_object_schema():
    for shredder in shredders:
        assert shredder.schema, shredder.name
    assert sorted(s.name for s in shredders) == sorted(EXPECTED_SECTIONS)


def test_full_export_holds_every_section_and_file_and_validates(
    storage, client, django_capture_on_commit_callbacks
):
    person = applicant_with_everything()
    user, objects = person.user, person.objects

    export = built_export(user, django_capture_on_commit_callbacks)

    assert export.status == ExportStatus.READY
    client.force_login(user)
    unzipped = unzip(download(client, export))
    validator().validate(unzipped.data)
    assert unzipped.data["subject"] == {"user_id": user.pk}
    assert sorted(unzipped.data["sections"]) == sorted(EXPECTED_SECTIONS)
    sections = unzipped.data["sections"]
    assert sections["applications.profile"]["phone"] == "+52 55 Export 1234"
    assert sections["applications.profile"]["date_of_birth"] == "1994-05-17"
    (application,) = sections["applications.applications"]
    assert application["status"] == "confirmed"
    assert application["status_history"][-1]["to_status"] == "confirmed"
    assert len(sections["applications.interviews"]["interviews"]) == 1
    assert len(sections["applications.interviews"]["offered_times"]) == 1
    assert [e["to"] for e in sections["notifications.emails"]] == [
        user.email for _ in sections["notifications.emails"]
    ]
    assert sections["notifications.emails"]  # the world's email and the invoices'
    assert {"verb": "applications.note.added", "by_you": False} in [
        {"verb": e["verb"], "by_you": e["by_you"]} for e in sections["audit.activity"]
    ]
    # Every uploaded document and every issued PDF is there, byte for byte.
    documents = {d["file"]: d for d in sections["applications.documents"]}
    assert len(documents) == objects["application"].documents.count() == 4
    for document in objects["application"].documents.all():
        path = f"applications/documents/{document.pk}-{document.original_name}"
        assert unzipped.files[path] == stored_bytes(document.file)
    # Every PDF issued to them (visa letter, invoices, receipts...) is in some app's folder.
    zipped = set(unzipped.files.values())
    issued = user.issued_documents.all()
    assert issued.count() >= 2
    for document in issued:
        assert stored_bytes(document.file) in zipped, document.kind
    assert "data.json" in unzipped.readme
    assert "applications/documents/: 4 file(s)" in unzipped.readme


def test_request_builds_the_zip_stores_it_privately_and_emails_the_link(
    storage, settings, django_capture_on_commit_callbacks
):
    settings.DATA_EXPORT_DAYS = 7
    user = UserFactory(timezone="Asia/Kolkata")
    document = DocumentFactory(application__applicant=user)

    before = timezone.now()
    export = built_export(user, django_capture_on_commit_callbacks)

    assert export.status == ExportStatus.READY
    assert export.size == (storage / export.file.name).stat().st_size
    assert export.file.name.startswith("exports/")
    assert stored_files(storage) == sorted([document.file.name, export.file.name])
    assert before + datetime.timedelta(days=7) <= export.expires_at
    assert export.expires_at <= timezone.now() + datetime.timedelta(days=7)
    (message,) = mail.outbox
    assert message.to == [user.email]
    assert message.subject == "Your copy of your data is ready to download"
    link = f"/dashboard/privacy/exports/{export.pk}/download/"
    assert link in message.body
    html = message.alternatives[0][0]
    assert link in html
    assert "(Asia/Kolkata)" in message.body
    assert list(
        ActivityLog.objects.filter(person=user, verb__startswith="privacy.").values_list(
            "verb", flat=True
        )
    ) == ["privacy.export.ready", "privacy.export.requested"]


def test_email_is_in_spanish_for_a_spanish_reader(storage, django_capture_on_commit_callbacks):
    user = UserFactory(language="es")
    built_export(user, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.subject == "Su copia de sus datos está lista para descargar"


def test_second_request_while_one_is_being_built_changes_nothing():
    user = UserFactory()
    first = services.request_export(user=user)

    with pytest.raises(services.ExportError, match="already being prepared"):
        services.request_export(user=user)

    assert list(DataExport.objects.filter(user=user)) == [first]
    assert ActivityLog.objects.filter(verb="privacy.export.requested").count() == 1


def test_a_ready_export_does_not_stop_a_new_request(storage, django_capture_on_commit_callbacks):
    user = UserFactory()
    built_export(user, django_capture_on_commit_callbacks)
    services.request_export(user=user)
    assert DataExport.objects.filter(user=user).count() == 2


class BrokenShredder(DataShredder):
    name = "zz.broken"
    schema = {"type": "null"}

    def export(self, user) -> ExportSection:
        raise RuntimeError("the disk is on fire")


@pytest.fixture
def broken_shredder():
    shredders.register(BrokenShredder())
    yield
    shredders.unregister(BrokenShredder.name)


def test_failed_build_is_marked_stores_nothing_emails_nothing_and_may_be_asked_again(
    storage, broken_shredder, django_capture_on_commit_callbacks
):
    user = UserFactory()
    DocumentFactory(application__applicant=user)
    before = stored_files(storage)

    export = built_export(user, django_capture_on_commit_callbacks)

    assert export.status == ExportStatus.FAILED
    assert export.failure_reason == "RuntimeError: the disk is on fire"
    assert not export.file
    assert stored_files(storage) == before
    assert mail.outbox == []
    assert services.request_export(user=user).status == ExportStatus.REQUESTED


def test_a_missing_stored_file_is_named_in_the_notes_and_the_rest_builds(
    storage, client, django_capture_on_commit_callbacks
):
    user = UserFactory()
    kept = DocumentFactory(application__applicant=user, kind="cv")
    lost = DocumentFactory(application=kept.application, kind="passport")
    (storage / lost.file.name).unlink()

    export = built_export(user, django_capture_on_commit_callbacks)
    client.force_login(user)
    unzipped = unzip(download(client, export))

    assert list(unzipped.files) == [f"applications/documents/{kept.pk}-cv.pdf"]
    assert (
        f"The file applications/documents/{lost.pk}-passport.pdf is missing from storage and "
        "could not be included." in unzipped.data["notes"]
    )


def test_file_names_cannot_leave_the_archive(storage, client, django_capture_on_commit_callbacks):
    user = UserFactory()
    document = DocumentFactory(application__applicant=user, original_name="../../etc/pass wd.pdf")
    export = built_export(user, django_capture_on_commit_callbacks)
    client.force_login(user)
    names = list(unzip(download(client, export)).files)
    assert names == [f"applications/documents/{document.pk}-/etc/pass wd.pdf"]


def test_download_is_logged(storage, client, django_capture_on_commit_callbacks):
    user = UserFactory()
    export = built_export(user, django_capture_on_commit_callbacks)
    client.force_login(user)
    download(client, export)
    assert ActivityLog.objects.filter(verb="privacy.export.downloaded", actor=user).count() == 1


def test_someone_elses_export_is_a_404(storage, client, django_capture_on_commit_callbacks):
    export = built_export(UserFactory(), django_capture_on_commit_callbacks)
    client.force_login(UserFactory())
    response = client.get(reverse("privacy:download_export", args=[export.pk]))
    assert response.status_code == 404


def test_anonymous_download_goes_to_login(storage, client, django_capture_on_commit_callbacks):
    export = built_export(UserFactory(), django_capture_on_commit_callbacks)
    path = reverse("privacy:download_export", args=[export.pk])
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]


def test_expired_export_serves_nothing_and_says_so(
    storage, client, django_capture_on_commit_callbacks
):
    user = UserFactory()
    export = built_export(user, django_capture_on_commit_callbacks)
    DataExport.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    client.force_login(user)
    response = client.get(reverse("privacy:download_export", args=[export.pk]))
    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/html")
    assert "This copy of your data is no longer available" in response.content.decode()
    assert not ActivityLog.objects.filter(verb="privacy.export.downloaded").exists()


def test_sweep_expires_old_exports_and_deletes_their_files(
    storage, django_capture_on_commit_callbacks
):
    user = UserFactory()
    old = built_export(user, django_capture_on_commit_callbacks)
    DataExport.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    fresh = built_export(UserFactory(), django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        task_sweep_exports()

    old.refresh_from_db()
    assert old.status == ExportStatus.EXPIRED
    assert not old.file
    assert stored_files(storage) == [fresh.file.name]
    assert ActivityLog.objects.filter(verb="privacy.export.expired", person=user).count() == 1


def test_sweep_builds_a_request_whose_message_was_lost(storage):
    user = UserFactory()
    export = services.request_export(user=user)  # no commit callbacks: the message is lost
    DataExport.objects.filter(pk=export.pk).update(
        requested_at=timezone.now() - datetime.timedelta(minutes=6)
    )
    recent = services.request_export(user=UserFactory())

    assert task_sweep_exports() == 1

    export.refresh_from_db()
    recent.refresh_from_db()
    assert export.status == ExportStatus.READY
    assert recent.status == ExportStatus.REQUESTED


def test_sweep_fails_a_build_whose_worker_stopped():
    user = UserFactory()
    export = services.request_export(user=user)
    DataExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.BUILDING, requested_at=timezone.now() - datetime.timedelta(hours=3)
    )
    task_sweep_exports()
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert services.request_export(user=user).status == ExportStatus.REQUESTED


def test_a_build_runs_once(storage, django_capture_on_commit_callbacks):
    export = built_export(UserFactory(), django_capture_on_commit_callbacks)
    assert services.build_export(export_id=export.pk) is None


def test_page_offers_to_prepare_my_data(client):
    user = UserFactory()
    assert client.login(email=user.email, password=PASSWORD)
    response = client.get(reverse("privacy:page"))
    assert "Prepare my data" in response.content.decode()


def test_download_of_a_copy_still_being_built_says_so(client):
    user = UserFactory()
    export = services.request_export(user=user)
    client.force_login(user)
    response = client.get(reverse("privacy:download_export", args=[export.pk]))
    assert response.status_code == 409
    assert "This copy is still being prepared." in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_page_queries_do_not_grow_with_past_exports(
    client, count, storage, django_capture_on_commit_callbacks, django_assert_num_queries
):
    user = UserFactory()
    for _ in range(count):
        built_export(user, django_capture_on_commit_callbacks)
    client.force_login(user)
    client.get(reverse("privacy:page"))  # warm the session and the caches
    with django_assert_num_queries(QUERIES_ON_THE_PAGE):
        response = client.get(reverse("privacy:page"))
    assert response.content.decode().count("Download the ZIP") == 1


# Session, user (with the preceptor profile its role reads), the newest export; then the
# deletion panel: a scheduled erasure, and the rotations' blocker (the current application
# and its blocks).
QUERIES_ON_THE_PAGE = 6
