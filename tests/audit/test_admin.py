"""The activity log in admin: an object's History, the applicant's activity on the
application page, the log itself; and the admin writes that now go through a service and
leave an entry (publishing, preceptors, applicant profiles, staff groups, emails)."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications import services as application_services
from hmc_portal.audit.models import ActivityLog
from hmc_portal.audit.selectors import log_for
from hmc_portal.audit.services import log_action
from hmc_portal.notifications.enums import NotificationStatus
from preceptors.models import Preceptor
from rotations.models import Rotation
from tests.applications.interview_support import coordinator, reviewer, under_review
from tests.factories import (
    InterviewFactory,
    NotificationFactory,
    PreceptorFactory,
    ReviewableApplicationFactory,
    RotationFactory,
    SpecialtyFactory,
    StaffFactory,
    UserFactory,
)

from .support import admin_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return UserFactory(is_staff=True, is_superuser=True, first_name="Ada", last_name="Admin")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def application_url(application, page="change"):
    return f"/admin/applications/application/{application.pk}/{page}/"


# --- reading the log ----------------------------------------------------------------------------


def test_the_history_of_an_application_shows_its_log(client):
    application = under_review(first_name="Amina")
    staff = coordinator(first_name="Cora", last_name="Coordinator")
    application_services.change_status(
        application=application, to="rejected", by=staff, note="Not this intake."
    )
    client.force_login(reviewer())

    html = client.get(application_url(application, "history")).content.decode()

    activity = html[html.index('id="activity-log"') :]
    assert "Status changed" in activity
    assert "Cora Coordinator" in activity
    assert "from: under_review; to: rejected; note: Not this intake." in activity
    assert activity.index("to: rejected") < activity.index("to: under_review")  # newest first
    assert "The system" in activity  # the moves made by nobody before


def test_the_history_and_the_page_of_a_document_show_its_log(client):
    document = ReviewableApplicationFactory().documents.first()
    staff = reviewer(first_name="Rita", last_name="Reviewer")
    application_services.reject_document(document=document, by=staff, reason="Blurred scan.")
    client.force_login(staff)

    history = client.get(f"/admin/applications/document/{document.pk}/history/")
    page = client.get(f"/admin/applications/document/{document.pk}/change/")

    for html in (history.content.decode(), page.content.decode()):
        assert "Document rejected" in html
        assert "Rita Reviewer" in html
        assert "reason: Blurred scan." in html


def test_the_history_needs_the_right_to_see_the_object(client):
    application = ReviewableApplicationFactory()
    client.force_login(StaffFactory())

    assert client.get(application_url(application, "history")).status_code == 403


def test_the_application_page_lists_everything_that_happened_to_the_applicant(client):
    application = ReviewableApplicationFactory()
    applicant = application.applicant
    document = application.documents.first()
    staff = reviewer(first_name="Rita", last_name="Reviewer")
    application_services.verify_document(document=document, by=staff)
    application_services.add_internal_note(application=application, by=staff, body="Strong.")
    other = ReviewableApplicationFactory()
    application_services.verify_document(document=other.documents.first(), by=staff)
    client.force_login(staff)

    html = client.get(application_url(application)).content.decode()

    activity = html[html.index('id="applicant-activity"') : html.index('id="emails-to-applicant"')]
    assert activity.count("Rita Reviewer") == 2  # not the other applicant's document
    assert activity.index("Internal note added") < activity.index("Document verified")
    assert f'href="/admin/applications/document/{document.pk}/change/"' in activity
    assert f"Application #{application.pk}" in activity
    assert list(ActivityLog.objects.filter(person=applicant).values_list("verb", flat=True)) == [
        "applications.note.added",
        "applications.document.verified",
    ]


def test_the_applicants_activity_is_for_staff_who_may_read_the_log(client):
    application = ReviewableApplicationFactory()
    viewer = StaffFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_application"))
    client.force_login(viewer)

    html = client.get(application_url(application)).content.decode()

    assert 'id="applicant-activity"' not in html


def test_the_application_page_query_count_does_not_grow_with_the_log(
    client, django_assert_num_queries
):
    application = ReviewableApplicationFactory()
    client.force_login(reviewer())

    def entries(count):
        for _ in range(count):
            log_action(
                application,
                "applications.note.added",
                by=StaffFactory(),
                person=application.applicant,
                data={"note": 1},
            )

    entries(1)
    client.get(application_url(application))  # warm up: the session, the content types
    with CaptureQueriesContext(connection) as one:
        client.get(application_url(application))
    entries(2)

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(application_url(application))

    assert response.content.decode().count("Internal note added") == 3


def test_the_log_in_admin_is_read_only_and_filters_by_verb(admin_client):
    application = ReviewableApplicationFactory()
    log_action(application, "applications.note.added", by=None, person=application.applicant)
    log_action(application, "applications.application.status_changed", by=None)

    listing = admin_client.get("/admin/audit/activitylog/?verb=applications.note.added")
    add = admin_client.get("/admin/audit/activitylog/add/")

    assert [entry.verb for entry in listing.context["cl"].result_list] == [
        "applications.note.added"
    ]
    assert f'href="/admin/applications/application/{application.pk}/change/"' in (
        listing.content.decode()
    )
    assert add.status_code == 403


def test_the_log_in_admin_is_searched_by_the_email_of_who_or_whom(admin_client):
    application = ReviewableApplicationFactory(applicant__email="amina@example.com")
    log_action(application, "applications.note.added", by=None, person=application.applicant)
    log_action(application, "applications.note.added", by=None)

    listing = admin_client.get("/admin/audit/activitylog/?q=amina@example.com")

    assert [entry.person for entry in listing.context["cl"].result_list] == [application.applicant]


def test_the_interview_page_shows_who_recorded_the_outcome(client):
    interview = InterviewFactory(starts_at=timezone.now() - datetime.timedelta(hours=2))
    staff = reviewer(first_name="Rita", last_name="Reviewer")
    application_services.record_interview_outcome(interview=interview, by=staff, status="no_show")
    client.force_login(staff)

    html = client.get(f"/admin/applications/interview/{interview.pk}/change/").content.decode()

    assert "Outcome recorded by" in html
    assert "Rita Reviewer" in html


# --- admin writes through the services ---------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "published", "verb"),
    [
        ("publish", True, "rotations.rotation.published"),
        ("unpublish", False, "rotations.rotation.unpublished"),
    ],
)
def test_publishing_in_the_admin_logs_each_rotation_changed(client, action, published, verb):
    changing = RotationFactory(published=not published)
    unchanged = RotationFactory(published=published)
    staff = coordinator()
    client.force_login(staff)

    response = client.post(
        "/admin/rotations/rotation/",
        {"action": action, "_selected_action": [changing.pk, unchanged.pk]},
        follow=True,
    )

    assert f"1 rotation {action}ed." in response.content.decode()
    assert dict(Rotation.objects.values_list("pk", "published")) == {
        changing.pk: published,
        unchanged.pk: published,
    }
    assert [(e.verb, e.actor) for e in ActivityLog.objects.all()] == [(verb, staff)]
    assert list(log_for(changing)) == list(ActivityLog.objects.all())


def test_giving_a_preceptor_the_documents_in_the_admin_is_logged(admin_client, admin_user):
    preceptor = PreceptorFactory(may_view_documents=False, specialties=[SpecialtyFactory()])
    url = f"/admin/preceptors/preceptor/{preceptor.pk}/change/"
    data = admin_form_data(admin_client.get(url), may_view_documents=True)

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Preceptor.objects.get().may_view_documents is True
    assert [(e.verb, e.actor, e.person, e.data) for e in log_for(preceptor)] == [
        ("preceptors.preceptor.documents_access_granted", admin_user, preceptor.user, {}),
        (
            "preceptors.preceptor.updated",
            admin_user,
            preceptor.user,
            {"fields": ["may_view_documents"]},
        ),
    ]


@pytest.mark.parametrize("who", ["staff", "applicant"])
def test_a_staff_member_or_an_applicant_cannot_be_made_a_preceptor(admin_client, who):
    user = StaffFactory() if who == "staff" else ReviewableApplicationFactory().applicant
    form = admin_client.get("/admin/preceptors/preceptor/add/")
    data = admin_form_data(
        form,
        user=user.pk,
        title="MD",
        affiliation="Baylor College of Medicine",
        specialties=[str(SpecialtyFactory().pk)],
    )

    response = admin_client.post("/admin/preceptors/preceptor/add/", data)

    assert response.status_code == 200
    expected = (
        "A staff account cannot be a preceptor" if who == "staff" else "belongs to an applicant"
    )
    assert expected in str(response.context["adminform"].form.errors["user"])
    assert (
        Preceptor.objects.count(),
        ActivityLog.objects.filter(verb__startswith="preceptors").count(),
    ) == (0, 0)


def test_saving_an_applicant_profile_in_the_admin_goes_through_the_service(
    admin_client, admin_user
):
    application = ReviewableApplicationFactory()
    profile = application.applicant.applicant_profile
    url = f"/admin/applications/applicantprofile/{profile.pk}/change/"
    data = admin_form_data(admin_client.get(url), medical_school="University of Ibadan")

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    profile.refresh_from_db()
    assert profile.medical_school == "University of Ibadan"
    assert [(e.verb, e.actor, e.person, e.data) for e in log_for(profile)] == [
        (
            "applications.profile.updated",
            admin_user,
            application.applicant,
            {"fields": ["medical_school"]},
        )
    ]


def test_changing_staff_groups_in_the_admin_is_logged(admin_client, admin_user):
    staff = StaffFactory(groups=["Reviewer"])
    url = f"/admin/users/user/{staff.pk}/change/"
    coordinators = Group.objects.get(name="Coordinator")
    data = admin_form_data(admin_client.get(url), groups=[str(coordinators.pk)])

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(staff.groups.values_list("name", flat=True)) == ["Coordinator"]
    assert [(e.verb, e.actor, e.person, e.data) for e in log_for(staff)] == [
        (
            "users.user.groups_changed",
            admin_user,
            staff,
            {"added": ["Coordinator"], "removed": ["Reviewer"]},
        )
    ]


def test_a_staff_group_for_an_account_that_is_not_staff_is_a_form_error(admin_client):
    user = UserFactory()
    url = f"/admin/users/user/{user.pk}/change/"
    reviewers = Group.objects.get(name="Reviewer")
    data = admin_form_data(admin_client.get(url), groups=[str(reviewers.pk)])

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Only a staff account can be in the Reviewer group" in str(
        response.context["adminform"].form.errors["groups"]
    )
    assert (list(user.groups.all()), ActivityLog.objects.count()) == ([], 0)


def test_sending_an_email_again_in_the_admin_is_logged(client):
    failed = NotificationFactory(status=NotificationStatus.FAILED, attempts=5)
    staff = coordinator()
    client.force_login(staff)

    client.post(
        "/admin/notifications/notification/",
        {"action": "send_again", "_selected_action": [failed.pk]},
    )

    assert [(e.verb, e.actor) for e in log_for(failed)] == [
        ("notifications.notification.resent", staff)
    ]
