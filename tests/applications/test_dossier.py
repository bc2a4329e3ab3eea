"""The staff dossier: one PDF with a cover and every uploaded file, a bookmark per part;
damaged files listed, not fatal; built in a task for a large application or for a ZIP of
several, with an emailed link that works once, for its requester, until it expires."""

import io
import zipfile
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from applications.enums import DossierBuildStatus
from applications.models import DossierBuild
from applications.services import build_dossier, discard_dossiers, sweep_dossiers
from hmc_portal.audit.models import ActivityLog
from hmc_portal.notifications.models import Notification
from tests.applications.dossier_support import (
    application_with_files,
    damaged,
    reader,
    response_bytes,
)
from tests.factories import (
    CoordinatorFactory,
    ReviewableApplicationFactory,
    ReviewerFactory,
    RotationRequestFactory,
    StaffFactory,
    UserFactory,
)
from tests.support.files import isolated_private_storage, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_dir(tmp_path, settings):
    return isolated_private_storage(tmp_path / "private", settings)


def dossier_url(application) -> str:
    return f"/admin/applications/application/{application.pk}/dossier/"


def cover_text(pdf) -> str:
    first_document = pdf.get_destination_page_number(pdf.outline[1]) if len(pdf.outline) > 1 else 1
    return "\n".join(pdf.pages[i].extract_text() for i in range(first_document))


def test_dossier_has_a_bookmark_per_document_and_the_cover_facts(client):
    application = application_with_files()
    RotationRequestFactory(application=application)
    reviewer = ReviewerFactory(first_name="Rita", last_name="Reviewer")
    client.force_login(reviewer)

    response = client.get(dossier_url(application))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    pdf = reader(response_bytes(response))
    assert [item.title for item in pdf.outline] == [
        "Cover summary",
        "Medical school transcript: transcript.pdf",
        "Proof of graduation (diploma): diploma.png",
        "CV: cv.pdf",
        "Passport bio page: passport.jpg",
    ]
    starts = [pdf.get_destination_page_number(item) for item in pdf.outline]
    cover_pages = starts[1]
    # The transcript's two pages, one page per image, the CV's one page.
    assert starts[2:] == [cover_pages + 2, cover_pages + 3, cover_pages + 4]
    assert len(pdf.pages) == cover_pages + 5
    assert "Transcript of Amara (page 2)" in pdf.pages[cover_pages + 1].extract_text()
    cover = cover_text(pdf)
    for fact in (
        "Amara Okafor",
        "amara@example.com",
        "University of Lagos College of Medicine",
        "2022",
        "MBBS",
        "ECFMG certification",
        "In progress",
        "USMLE Step 1",
        "Pass",
        "Internal Medicine",
        "A residency in internal medicine.",
        "Submitted → Under review, by Carla Mendez",
        "recommendation: Strongly recommend",
        "Rotations",
        "Choice 1",
    ):
        assert fact in cover, fact
    assert "Unreadable" not in cover


def test_an_image_becomes_a_page_of_its_own(client):
    application = application_with_files()
    client.force_login(ReviewerFactory())

    pdf = reader(response_bytes(client.get(dossier_url(application))))

    diploma = next(item for item in pdf.outline if item.title.endswith("diploma.png"))
    page = pdf.pages[pdf.get_destination_page_number(diploma)]
    images = list(page.images)
    assert len(images) == 1
    assert images[0].image.size == (400, 300)


def test_damaged_files_are_listed_as_unreadable_and_the_rest_builds(client):
    application = application_with_files()
    damaged(application)
    client.force_login(ReviewerFactory())

    response = client.get(dossier_url(application))

    assert response.status_code == 200
    pdf = reader(response_bytes(response))
    assert len(pdf.outline) == 5  # the cover and the four readable documents
    cover = cover_text(pdf)
    assert "Unreadable documents (not included)" in cover
    assert "Other: scrambled.pdf" in cover
    assert "Damaged: the PDF cannot be read." in cover
    assert "USMLE transcript: usmle.png" in cover
    assert "Damaged: the image cannot be read." in cover
    assert "tb.pdf" in cover
    assert "Missing from storage." in cover


def test_the_download_is_in_the_activity_log_with_who(client):
    application = application_with_files()
    reviewer = ReviewerFactory()
    client.force_login(reviewer)

    response_bytes(client.get(dossier_url(application)))

    entry = ActivityLog.objects.get(verb="applications.dossier.downloaded")
    assert (entry.actor, entry.target, entry.person) == (
        reviewer,
        application,
        application.applicant,
    )
    page = client.get(f"/admin/applications/application/{application.pk}/change/")
    assert "Dossier downloaded" in page.content.decode()


def test_the_change_page_has_the_button(client):
    application = application_with_files()
    client.force_login(CoordinatorFactory())

    page = client.get(f"/admin/applications/application/{application.pk}/change/")

    assert f'href="{dossier_url(application)}" id="download-dossier"' in page.content.decode()


def test_staff_without_the_permission_is_refused_and_nothing_is_logged(client):
    application = application_with_files()
    client.force_login(StaffFactory())  # staff, in no group

    response = client.get(dossier_url(application))

    assert response.status_code == 403
    assert not ActivityLog.objects.filter(verb="applications.dossier.downloaded").exists()


def test_an_applicant_gets_the_admin_login_not_the_dossier(client):
    application = application_with_files()
    client.force_login(application.applicant)

    response = client.get(dossier_url(application))

    assert response.status_code == 302
    assert urlparse(response["Location"]).path == "/admin/login/"


def test_an_unknown_application_is_a_404(client):
    client.force_login(ReviewerFactory())

    assert client.get("/admin/applications/application/999999/dossier/").status_code == 404


def built_link(notification) -> str:
    return urlparse(notification.context["download_url"]).path


def test_a_large_application_is_built_by_the_task_and_its_link_works_once(
    client, settings, private_dir, django_capture_on_commit_callbacks
):
    settings.DOSSIER_INLINE_MAX_FILES = 3
    application = application_with_files()  # four files
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    documents_stored = stored_files(private_dir)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(dossier_url(application), follow=True)

    assert "is being built" in response.content.decode()
    build = DossierBuild.objects.get()
    assert (build.status, build.requested_by, build.bundle) == ("ready", coordinator, False)
    assert len(stored_files(private_dir)) == len(documents_stored) + 1
    assert not ActivityLog.objects.filter(verb="applications.dossier.downloaded").exists()
    email = Notification.objects.get(template="dossier_ready", recipient=coordinator)

    download = client.get(built_link(email))

    assert download.status_code == 200
    assert len(reader(response_bytes(download)).outline) == 5
    assert stored_files(private_dir) == documents_stored  # deleted once downloaded
    assert (
        ActivityLog.objects.filter(
            verb="applications.dossier.downloaded", actor=coordinator
        ).count()
        == 1
    )
    again = client.get(built_link(email), follow=True)
    assert "already downloaded or has expired" in again.content.decode()


def test_a_built_dossier_link_is_its_requesters_alone(
    client, settings, private_dir, django_capture_on_commit_callbacks
):
    settings.DOSSIER_INLINE_MAX_FILES = 1
    application = application_with_files()
    client.force_login(CoordinatorFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.get(dossier_url(application))
    link = built_link(Notification.objects.get(template="dossier_ready"))
    before = stored_files(private_dir)

    client.force_login(ReviewerFactory())
    response = client.get(link, follow=True)

    assert "sent to someone else" in response.content.decode()
    assert DossierBuild.objects.get().status == DossierBuildStatus.READY
    assert stored_files(private_dir) == before
    assert not ActivityLog.objects.filter(verb="applications.dossier.downloaded").exists()


def test_an_altered_link_says_so(client):
    client.force_login(ReviewerFactory())

    response = client.get("/admin/applications/application/dossiers/not-a-token/", follow=True)

    assert "This dossier link is not valid." in response.content.decode()


def test_an_expired_dossier_is_deleted_by_the_sweep(
    client, settings, private_dir, django_capture_on_commit_callbacks
):
    settings.DOSSIER_INLINE_MAX_FILES = 1
    application = application_with_files()
    client.force_login(CoordinatorFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.get(dossier_url(application))
    documents = len(stored_files(private_dir)) - 1
    link = built_link(Notification.objects.get(template="dossier_ready"))

    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_dossiers(now=timezone.now() + timedelta(hours=25)) == 1

    assert len(stored_files(private_dir)) == documents
    assert DossierBuild.objects.get().status == DossierBuildStatus.EXPIRED
    response = client.get(link, follow=True)
    assert "already downloaded or has expired" in response.content.decode()


def test_the_bulk_action_builds_a_zip_with_one_dossier_per_application(
    client, private_dir, django_capture_on_commit_callbacks
):
    first = application_with_files()
    second = ReviewableApplicationFactory(applicant=UserFactory(last_name="Second"))
    ReviewableApplicationFactory()  # not selected
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/applications/application/",
            {"action": "download_dossiers", "_selected_action": [first.pk, second.pk]},
            follow=True,
        )

    assert "being built into a ZIP" in response.content.decode()
    email = Notification.objects.get(template="dossier_ready", recipient=coordinator)
    assert "2 dossiers" in email.context["what"]
    download = client.get(built_link(email))
    assert download["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response_bytes(download))) as bundle:
        names = sorted(bundle.namelist())
        assert names == sorted(
            [
                f"dossier-{first.pk}-amara-okafor-{first.intake}.pdf",
                f"dossier-{second.pk}-{second.applicant.first_name.lower()}-second-"
                f"{second.intake}.pdf",
            ]
        )
        for name in names:
            assert reader(bundle.read(name)).outline[0].title == "Cover summary"
    logged = ActivityLog.objects.filter(verb="applications.dossier.downloaded", actor=coordinator)
    assert sorted(entry.object_id for entry in logged) == sorted([first.pk, second.pk])


def test_a_second_click_while_building_does_not_start_another_build(client, settings):
    settings.DOSSIER_INLINE_MAX_FILES = 1
    application = application_with_files()
    client.force_login(CoordinatorFactory())

    client.get(dossier_url(application))  # no worker runs: the first build is still going
    client.get(dossier_url(application))

    assert DossierBuild.objects.get().status == DossierBuildStatus.BUILDING


def test_a_built_dossier_downloads_under_the_applicants_name_but_is_stored_without_it(
    client, settings, django_capture_on_commit_callbacks
):
    settings.DOSSIER_INLINE_MAX_FILES = 1
    application = application_with_files()
    client.force_login(CoordinatorFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.get(dossier_url(application))
    build = DossierBuild.objects.get()
    assert "okafor" not in (build.filename + build.file.name).lower()

    download = client.get(built_link(Notification.objects.get(template="dossier_ready")))

    assert f'filename="dossier-{application.pk}-amara-okafor-' in download["Content-Disposition"]
    response_bytes(download)


def test_discarding_an_applicants_dossiers_deletes_the_built_files(
    client, settings, private_dir, django_capture_on_commit_callbacks
):
    settings.DOSSIER_INLINE_MAX_FILES = 1
    application = application_with_files()
    client.force_login(CoordinatorFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.get(dossier_url(application))
    documents = len(stored_files(private_dir)) - 1

    with django_capture_on_commit_callbacks(execute=True):
        assert discard_dossiers(user=application.applicant) == 1

    assert not DossierBuild.objects.exists()
    assert len(stored_files(private_dir)) == documents


def test_a_build_that_fails_is_marked_and_its_requester_told(
    client, settings, private_dir, django_capture_on_commit_callbacks
):
    settings.DOSSIER_INLINE_MAX_FILES = 1
    application = application_with_files()
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    client.get(dossier_url(application))  # queued; the worker has not run yet
    build = DossierBuild.objects.get()
    before = stored_files(private_dir)
    application.delete()  # gone before the worker came to it

    with pytest.raises(IndexError):
        build_dossier(build_id=build.pk)

    build.refresh_from_db()
    assert build.status == DossierBuildStatus.FAILED
    assert stored_files(private_dir) == before
    email = Notification.objects.get(template="dossier_failed", recipient=coordinator)
    assert email.context["admin_url"].endswith("/admin/applications/application/")
