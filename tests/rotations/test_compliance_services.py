"""Pre-arrival compliance services: handing evidence in (bad input changes nothing, not even
the storage), staff's review, the reminder scan and the office's weekly list."""

import datetime

import pytest
from django.utils import timezone

from hmc_portal.audit.models import ActivityLog
from hmc_portal.notifications.models import Notification
from rotations.arrival import compliance_selectors as selectors
from rotations.arrival import compliance_services as services
from rotations.models import ComplianceEvidence
from tests.factories import StaffFactory
from tests.rotations.compliance_support import EvidenceFactory, RequirementFactory, placed
from tests.support.files import ELF, isolated_private_storage, pdf_bytes, stored_files, upload

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def storage(tmp_path, settings):
    return isolated_private_storage(tmp_path / "private", settings)


@pytest.fixture
def placement():
    return placed(weeks_ahead=8)


def submit(placement, requirement, *, data=None, **fields):
    return services.submit_evidence(
        application=placement.application,
        requirement=requirement,
        upload=upload("tb.pdf", data or pdf_bytes()),
        by=placement.application.applicant,
        **fields,
    )


def test_evidence_handed_in_waits_for_review_and_is_logged(placement, storage):
    tb = RequirementFactory(
        site=placement.rotation.site,
        kind="tb_test",
        needs_test_date=True,
        valid_days_before_start=90,
    )
    today = timezone.localdate()

    evidence = submit(placement, tb, test_date=today)

    evidence.refresh_from_db()
    assert (evidence.status, evidence.test_date, evidence.original_name) == (
        "pending",
        today,
        "tb.pdf",
    )
    assert len(stored_files(storage)) == 1
    log = ActivityLog.objects.get(verb="rotations.compliance.uploaded")
    assert (log.actor, log.person) == (placement.application.applicant,) * 2
    [row] = selectors.application_compliance(application_id=placement.application_id)
    assert [item.state for item in row.clearance.items] == ["pending"]


@pytest.mark.parametrize(
    ("rule", "fields", "message"),
    [
        ({"needs_test_date": True}, {"test_date": "tomorrow"}, "is in the future"),
        ({"needs_expiry": True}, {"expiry_date": "yesterday"}, "expired on"),
        ({"needs_test_date": True}, {}, "Enter the date of the test"),
        ({"needs_expiry": True}, {}, "Enter the date the document expires"),
        (
            {"needs_expiry": True, "minimum_amount": 100_000_00},
            {"expiry_date": "next year", "amount": 50_000_00},
            r"at least \$100,000",
        ),
    ],
)
def test_bad_dates_or_amounts_are_refused_and_nothing_is_kept(
    placement, storage, rule, fields, message
):
    requirement = RequirementFactory(site=placement.rotation.site, **rule)
    today = timezone.localdate()
    days = {
        "tomorrow": today + datetime.timedelta(days=1),
        "yesterday": today - datetime.timedelta(days=1),
        "next year": today + datetime.timedelta(days=365),
    }
    fields = {name: days.get(value, value) for name, value in fields.items()}

    with pytest.raises(services.ComplianceError, match=message):
        submit(placement, requirement, **fields)

    assert ComplianceEvidence.objects.count() == 0
    assert stored_files(storage) == []


def test_a_program_instead_of_a_document_is_refused_and_nothing_is_stored(placement, storage):
    requirement = RequirementFactory(site=placement.rotation.site)

    with pytest.raises(services.ComplianceError, match="program"):
        submit(placement, requirement, data=ELF)

    assert (ComplianceEvidence.objects.count(), stored_files(storage)) == (0, [])


def test_a_failed_write_removes_the_stored_file(placement, storage, monkeypatch):
    requirement = RequirementFactory(site=placement.rotation.site)

    def broken(*args, **kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(services, "log_action", broken)  # outside our control: the database
    with pytest.raises(RuntimeError):
        submit(placement, requirement)

    assert (ComplianceEvidence.objects.count(), stored_files(storage)) == (0, [])


def test_a_requirement_of_another_site_is_refused(placement, storage):
    elsewhere = RequirementFactory()

    with pytest.raises(services.ComplianceError, match="not one of the sites"):
        submit(placement, elsewhere)

    assert stored_files(storage) == []


def test_an_expiry_during_the_stay_is_flagged_the_day_it_is_entered(placement, storage):
    insurance = RequirementFactory(
        site=placement.rotation.site, kind="insurance", needs_expiry=True, must_cover_stay=True
    )

    submit(
        placement, insurance, expiry_date=placement.rotation.start_date + datetime.timedelta(days=3)
    )

    [row] = selectors.application_compliance(application_id=placement.application_id)
    [item] = row.clearance.items
    assert (item.state, item.needed_until) == ("expires", placement.rotation.end_date)


def test_staff_verify_and_the_observer_is_cleared_and_emailed(placement):
    evidence = EvidenceFactory(
        application=placement.application,
        requirement=RequirementFactory(site=placement.rotation.site),
        status="pending",
    )
    staff = StaffFactory()

    services.verify_evidence(evidence=evidence, by=staff)

    evidence.refresh_from_db()
    assert (evidence.status, evidence.decided_by) == ("verified", staff)
    [row] = selectors.application_compliance(application_id=placement.application_id)
    assert row.cleared is True
    email = Notification.objects.get(template="compliance_evidence_decided")
    assert (email.recipient, email.context["status"]) == (
        placement.application.applicant,
        "verified",
    )
    assert ActivityLog.objects.filter(verb="rotations.compliance.verified").count() == 1


def test_staff_reject_with_a_reason_that_reaches_the_applicant(placement):
    evidence = EvidenceFactory(
        application=placement.application,
        requirement=RequirementFactory(site=placement.rotation.site),
        status="pending",
    )

    services.reject_evidence(evidence=evidence, reason="The scan is unreadable.", by=StaffFactory())

    email = Notification.objects.get(template="compliance_evidence_decided")
    assert (email.context["status"], email.context["reason"]) == (
        "rejected",
        "The scan is unreadable.",
    )
    [row] = selectors.application_compliance(application_id=placement.application_id)
    [item] = row.clearance.items
    assert (item.state, item.rejected.pk) == ("missing", evidence.pk)


def test_rejecting_needs_a_reason_and_deciding_twice_is_refused(placement):
    evidence = EvidenceFactory(
        application=placement.application,
        requirement=RequirementFactory(site=placement.rotation.site),
        status="pending",
    )
    staff = StaffFactory()

    with pytest.raises(services.ComplianceError, match="Say why"):
        services.reject_evidence(evidence=evidence, reason="  ", by=staff)
    services.verify_evidence(evidence=evidence, by=staff)
    with pytest.raises(services.ComplianceError, match="reviewed already"):
        services.reject_evidence(evidence=evidence, reason="Late", by=staff)

    evidence.refresh_from_db()
    assert (evidence.status, evidence.reject_reason) == ("verified", "")


def test_an_applicant_cannot_review_evidence(placement):
    evidence = EvidenceFactory(
        application=placement.application,
        requirement=RequirementFactory(site=placement.rotation.site),
        status="pending",
    )

    with pytest.raises(services.ComplianceError):
        services.verify_evidence(evidence=evidence, by=placement.application.applicant)

    evidence.refresh_from_db()
    assert evidence.status == "pending"


@pytest.mark.parametrize(
    ("days_left", "threshold"),
    [
        (61, None),
        (60, 60),
        (45, 60),
        (30, 30),
        (15, 30),
        (14, 14),
        (8, 14),
        (7, 7),
        (1, 7),
        (0, None),
    ],
)
def test_the_reminder_due_for_a_number_of_days(days_left, threshold):
    assert services.reminder_threshold(days_left) == threshold


def test_the_reminder_scan_sends_each_reminder_once_when_run_twice():
    start = D(2027, 3, 1)
    placement = placed(start=start)
    site = placement.rotation.site
    missing = RequirementFactory(site=site, name="HIPAA training")
    done = RequirementFactory(site=site, name="Confidentiality")
    EvidenceFactory(application=placement.application, requirement=done)

    first = services.send_compliance_reminders(today=start - datetime.timedelta(days=60))
    second = services.send_compliance_reminders(today=start - datetime.timedelta(days=60))
    a_day_later = services.send_compliance_reminders(today=start - datetime.timedelta(days=59))

    assert (first, second, a_day_later) == (1, 0, 0)
    [email] = Notification.objects.filter(template="compliance_reminder")
    assert email.dedupe_key == f"compliance:{placement.pk}:{missing.pk}:60d"
    assert (email.recipient, email.context["requirement"]) == (
        placement.application.applicant,
        "HIPAA training",
    )


def test_each_threshold_reminds_again_until_it_is_handed_in():
    start = D(2027, 3, 1)
    placement = placed(start=start)
    requirement = RequirementFactory(site=placement.rotation.site)

    sent = [
        services.send_compliance_reminders(today=start - datetime.timedelta(days=days))
        for days in (60, 30, 14)
    ]
    EvidenceFactory(application=placement.application, requirement=requirement)
    sent.append(services.send_compliance_reminders(today=start - datetime.timedelta(days=7)))

    assert sent == [1, 1, 1, 0]
    assert sorted(
        Notification.objects.filter(template="compliance_reminder").values_list(
            "dedupe_key", flat=True
        )
    ) == [f"compliance:{placement.pk}:{requirement.pk}:{days}d" for days in (14, 30, 60)]


def test_an_expiring_document_is_reminded_with_its_date():
    start = D(2027, 3, 1)
    placement = placed(start=start)
    passport = RequirementFactory(
        site=placement.rotation.site, needs_expiry=True, must_cover_stay=True, months_after_stay=6
    )
    EvidenceFactory(
        application=placement.application, requirement=passport, expiry_date=D(2027, 5, 1)
    )

    assert services.send_compliance_reminders(today=start - datetime.timedelta(days=30)) == 1

    email = Notification.objects.get(template="compliance_reminder")
    assert (email.context["expiring"], email.context["good_until"]) == (True, "Saturday 1 May 2027")


def test_the_office_list_names_who_is_not_cleared_once_a_week(settings):
    settings.PROGRAM_OFFICE_EMAIL = "office@hmc.test"
    today = D(2027, 2, 8)
    behind = placed(start=D(2027, 3, 1))
    RequirementFactory(site=behind.rotation.site, name="Background check")
    cleared = placed(start=D(2027, 3, 1))
    EvidenceFactory(
        application=cleared.application, requirement=RequirementFactory(site=cleared.rotation.site)
    )
    later = placed(start=D(2027, 4, 5))
    RequirementFactory(site=later.rotation.site)

    first = services.send_office_compliance_list(today=today)
    again = services.send_office_compliance_list(today=today + datetime.timedelta(days=2))

    assert again.pk == first.pk
    assert (first.to_email, first.dedupe_key) == ("office@hmc.test", "compliance:office:2027-W06")
    [person] = first.context["people"]
    assert (person["email"], person["to_do"]) == (
        behind.application.applicant.email,
        ["Background check: Missing"],
    )
