"""Reviewer vs coordinator on every review action: the predicates, the services, the admin
buttons, and the admin URLs and actions when called anyway."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from applications import permissions, services
from applications.enums import ApplicationStatus, DocumentStatus
from applications.models import Application, Document, InternalNote
from hmc_portal.users.enums import StaffGroup
from tests.factories import (
    CoordinatorFactory,
    ReviewableApplicationFactory,
    ReviewerFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = ApplicationStatus
CHANGELIST = "/admin/applications/application/"

REVIEWER_PERMISSIONS = {
    "applications.view_application",
    "applications.view_applicantprofile",
    "applications.view_applicationspecialty",
    "applications.view_document",
    "applications.change_document",
    "applications.view_statuschange",
    "applications.view_internalnote",
    "applications.add_internalnote",
    "applications.view_interview",
    "applications.change_interview",
    "applications.view_interviewslot",
    "notifications.view_notification",
}
COORDINATOR_ONLY = {
    "applications.change_status",
    "applications.add_interview",
    "applications.add_interviewslot",
    "applications.change_interviewslot",
    "applications.delete_interviewslot",
    "notifications.resend_notification",
}


def group_permissions(name: str) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=name).permissions.select_related("content_type")
    }


def test_the_groups_hold_their_permissions():
    # Other features (rotations) add to the groups later: these must be among them.
    assert group_permissions(StaffGroup.REVIEWER) >= REVIEWER_PERMISSIONS
    assert not COORDINATOR_ONLY & group_permissions(StaffGroup.REVIEWER)
    assert group_permissions(StaffGroup.COORDINATOR) >= REVIEWER_PERMISSIONS | COORDINATOR_ONLY


def superuser():
    return StaffFactory(is_superuser=True)


ROLES = {
    "reviewer": ReviewerFactory,
    "coordinator": CoordinatorFactory,
    "superuser": superuser,
    "staff without a group": StaffFactory,
    "applicant": UserFactory,
}
# role: (can_review, can_change_status, can_schedule_interviews, can_record_interview_outcome)
EXPECTED = {
    "reviewer": (True, False, False, True),
    "coordinator": (True, True, True, True),
    "superuser": (True, True, True, True),
    "staff without a group": (False, False, False, False),
    "applicant": (False, False, False, False),
}


@pytest.mark.parametrize("role", list(ROLES))
def test_predicates_per_role(role):
    user = ROLES[role]()

    assert (
        permissions.can_review(user),
        permissions.can_change_status(user),
        permissions.can_schedule_interviews(user),
        permissions.can_record_interview_outcome(user),
    ) == EXPECTED[role]


def test_an_inactive_coordinator_may_do_nothing():
    user = CoordinatorFactory(is_active=False)

    assert not permissions.can_review(user)
    assert not permissions.can_change_status(user)


def test_allowed_status_moves_follow_the_lifecycle_and_the_role():
    application = ReviewableApplicationFactory(status=S.INTERVIEW)

    assert permissions.allowed_status_moves(CoordinatorFactory(), application) == [
        S.WAITLISTED,
        S.ACCEPTED,
        S.REJECTED,
    ]
    assert permissions.allowed_status_moves(ReviewerFactory(), application) == []


# --- Services -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (S.SUBMITTED, S.UNDER_REVIEW),
        (S.UNDER_REVIEW, S.INTERVIEW),
        (S.INTERVIEW, S.ACCEPTED),
        (S.INTERVIEW, S.WAITLISTED),
        (S.INTERVIEW, S.REJECTED),
        (S.CONFIRMED, S.ENROLLED),
        (S.ENROLLED, S.COMPLETED),
    ],
)
def test_a_reviewer_cannot_change_the_status(source, target):
    application = ReviewableApplicationFactory(status=source, documents="verified")

    with pytest.raises(services.NotAllowed):
        services.change_status(application=application, to=target, by=ReviewerFactory())

    application.refresh_from_db()
    assert (application.status, application.offer_expires_at) == (source, None)
    assert application.status_changes.count() == 0
    assert mail.outbox == []


def test_a_reviewer_cannot_schedule_interviews_but_records_their_outcome():
    reviewer, coordinator = ReviewerFactory(), CoordinatorFactory()

    assert not permissions.can_schedule_interviews(reviewer)
    assert permissions.can_record_interview_outcome(reviewer)
    assert permissions.can_schedule_interviews(coordinator)


@pytest.mark.parametrize("role", ["reviewer", "coordinator"])
def test_reviewers_and_coordinators_review_documents_and_write_notes(role):
    user = ROLES[role]()
    application = ReviewableApplicationFactory()
    cv, passport = application.documents.get(kind="cv"), application.documents.get(kind="passport")

    services.verify_document(document=cv, by=user)
    services.reject_document(document=passport, by=user, reason="Cut off")
    services.add_internal_note(application=application, by=user, body="Checked.")

    assert Document.objects.get(pk=cv.pk).status == DocumentStatus.VERIFIED
    assert Document.objects.get(pk=passport.pk).status == DocumentStatus.REJECTED
    assert InternalNote.objects.get().author == user


@pytest.mark.parametrize("role", ["staff without a group", "applicant"])
def test_others_cannot_review(role):
    user = ROLES[role]()
    application = ReviewableApplicationFactory()
    cv = application.documents.get(kind="cv")

    with pytest.raises(services.NotAllowed):
        services.verify_document(document=cv, by=user)
    with pytest.raises(services.NotAllowed):
        services.reject_document(document=cv, by=user, reason="No")
    with pytest.raises(services.NotAllowed):
        services.add_internal_note(application=application, by=user, body="Hi")
    with pytest.raises(services.NotAllowed):
        services.change_status(application=application, to=S.UNDER_REVIEW, by=user)

    assert Document.objects.get(pk=cv.pk).status == DocumentStatus.PENDING
    assert InternalNote.objects.count() == 0
    assert Application.objects.get(pk=application.pk).status == S.SUBMITTED


# --- Admin --------------------------------------------------------------------------------


def change_page(client, user, application) -> str:
    client.force_login(user)
    url = reverse("admin:applications_application_change", args=[application.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_admin_page_of_a_reviewer_has_review_buttons_but_no_status_buttons(client):
    application = ReviewableApplicationFactory(status=S.UNDER_REVIEW)

    html = change_page(client, ReviewerFactory(), application)

    assert "/move/" not in html
    assert "Only a coordinator can change the status." in html
    assert html.count('class="review-verify"') == 4
    assert 'form="internal-note-form"' in html


def test_admin_page_of_a_coordinator_has_the_status_buttons(client):
    application = ReviewableApplicationFactory(status=S.UNDER_REVIEW)

    html = change_page(client, CoordinatorFactory(), application)

    for to in ("interview", "accepted", "waitlisted", "rejected"):
        assert reverse("admin:applications_application_move", args=[application.pk, to]) in html


def test_admin_changelist_of_a_reviewer_offers_no_status_actions(client):
    ReviewableApplicationFactory()
    client.force_login(ReviewerFactory())

    html = client.get(CHANGELIST).content.decode()

    assert 'value="export_selected_csv"' in html
    assert "move_to_" not in html


def test_admin_changelist_of_a_coordinator_offers_every_status_action(client):
    ReviewableApplicationFactory()
    client.force_login(CoordinatorFactory())

    html = client.get(CHANGELIST).content.decode()

    for to in ("under_review", "interview", "accepted", "waitlisted", "rejected", "enrolled"):
        assert f'value="move_to_{to}"' in html


def test_admin_move_url_refuses_a_reviewer(client):
    application = ReviewableApplicationFactory(status=S.INTERVIEW, documents="verified")
    client.force_login(ReviewerFactory())
    url = reverse("admin:applications_application_move", args=[application.pk, "accepted"])

    shown = client.get(url)
    posted = client.post(url, {"note": ""})

    assert (shown.status_code, posted.status_code) == (403, 403)
    assert Application.objects.get(pk=application.pk).status == S.INTERVIEW


def test_admin_bulk_action_refuses_a_reviewer(client):
    application = ReviewableApplicationFactory(status=S.UNDER_REVIEW)
    client.force_login(ReviewerFactory())

    response = client.post(
        CHANGELIST,
        {
            "action": "move_to_rejected",
            "_selected_action": [application.pk],
            "post": "yes",
            "note": "",
        },
        follow=True,
    )

    assert "No action selected." in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == S.UNDER_REVIEW
    assert mail.outbox == []


def test_admin_review_urls_refuse_staff_without_a_group(client):
    application = ReviewableApplicationFactory()
    cv = application.documents.get(kind="cv")
    client.force_login(StaffFactory())

    responses = [
        client.get(CHANGELIST),
        client.post(reverse("admin:applications_document_verify", args=[cv.pk])),
        client.post(reverse("admin:applications_document_reject", args=[cv.pk]), {"reason": "No"}),
        client.post(
            reverse("admin:applications_application_add_note", args=[application.pk]),
            {"body": "Hi"},
        ),
        client.get(reverse("admin:applications_application_export")),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403, 403, 403]
    assert Document.objects.get(pk=cv.pk).status == DocumentStatus.PENDING
    assert InternalNote.objects.count() == 0


def test_a_reviewer_verifies_through_the_admin(client):
    cv = ReviewableApplicationFactory().documents.get(kind="cv")
    client.force_login(ReviewerFactory())

    client.post(reverse("admin:applications_document_verify", args=[cv.pk]))

    assert Document.objects.get(pk=cv.pk).status == DocumentStatus.VERIFIED


def test_document_admin_actions_per_role(client):
    ReviewableApplicationFactory()

    client.force_login(ReviewerFactory())
    reviewer_html = client.get("/admin/applications/document/").content.decode()

    assert 'value="verify_selected"' in reviewer_html
    assert 'value="reject_selected"' in reviewer_html


def test_only_a_coordinator_gets_the_interview_scheduling_links(client):
    application = ReviewableApplicationFactory(status=S.INTERVIEW)
    schedule = reverse("admin:applications_interview_add") + f"?application={application.pk}"

    coordinator_html = change_page(client, CoordinatorFactory(), application)
    reviewer_html = change_page(client, ReviewerFactory(), application)

    assert f'href="{schedule}"' in coordinator_html
    assert schedule not in reviewer_html
