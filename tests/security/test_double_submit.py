"""The same POST sent five times at once (a double click, a nervous refresh, a client that
retries) for each state change a person makes by a form or a link: exactly one change, one
audit entry, one email, and every answer is the success or a clear refusal, never a 500.

Each request runs in its own thread with its own database connection, released together by
a barrier, through the real URL, view, service and PostgreSQL row locks."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application, Interview, StatusChange
from hmc_portal.audit.models import ActivityLog
from hmc_portal.notifications.models import Notification
from rotations.enums import RequestStatus
from rotations.links import make_request_token
from rotations.models import RotationRequest
from tests.applications.interview_support import application_at, with_offer
from tests.factories import CompleteApplicantFactory, InterviewSlotFactory, RotationRequestFactory

pytestmark = pytest.mark.django_db(transaction=True)

TIMES = 5


@dataclass
class Case:
    """One form or link: who sends it, where, with what, and how its success and refusals
    read (any of `refusals` on the page a refused request ends on)."""

    url: str
    data: dict
    user: object | None
    verb: str
    template: str
    success: str
    refusals: tuple[str, ...]
    changed: Callable[[], bool]


def five_at_once(case: Case) -> list:
    """POST `case` TIMES times together; returns the responses (followed to their page).
    An exception in a view (a 500) is re-raised by the test client and fails the test."""
    barrier = threading.Barrier(TIMES)
    responses: list = []
    errors: list[BaseException] = []

    def send():
        try:
            client = Client()
            if case.user is not None:
                client.force_login(case.user)
            connection.ensure_connection()  # connect first: only the requests race
            barrier.wait(timeout=30)
            responses.append(client.post(case.url, case.data, follow=True))
        except BaseException as error:  # noqa: BLE001 - collected and asserted on
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(TIMES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    assert errors == []
    return responses


def counts(case: Case) -> tuple[int, int]:
    return (
        ActivityLog.objects.filter(verb=case.verb).count(),
        Notification.objects.filter(template=case.template).count(),
    )


def submit_application() -> Case:
    applicant = CompleteApplicantFactory()
    application = applicant.applications.get()
    return Case(
        url="/apply/review/",
        data={"declaration": "on"},
        user=applicant,
        verb="applications.application.status_changed",
        template="application_submitted",
        success="Your application was submitted.",
        refusals=(
            "Your application has been submitted and can no longer be changed.",
            "This application is already submitted: nothing was changed.",
        ),
        changed=lambda: (
            StatusChange.objects.filter(application=application, to_status="submitted").count() == 1
        ),
    )


def accept_offer() -> Case:
    application = with_offer(timezone.now() + datetime.timedelta(days=7))
    return Case(
        url="/dashboard/offer/accept/",
        data={},
        user=application.applicant,
        verb="applications.application.status_changed",
        template="status_confirmed",
        success="You accepted your offer. Welcome!",
        refusals=(
            "There is no offer to answer.",
            "There is no open offer to answer on this application.",
        ),
        changed=lambda: (
            StatusChange.objects.filter(application=application, to_status="confirmed").count() == 1
        ),
    )


def confirm_rotation_request() -> Case:
    rotation_request = RotationRequestFactory(rotation__capacity=3)
    RotationRequestFactory(application=rotation_request.application, rank=2)  # not enrolled yet
    token = make_request_token(rotation_request=rotation_request)
    return Case(
        url=f"/preceptor/respond/{token}/",
        data={"confirm": "Confirm this observer"},
        user=None,  # the one-click link from the email, not logged in
        verb="rotations.request.confirmed",
        template="rotation_request_confirmed",
        success="observes with you.",
        refusals=(
            "This link was used already: the request is confirmed.",
            "This request is confirmed already; there is nothing to confirm.",
        ),
        changed=lambda: (
            RotationRequest.objects.get(pk=rotation_request.pk).status == RequestStatus.CONFIRMED
            and RotationRequest.objects.get(pk=rotation_request.pk).rotation.confirmed_count == 1
        ),
    )


def pick_interview_slot() -> Case:
    applicant = CompleteApplicantFactory()
    application = applicant.applications.get()
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.INTERVIEW)
    slot = InterviewSlotFactory(application=application)
    return Case(
        url="/dashboard/interview/pick/",
        data={"slot": slot.pk},
        user=applicant,
        verb="applications.interview.slot_picked",
        template="interview_invitation",
        success="We have emailed you the invitation with a calendar file.",
        refusals=("This time is no longer available.",),
        changed=lambda: Interview.objects.filter(application=application).count() == 1,
    )


def withdraw() -> Case:
    application = application_at("submitted")
    return Case(
        url="/dashboard/withdraw/",
        data={"reason": "I found a research position."},
        user=application.applicant,
        verb="applications.application.status_changed",
        template="application_withdrawn",
        success="Your application was withdrawn.",
        refusals=(
            "There is no application you can withdraw.",
            "This application is already withdrawn: nothing was changed.",
        ),
        changed=lambda: (
            StatusChange.objects.filter(application=application, to_status="withdrawn").count() == 1
        ),
    )


def ask_for_a_letter() -> Case:
    from preceptors.models import LetterRequest
    from tests.preceptors.letters_support import LETTER_ID, finished_block

    block = finished_block()
    return Case(
        url="/dashboard/letters/",
        data={
            "block": block.pk,
            "eras_letter_id": LETTER_ID,
            "specialty": "Internal Medicine",
            "due_date": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
            "waiver": "waive",
        },
        user=block.application.applicant,
        verb="preceptors.letter.requested",
        template="letter_requested",
        success="Your request is sent. We email you when the preceptor answers.",
        refusals=("You have asked this preceptor for a letter for Internal Medicine already.",),
        changed=lambda: LetterRequest.objects.filter(application=block.application).count() == 1,
    )


def accept_a_letter_request() -> Case:
    from preceptors.letters.links import make_letter_token
    from preceptors.models import LetterRequest
    from tests.preceptors.letters_support import ask, finished_block

    letter_request = ask(finished_block())
    token = make_letter_token(letter_request=letter_request)
    return Case(
        url=f"/preceptor/letters/respond/{token}/",
        data={"accept": "Accept: I will write the letter"},
        user=None,  # the one-time link from the email, not logged in
        verb="preceptors.letter.accepted",
        template="letter_accepted",
        success="You accepted to write a letter for",
        refusals=(
            "This link was used already: the letter request is accepted.",
            "This letter request was answered already: it is accepted.",
        ),
        changed=lambda: LetterRequest.objects.get(pk=letter_request.pk).status == "accepted",
    )


@pytest.mark.parametrize(
    "arrange",
    [
        submit_application,
        accept_offer,
        confirm_rotation_request,
        pick_interview_slot,
        withdraw,
        ask_for_a_letter,
        accept_a_letter_request,
    ],
    ids=lambda arrange: arrange.__name__,
)
def test_the_same_post_five_times_at_once_changes_once(arrange):
    case = arrange()
    logged_before, queued_before = counts(case)
    mail.outbox.clear()

    responses = five_at_once(case)

    pages = [response.content.decode() for response in responses]
    assert [response.status_code for response in responses if response.status_code >= 500] == []
    assert sum(case.success in page for page in pages) == 1
    refused = [page for page in pages if case.success not in page]
    assert [any(words in page for words in case.refusals) for page in refused] == [True] * 4
    assert case.changed()
    assert counts(case) == (logged_before + 1, queued_before + 1)
    email = Notification.objects.filter(template=case.template).latest("created_at")
    assert [(m.to, m.extra_headers["Message-ID"]) for m in mail.outbox] == [
        ([email.to_email], email.message_id)
    ]
