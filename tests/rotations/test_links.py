"""The preceptor's one-click link: a GET shows, a POST answers; expired, used, altered links
and another preceptor's are refused with a page that says why, changing nothing."""

import pytest

from hmc_portal.users.tokens import make_verification_token
from rotations.enums import RequestStatus
from rotations.links import make_request_token, request_link_url
from rotations.models import Rotation, RotationRequest
from tests.factories import PreceptorFactory, RotationFactory, RotationRequestFactory

pytestmark = pytest.mark.django_db


def link(request) -> str:
    return f"/preceptor/respond/{make_request_token(request=request)}/"


def unchanged(request) -> bool:
    fresh = RotationRequest.objects.get(pk=request.pk)
    return (fresh.status, fresh.link_nonce, fresh.responded_at) == (
        RequestStatus.REQUESTED,
        request.link_nonce,
        None,
    )


def test_the_email_link_is_absolute_on_the_site_url(settings):
    settings.SITE_URL = "https://portal.example.org"
    request = RotationRequestFactory()

    url = request_link_url(request=request)

    assert url.startswith("https://portal.example.org/preceptor/respond/")


def test_opening_the_link_shows_the_request_and_changes_nothing(client):
    request = RotationRequestFactory(
        application__applicant__first_name="Amina", application__applicant__last_name="Yusuf"
    )

    response = client.get(link(request))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Amina Yusuf asks to observe with you" in html
    assert 'name="confirm"' in html
    assert 'name="decline"' in html
    assert unchanged(request)


def test_confirming_by_the_link_works_once(client):
    request = RotationRequestFactory()
    url = link(request)

    first = client.post(url, {"confirm": "Confirm this observer"})
    again = client.post(url, {"confirm": "Confirm this observer"})
    reopened = client.get(url)

    request.refresh_from_db()
    assert first.status_code == 200
    assert "Confirmed:" in first.content.decode()
    assert (request.status, request.responded_by) == (
        RequestStatus.CONFIRMED,
        request.rotation.preceptor.user,
    )
    assert again.status_code == 410
    assert "This link was used already" in again.content.decode()
    assert reopened.status_code == 410
    assert Rotation.objects.get().confirmed_count == 1


def test_declining_by_the_link_needs_a_reason(client):
    request = RotationRequestFactory()
    url = link(request)

    refused = client.post(url, {"decline": "Decline", "reason": ""})
    assert refused.status_code == 400
    assert unchanged(request)

    done = client.post(url, {"decline": "Decline", "reason": "On leave that month."})

    request.refresh_from_db()
    assert done.status_code == 200
    assert (request.status, request.decline_reason) == (
        RequestStatus.DECLINED,
        "On leave that month.",
    )
    assert client.post(url, {"confirm": "Confirm"}).status_code == 410


def test_an_expired_link_is_refused(client, settings):
    request = RotationRequestFactory()
    url = link(request)
    settings.ROTATION_LINK_MAX_AGE = -1  # every link is older than that

    shown = client.get(url)
    posted = client.post(url, {"confirm": "Confirm"})

    assert shown.status_code == posted.status_code == 410
    assert "This link has expired" in shown.content.decode()
    assert unchanged(request)


def test_a_tampered_link_is_refused(client):
    request = RotationRequestFactory()
    token = make_request_token(request=request)
    value, signature = token.rsplit(":", 1)
    forged = f"{value}:{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"
    other = RotationRequestFactory()
    # A genuine signature on another request's data does not open this one either.
    swapped = f"{make_request_token(request=other).rsplit(':', 1)[0]}:{signature}"

    for bad in (forged, swapped, "not-a-token", make_verification_token(user_id=1, email="a@b.c")):
        response = client.post(f"/preceptor/respond/{bad}/", {"confirm": "Confirm"})
        assert response.status_code == 404, bad
        assert "This link does not work" in response.content.decode()
    assert unchanged(request)
    assert unchanged(other)


def test_another_preceptors_link_is_refused_when_logged_in_as_a_preceptor(client):
    request = RotationRequestFactory()
    client.force_login(PreceptorFactory().user)

    shown = client.get(link(request))
    posted = client.post(link(request), {"confirm": "Confirm"})

    assert shown.status_code == posted.status_code == 404
    assert "This link is for another preceptor" in shown.content.decode()
    assert unchanged(request)


def test_a_link_sent_to_the_previous_preceptor_of_a_reassigned_rotation_is_refused(client):
    request = RotationRequestFactory()
    url = link(request)
    Rotation.objects.filter(pk=request.rotation_id).update(preceptor=PreceptorFactory())

    response = client.post(url, {"confirm": "Confirm"})

    assert response.status_code == 404
    assert "sent to another preceptor" in response.content.decode()
    assert unchanged(request)


def test_the_rotations_own_preceptor_may_be_logged_in(client):
    request = RotationRequestFactory()
    client.force_login(request.rotation.preceptor.user)

    response = client.post(link(request), {"confirm": "Confirm"})

    assert response.status_code == 200
    assert RotationRequest.objects.get().status == RequestStatus.CONFIRMED


def test_a_full_rotation_puts_the_link_confirmation_on_the_waiting_list(client):
    rotation = RotationFactory(capacity=1)
    RotationRequestFactory(rotation=rotation, status=RequestStatus.CONFIRMED)
    Rotation.objects.filter(pk=rotation.pk).update(confirmed_count=1)
    request = RotationRequestFactory(rotation=rotation)

    response = client.post(link(request), {"confirm": "Confirm"})

    assert "is on its waiting list" in response.content.decode()
    assert RotationRequest.objects.get(pk=request.pk).status == RequestStatus.WAITLISTED
