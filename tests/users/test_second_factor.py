"""The second factor: staff pass it before any page (admin included), preceptors may enrol,
applicants are never asked; enrolment, recovery codes, the throttle and a coordinator's
reset, each logged and, where the person must know, emailed."""

import base64
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from hmc_portal.audit.models import ActivityLog
from hmc_portal.demo_data import DEMO_TOTP_SECRET
from hmc_portal.notifications.models import Notification
from hmc_portal.users.models import User
from hmc_portal.users.second_factor import services
from tests.factories import (
    PASSWORD,
    CoordinatorFactory,
    PreceptorFactory,
    ReviewerFactory,
    StaffFactory,
    UserFactory,
)
from tests.support.otp import code_for, let_the_wait_pass, totp_device, wrong_code

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "/admin/",
    "/admin/applications/application/",
    "/admin/users/user/",
    "/admin/audit/activitylog/",
]


def verbs_about(user) -> list[str]:
    return list(
        ActivityLog.objects.filter(person=user).order_by("pk").values_list("verb", flat=True)
    )


def secret_on(html: str) -> bytes:
    """The key the set-up page shows for typing by hand, as the app would take it."""
    groups = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html).group(1)
    secret = groups.replace(" ", "")
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


def current_code(key: bytes) -> str:
    return f"{totp(key):06d}"


def recovery_codes_on(html: str) -> list[str]:
    return re.findall(r'<code class="fs-6">([a-z0-9-]+)</code>', html)


# --- staff must pass it -------------------------------------------------------------------


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_staff_without_an_app_cannot_open_any_admin_page(client, path):
    staff = CoordinatorFactory()
    client.force_login(staff, second_factor=False)

    response = client.get(path)
    followed = client.get(path, follow=True)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/two-factor/?next={path.replace('/', '%2F')}"
    assert followed.redirect_chain[-1][0].startswith("/accounts/two-factor/setup/")
    assert followed.templates[0].name == "users/two_factor/setup.html"


def test_staff_with_an_app_but_no_code_yet_are_asked_for_the_code(client):
    staff = StaffFactory()
    totp_device(staff)
    client.force_login(staff, second_factor=False)

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/two-factor/verify/?next=%2Fadmin%2F"
    assert "Enter the 6-digit code from your authenticator app." in response.content.decode()


def test_staff_pages_outside_admin_wait_for_the_second_factor_too(client):
    client.force_login(StaffFactory(), second_factor=False)

    assert client.get("/accounts/profile/")["Location"].startswith("/accounts/two-factor/")
    assert client.get("/dashboard/")["Location"].startswith("/accounts/two-factor/")


def test_the_admin_login_page_leads_to_the_code_step(client):
    staff = CoordinatorFactory()
    device = totp_device(staff)

    login = client.post(
        "/admin/login/?next=/admin/users/user/",
        {"username": staff.email, "password": PASSWORD, "next": "/admin/users/user/"},
        follow=True,
    )
    code = client.post(
        "/accounts/two-factor/verify/?next=/admin/users/user/", {"code": code_for(device)}
    )

    assert (
        login.redirect_chain[-1][0]
        == "/accounts/two-factor/verify/?next=%2Fadmin%2Fusers%2Fuser%2F"
    )
    assert code["Location"] == "/admin/users/user/"
    assert client.get("/admin/users/user/").status_code == 200
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_verified_session_opens_admin(client):
    staff = StaffFactory(is_superuser=True)
    client.force_login(staff)  # passes the second factor: tests/support/otp.py

    response = client.get("/admin/")

    assert response.status_code == 200
    assert response.context["user"].is_verified() is True


def test_a_wrong_code_on_the_code_step_is_refused_and_changes_nothing(client):
    staff = StaffFactory()
    device = totp_device(staff)
    client.force_login(staff, second_factor=False)

    response = client.post("/accounts/two-factor/verify/", {"code": wrong_code(device)})

    assert response.status_code == 200
    assert "That code is not right." in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get("/admin/").status_code == 302


def test_a_code_from_another_site_is_refused_as_next(client):
    staff = StaffFactory()
    device = totp_device(staff)
    client.force_login(staff, second_factor=False)

    response = client.post(
        "/accounts/two-factor/verify/?next=https://evil.example/", {"code": code_for(device)}
    )

    assert response["Location"] == "/admin/"


# --- enrolment ------------------------------------------------------------------------------


def test_the_setup_page_shows_a_qr_code_and_the_key_in_groups_of_four(client):
    staff = StaffFactory()
    client.force_login(staff, second_factor=False)

    html = client.get("/accounts/two-factor/setup/").content.decode()

    device = TOTPDevice.objects.get(user=staff)
    assert device.confirmed is False
    assert secret_on(html) == device.bin_key
    assert re.search(r'data-testid="totp-secret">([A-Z2-7]{4} )+[A-Z2-7]{1,4}<', html)
    assert re.search(
        r'<svg viewBox="0 0 \d+ \d+" class="qr"><title>QR code for your authenticator app</title>',
        html,
    )
    # The same key on a reload (the app may already have scanned it).
    assert secret_on(client.get("/accounts/two-factor/setup/").content.decode()) == device.bin_key


def test_enrolment_refuses_a_wrong_code(client):
    staff = StaffFactory()
    client.force_login(staff, second_factor=False)
    key = secret_on(client.get("/accounts/two-factor/setup/").content.decode())
    device = TOTPDevice.objects.get(user=staff)

    response = client.post("/accounts/two-factor/setup/", {"code": wrong_code(device)})

    device.refresh_from_db()
    assert response.status_code == 200
    assert "That code is not right." in response.content.decode()
    assert secret_on(response.content.decode()) == key  # the same key to try again
    assert device.confirmed is False
    assert StaticDevice.objects.filter(user=staff).exists() is False
    assert verbs_about(staff) == []
    assert Notification.objects.filter(recipient=staff).exists() is False
    assert client.get("/admin/").status_code == 302


def test_enrolment_with_the_right_code_confirms_logs_emails_and_opens_admin(
    client, django_capture_on_commit_callbacks
):
    staff = StaffFactory(language="es", is_superuser=True)
    client.force_login(staff, second_factor=False)
    key = secret_on(client.get("/accounts/two-factor/setup/?next=/admin/").content.decode())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/two-factor/setup/?next=/admin/", {"code": current_code(key)}
        )

    html = response.content.decode()
    codes = recovery_codes_on(html)
    device = TOTPDevice.objects.get(user=staff)
    assert device.confirmed is True
    assert len(codes) == len(set(codes)) == 10
    assert sorted(
        StaticDevice.objects.get(user=staff).token_set.values_list("token", flat=True)
    ) == sorted(codes)
    assert verbs_about(staff) == ["users.user.second_factor_enrolled"]
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert (
        mail.outbox[0].subject
        == "Un segundo paso protege ahora su cuenta de Houston Medical Clerkship"
    )
    # "I have saved them", then on to admin, which opens.
    saved = client.post("/accounts/two-factor/saved/", {"saved": "on", "next": "/admin/"})
    assert saved["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_someone_with_an_app_cannot_set_up_another_without_passing_the_first(client):
    staff = StaffFactory()
    totp_device(staff)
    client.force_login(staff, second_factor=False)

    response = client.get("/accounts/two-factor/setup/")

    assert response["Location"].startswith("/accounts/two-factor/verify/")
    assert TOTPDevice.objects.filter(user=staff, confirmed=False).exists() is False


def test_setting_up_a_new_app_replaces_the_old_one_and_its_recovery_codes(client):
    staff = StaffFactory()
    old = totp_device(staff)
    StaticDevice.objects.create(user=staff, name="old codes").token_set.create(token="aaaaa-bbbbb")
    client.force_login(staff)
    key = secret_on(client.get("/accounts/two-factor/setup/").content.decode())

    client.post("/accounts/two-factor/setup/", {"code": current_code(key)})

    assert list(TOTPDevice.objects.filter(user=staff).values_list("pk", flat=True)) != [old.pk]
    assert TOTPDevice.objects.filter(user=staff).count() == 1
    assert (
        StaticDevice.objects.get(user=staff).token_set.filter(token="aaaaa-bbbbb").exists() is False
    )


# --- recovery codes -------------------------------------------------------------------------


def enrolled(user) -> list[str]:
    """Enrol `user` through the service; the recovery codes."""
    device = services.start_totp_enrolment(user=user)
    _device, codes = services.confirm_totp_device(user=user, token=code_for(device))
    return codes


def test_a_recovery_code_lets_in_once(client, django_capture_on_commit_callbacks):
    staff = StaffFactory()
    codes = enrolled(staff)
    client.force_login(staff, second_factor=False)

    used = client.post("/accounts/two-factor/recovery/?next=/admin/", {"code": codes[3]})
    admin = client.get("/admin/")
    client.logout()
    client.force_login(staff, second_factor=False)
    again = client.post("/accounts/two-factor/recovery/", {"code": codes[3]})

    assert used["Location"] == "/admin/"
    assert admin.status_code == 200
    assert again.status_code == 200
    assert "That recovery code is not right, or it was used before." in again.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert verbs_about(staff)[-1] == "users.user.recovery_code_used"
    assert ActivityLog.objects.filter(verb="users.user.recovery_code_used").get().data == {
        "left": 9
    }


def test_every_recovery_code_works_once_each():
    staff = StaffFactory()
    codes = enrolled(staff)

    for code in codes:
        services.use_recovery_code(user=staff, code=code.upper())  # as typed, any case
    with pytest.raises(services.SecondFactorError):
        services.use_recovery_code(user=staff, code=codes[0])

    assert StaticDevice.objects.get(user=staff).token_set.count() == 0
    assert verbs_about(staff).count("users.user.recovery_code_used") == 10


# --- the throttle ---------------------------------------------------------------------------


def test_five_wrong_codes_make_the_next_try_wait_and_the_page_says_so(client):
    staff = StaffFactory()
    device = totp_device(staff)
    client.force_login(staff, second_factor=False)
    for _ in range(5):
        let_the_wait_pass(device)  # each wrong code is counted, none refused unread
        client.post("/accounts/two-factor/verify/", {"code": wrong_code(device)})

    right = client.post("/accounts/two-factor/verify/", {"code": code_for(device)})

    device.refresh_from_db()
    assert device.throttling_failure_count == 5
    assert right.status_code == 200
    # The fifth failure asks for 16 seconds (1, 2, 4, 8, 16), counted from that failure.
    wait = re.search(r"Too many wrong codes. Wait (\d+) seconds", right.content.decode())
    assert 10 < int(wait.group(1)) <= 16
    assert DEVICE_ID_SESSION_KEY not in client.session
    # Once the wait has passed, the right code works (and the count starts again).
    let_the_wait_pass(device)
    assert (
        client.post("/accounts/two-factor/verify/", {"code": code_for(device)}).status_code == 302
    )
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_the_throttle_is_on():
    device = totp_device(StaffFactory())

    assert device.get_throttle_factor() == 1
    assert device.throttling_enabled is True


# --- preceptors and applicants ----------------------------------------------------------------


def test_a_preceptor_is_offered_it_and_can_enrol(client):
    preceptor = PreceptorFactory()
    client.force_login(preceptor.user)

    portal = client.get("/preceptor/").content.decode()
    setup = client.get("/accounts/two-factor/setup/?next=/preceptor/")
    key = secret_on(setup.content.decode())
    confirmed = client.post(
        "/accounts/two-factor/setup/?next=/preceptor/", {"code": current_code(key)}
    )
    after = client.get("/preceptor/").content.decode()

    assert "Protect your account with a second step" in portal
    assert 'href="/accounts/two-factor/setup/?next=/preceptor/"' in portal
    assert len(recovery_codes_on(confirmed.content.decode())) == 10
    assert verbs_about(preceptor.user) == ["users.user.second_factor_enrolled"]
    assert "Protect your account with a second step" not in after


def test_an_enrolled_preceptors_login_asks_for_the_code(client):
    preceptor = PreceptorFactory()
    device = totp_device(preceptor.user)

    login = client.post(
        "/accounts/login/?next=/preceptor/",
        {"username": preceptor.user.email, "password": PASSWORD, "next": "/preceptor/"},
        follow=True,
    )
    portal_before = client.get("/preceptor/")
    client.post("/accounts/two-factor/verify/", {"code": code_for(device)})

    assert login.redirect_chain[-1][0] == "/accounts/two-factor/verify/?next=%2Fpreceptor%2F"
    assert portal_before.status_code == 302
    assert client.get("/preceptor/").status_code == 200


def test_a_preceptor_whose_app_was_reset_while_logged_in_goes_on_without_it(client):
    preceptor = PreceptorFactory()
    totp_device(preceptor.user)
    client.post("/accounts/login/", {"username": preceptor.user.email, "password": PASSWORD})
    services.reset_second_factor(user=preceptor.user, by=CoordinatorFactory())

    response = client.get("/preceptor/", follow=True)

    assert response.redirect_chain == [
        ("/accounts/two-factor/?next=%2Fpreceptor%2F", 302),
        ("/preceptor/", 302),
    ]
    assert response.status_code == 200


def test_a_preceptor_without_an_app_is_not_asked(client):
    preceptor = PreceptorFactory()

    client.post("/accounts/login/", {"username": preceptor.user.email, "password": PASSWORD})

    assert client.get("/preceptor/").status_code == 200


def test_an_applicant_is_never_asked_and_is_not_offered_it(client):
    applicant = UserFactory()

    login = client.post("/accounts/login/", {"username": applicant.email, "password": PASSWORD})

    assert login["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/accounts/profile/").status_code == 200
    assert "two-factor" not in client.get("/accounts/profile/").content.decode()
    assert client.get("/accounts/two-factor/setup/").status_code == 404
    assert TOTPDevice.objects.exists() is False


def test_the_second_factor_pages_need_a_login(client):
    response = client.get("/accounts/two-factor/setup/")

    assert response["Location"] == "/accounts/login/?next=/accounts/two-factor/setup/"


# --- a coordinator resets a lost device ----------------------------------------------------------


def reset_in_admin(client, *users):
    return client.post(
        "/admin/users/user/",
        {"action": "reset_second_factor", "_selected_action": [str(u.pk) for u in users]},
        follow=True,
    )


def test_a_coordinator_resets_a_lost_device_which_is_logged_and_emailed(
    client, django_capture_on_commit_callbacks
):
    coordinator = CoordinatorFactory()
    staff = StaffFactory(language="es")
    enrolled(staff)
    mail.outbox.clear()
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = reset_in_admin(client, staff)

    assert response.status_code == 200
    assert f"Second step reset for {staff.email}; each was emailed." in response.content.decode()
    assert TOTPDevice.objects.filter(user=staff).exists() is False
    assert StaticDevice.objects.filter(user=staff).exists() is False
    entry = ActivityLog.objects.get(verb="users.user.second_factor_reset")
    assert (entry.actor, entry.person) == (coordinator, staff)
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert (
        mail.outbox[0].subject
        == "Se restableció el segundo paso de su cuenta de Houston Medical Clerkship"
    )
    assert coordinator.display_name in mail.outbox[0].body


def test_after_a_reset_the_staff_member_sets_up_a_new_app(client):
    staff = StaffFactory()
    client.force_login(staff)  # verified with the app that is then reset
    services.reset_second_factor(user=staff, by=CoordinatorFactory())

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0].startswith("/accounts/two-factor/setup/")


def test_a_reviewer_cannot_reset_a_second_factor(client):
    reviewer = ReviewerFactory()
    staff = StaffFactory()
    device = totp_device(staff)
    client.force_login(reviewer)

    response = client.post(
        "/admin/users/user/",
        {"action": "reset_second_factor", "_selected_action": [str(staff.pk)]},
    )

    assert response.status_code == 403  # a reviewer does not see the users at all
    assert TOTPDevice.objects.filter(pk=device.pk).exists() is True
    with pytest.raises(PermissionError):
        services.reset_second_factor(user=staff, by=reviewer)
    assert ActivityLog.objects.filter(verb="users.user.second_factor_reset").exists() is False


def test_resetting_someone_without_a_second_factor_changes_and_logs_nothing():
    assert services.reset_second_factor(user=StaffFactory(), by=CoordinatorFactory()) is False
    assert ActivityLog.objects.exists() is False


def test_the_user_list_shows_who_has_a_second_step(client):
    coordinator = CoordinatorFactory()
    enrolled(coordinator)
    client.force_login(coordinator)

    response = client.get("/admin/users/user/")

    rows = {user.email: user.has_second_factor for user in response.context["cl"].result_list}
    assert rows[coordinator.email] is True


# --- the demo ---------------------------------------------------------------------------------


def test_seed_demo_enrols_the_staff_with_the_printed_key():
    call_command("seed_demo")
    call_command("seed_demo")

    for user in User.objects.filter(is_staff=True):
        device = TOTPDevice.objects.get(user=user)
        assert (device.confirmed, device.bin_key) == (True, base64.b32decode(DEMO_TOTP_SECRET))


def test_totp_code_prints_the_current_code_with_debug_on(settings, capsys):
    settings.DEBUG = True
    staff = StaffFactory()
    device = totp_device(staff)

    call_command("totp_code", staff.email)

    assert capsys.readouterr().out.strip() == code_for(device)


def test_totp_code_refuses_without_debug(settings):
    settings.DEBUG = False
    staff = StaffFactory()
    totp_device(staff)

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("totp_code", staff.email)


def test_the_make_run_banner_prints_the_demo_key_and_how_to_get_a_code():
    from hmc_portal.devstack import _banner

    banner = _banner("http://127.0.0.1:8000")

    assert "Staff second factor: add the key JBSW Y3DP EHPK 3PXP (time-based)" in banner
    assert "make code EMAIL=admin@hmc.test" in banner


@pytest.mark.parametrize("path", ["/admin/otp_totp/totpdevice/", "/admin/otp_static/staticdevice/"])
def test_devices_are_not_edited_in_admin_past_the_services(client, path):
    client.force_login(StaffFactory(is_superuser=True))

    assert client.get(path).status_code == 404
