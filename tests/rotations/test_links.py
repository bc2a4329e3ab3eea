"""The preceptor's one-click link: a GET shows, a POST answers; expired, used, altered links
and another preceptor's are refused with a page that says why, changing nothing."""

import pytest

from hmc_portal.users.tokens import make_verification_token
from rotations.enums import RequestStatus
from rotations.links import make_request_token, request_link_url
from rotations.models import Rotation, RotationRequest
from tests.factories import PreceptorFactory, RotationFactory, RotationRequestFactory

pytestmark = pytest.mark.django_db


def link(rotation_request) -> str:
    return f"/preceptor/respond/{make_request_token(rotation_request=rotation_request)}/"


def unchanged(rotation_request) -> bool:
    fresh = RotationRequest.objects.get(pk=rotation_request.pk)
    return (fresh.status, fresh.link_nonce, fresh.responded_at) == (
        RequestStatus.REQUESTED,
        rotation_request.link_nonce,
        None,
    )


def test_the_email_link_is_absolute_on_the_site_url(settings):
    settings.SITE_URL = "https://portal.example.org"
    rotation_request = RotationRequestFactory()

    url = request_link_url(rotation_request=rotation_request)

    assert url.startswith("https://portal.example.org/preceptor/respond/")


def test_opening_the_link_shows_the_request_and_changes_nothing(client):
    rotation_request = RotationRequestFactory(
        application__applicant__first_name="Amina", application__applicant__last_name="Yusuf"
    )

    response = client.get(link(rotation_request))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Amina Yusuf asks to observe with you" in html
    assert 'name="confirm"' in html
    assert 'name="decline"' in html
    assert unchanged(rotation_request)


def test_confirming_by_the_link_works_once(client):
    rotation_request = RotationRequestFactory()
    url = link(rotation_request)

    first = client.post(url, {"confirm": "Confirm this observer"})
    again = client.post(url, {"confirm": "Confirm this observer"})
    reopened = client.get(url)

    rotation_request.refresh_from_db()
    assert first.status_code == 200
    assert "Confirmed:" in first.content.decode()
    assert (rotation_request.status, rotation_request.responded_by) == (
        RequestStatus.CONFIRMED,
        rotation_request.rotation.preceptor.user,
    )
    assert again.status_code == 410
    assert "This link was used already" in again.content.decode()
    assert reopened.status_code == 410
    assert Rotation.objects.get().confirmed_count == 1


def test_declining_by_the_link_needs_a_reason(client):
    rotation_request = RotationRequestFactory()
    url = link(rotation_request)

    refused = client.post(url, {"decline": "Decline", "reason": ""})
    assert refused.status_code == 400
    assert unchanged(rotation_request)

    done = client.post(url, {"decline": "Decline", "reason": "On leave that month."})

    rotation_request.refresh_from_db()
    assert done.status_code == 200
    assert (rotation_request.status, rotation_request.decline_reason) == (
        RequestStatus.DECLINED,
        "On leave that month.",
    )
    assert client.post(url, {"confirm": "Confirm"}).status_code == 410


def test_an_expired_link_is_refused(client, settings):
    rotation_request = RotationRequestFactory()
    url = link(rotation_request)
    settings.ROTATION_LINK_MAX_AGE = -1  # every link is older than that

    shown = client.get(url)
    posted = client.post(url, {"confirm": "Confirm"})

    assert shown.status_code == posted.status_code == 410
    assert "This link has expired" in shown.content.decode()
    assert unchanged(rotation_request)


def test_a_tampered_link_is_refused(client):
    rotation_request = RotationRequestFactory()
    token = make_request_token(rotation_request=rotation_request)
    value, signature = token.rsplit(":", 1)
    forged = f"{value}:{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"
    other = RotationRequestFactory()
    # A genuine signature on another request's data does not open this one either.
    swapped = f"{make_request_token(rotation_request=other).rsplit(':', 1)[0]}:{signature}"

    for bad in (forged, swapped, "not-a-token", make_verification_token(user_id=1, email="a@b.c")):
        response = client.post(f"/preceptor/respond/{bad}/", {"confirm": "Confirm"})
        assert response.status_code == 404, bad
        assert "This link does not work" in response.content.decode()
    assert unchanged(rotation_request)
    assert unchanged(other)


def test_another_preceptors_link_is_refused_when_logged_in_as_a_preceptor(client):
    rotation_request = RotationRequestFactory()
    client.force_login(PreceptorFactory().user)

    shown = client.get(link(rotation_request))
    posted = client.post(link(rotation_request), {"confirm": "Confirm"})

    assert shown.status_code == posted.status_code == 404
    assert "This link is for another preceptor" in shown.content.decode()
    assert unchanged(rotation_request)


def test_a_link_sent_to_the_previous_preceptor_of_a_reassigned_rotation_is_refused(client):
    rotation_request = RotationRequestFactory()
    url = link(rotation_request)
    Rotation.objects.filter(pk=rotation_request.rotation_id).update(preceptor=PreceptorFactory())

    response = client.post(url, {"confirm": "Confirm"})

    assert response.status_code == 404
    assert "sent to another preceptor" in response.content.decode()
    assert unchanged(rotation_request)


def test_the_rotations_own_preceptor_may_be_logged_in(client):
    rotation_request = RotationRequestFactory()
    client.force_login(rotation_request.rotation.preceptor.user)

    response = client.post(link(rotation_request), {"confirm": "Confirm"})

    assert response.status_code == 200
    assert RotationRequest.objects.get().status == RequestStatus.CONFIRMED


def test_a_full_rotation_puts_the_link_confirmation_on_the_waiting_list(client):
    rotation = RotationFactory(capacity=1)
    RotationRequestFactory(rotation=rotation, status=RequestStatus.CONFIRMED)
    Rotation.objects.filter(pk=rotation.pk).update(confirmed_count=1)
    rotation_request = RotationRequestFactory(rotation=rotation)

    response = client.post(link(rotation_request), {"confirm": "Confirm"})

    assert "is on its waiting list" in response.content.decode()
    assert RotationRequest.objects.get(pk=rotation_request.pk).status == RequestStatus.WAITLISTED
