"""/dashboard/compliance/: the checklist, handing evidence in, the applicant's own files;
the dashboard's and the preceptor portal's panels; the admin's review actions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from rotations.models import ComplianceEvidence
from tests.factories import ApplicationFactory, StaffFactory
from tests.rotations.compliance_support import EvidenceFactory, RequirementFactory, placed
from tests.support.files import isolated_private_storage, pdf_bytes, stored_files, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def storage(tmp_path, settings):
    return isolated_private_storage(tmp_path / "private", settings)


@pytest.fixture
def placement():
    return placed(weeks_ahead=8)


def test_the_checklist_shows_each_requirement_and_not_yet_cleared(client, placement):
    site = placement.rotation.site
    RequirementFactory(site=site, name="TB test", needs_test_date=True)
    done = RequirementFactory(site=site, name="Confidentiality agreement")
    EvidenceFactory(application=placement.application, requirement=done)
    client.force_login(placement.application.applicant)

    response = client.get(reverse("rotations:compliance"))

    page = response.content.decode()
    states = [
        (item.requirement.name, item.state)
        for item in response.context["sections"][0]["row"].clearance.items
    ]
    assert states == [("TB test", "missing"), ("Confidentiality agreement", "done")]
    assert "Not yet cleared to start" in page
    tb = states and response.context["sections"][0]["items"][0]
    assert f'name="r{tb["status"].requirement.pk}-test_date"' in page  # its upload form


def test_the_checklist_says_cleared_when_everything_is_verified(client, placement):
    done = RequirementFactory(site=placement.rotation.site)
    EvidenceFactory(application=placement.application, requirement=done)
    client.force_login(placement.application.applicant)

    page = client.get(reverse("rotations:compliance")).content.decode()

    assert 'data-cleared="yes"' in page


def test_before_a_confirmed_rotation_the_page_says_what_comes(client):
    application = ApplicationFactory(status="confirmed")
    client.force_login(application.applicant)

    page = client.get(reverse("rotations:compliance")).content.decode()

    assert "Nothing to do here yet" in page


def test_the_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("rotations:compliance"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_handing_in_a_document_that_expires_during_the_stay_is_flagged_at_once(
    client, placement, storage
):
    insurance = RequirementFactory(
        site=placement.rotation.site,
        name="Health insurance",
        needs_expiry=True,
        must_cover_stay=True,
    )
    client.force_login(placement.application.applicant)
    expiry = placement.rotation.start_date + datetime.timedelta(days=3)

    response = client.post(
        reverse("rotations:compliance_upload", args=[insurance.pk]),
        {
            f"r{insurance.pk}-expiry_date": expiry.isoformat(),
            f"r{insurance.pk}-file": upload("policy.pdf", pdf_bytes()),
        },
        follow=True,
    )

    messages = [str(message) for message in response.context["messages"]]
    assert len(messages) == 1
    assert messages[0].startswith("Health insurance: received, but it is good only until")
    assert ComplianceEvidence.objects.get().expiry_date == expiry
    assert len(stored_files(storage)) == 1


def test_a_future_test_date_is_refused_with_the_page_and_nothing_is_kept(
    client, placement, storage
):
    tb = RequirementFactory(site=placement.rotation.site, name="TB test", needs_test_date=True)
    client.force_login(placement.application.applicant)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client.post(
        reverse("rotations:compliance_upload", args=[tb.pk]),
        {
            f"r{tb.pk}-test_date": tomorrow.isoformat(),
            f"r{tb.pk}-file": upload("tb.pdf", pdf_bytes()),
        },
    )

    assert response.status_code == 400
    assert "is in the future" in response.content.decode()
    assert (ComplianceEvidence.objects.count(), stored_files(storage)) == (0, [])


def test_a_requirement_of_another_site_is_a_404(client, placement, storage):
    elsewhere = RequirementFactory()
    client.force_login(placement.application.applicant)

    response = client.post(
        reverse("rotations:compliance_upload", args=[elsewhere.pk]),
        {f"r{elsewhere.pk}-file": upload("x.pdf", pdf_bytes())},
    )

    assert response.status_code == 404
    assert stored_files(storage) == []


def test_the_owner_downloads_their_file_and_another_applicant_gets_a_404(
    client, placement, storage
):
    evidence = EvidenceFactory(
        application=placement.application,
        requirement=RequirementFactory(site=placement.rotation.site),
    )
    url = reverse("rotations:compliance_file", args=[evidence.pk])

    client.force_login(placement.application.applicant)
    mine = client.get(url)
    client.force_login(ApplicationFactory().applicant)
    theirs = client.get(url)

    assert (mine.status_code, mine["Content-Type"], theirs.status_code) == (
        200,
        "application/pdf",
        404,
    )


def test_the_list_takes_the_same_queries_for_one_and_three_rotations(
    client, django_assert_max_num_queries
):
    one = placed(weeks_ahead=8)
    RequirementFactory(site=one.rotation.site)
    client.force_login(one.application.applicant)
    with django_assert_max_num_queries(30) as one_rotation:
        client.get(reverse("rotations:compliance"))
    counted = len(one_rotation.captured_queries)
    for rank, weeks in ((2, 12), (3, 16)):
        more = placed(weeks_ahead=weeks)
        more.application, more.rank = one.application, rank
        more.save()
        RequirementFactory(site=more.rotation.site)

    with django_assert_max_num_queries(counted):
        response = client.get(reverse("rotations:compliance"))

    assert len(response.context["sections"]) == 3


def test_the_dashboard_panel_links_to_the_checklist(client, placement):
    RequirementFactory(site=placement.rotation.site)
    client.force_login(placement.application.applicant)

    page = client.get(reverse("applications:dashboard")).content.decode()

    assert reverse("rotations:compliance") in page
    assert "1 thing the sites need from you is still open" in page


def test_a_block_that_has_ended_has_nothing_left_to_clear(client):
    over = placed(weeks_ahead=-6)  # ended two weeks ago
    RequirementFactory(site=over.rotation.site)
    client.force_login(over.application.applicant)

    dashboard = client.get(reverse("applications:dashboard")).content.decode()
    checklist = client.get(reverse("rotations:compliance"))

    assert "dashboard-compliance" not in dashboard
    assert "dashboard-support" not in dashboard  # nothing left to arrive for either
    assert checklist.context["sections"] == []


def test_the_preceptor_sees_cleared_or_not_yet_cleared_per_observer(client, placement):
    cleared = placed(weeks_ahead=8)
    cleared.rotation = placement.rotation
    cleared.save()
    requirement = RequirementFactory(site=placement.rotation.site)
    EvidenceFactory(application=cleared.application, requirement=requirement)
    client.force_login(placement.rotation.preceptor.user)

    page = client.get(reverse("preceptors:portal")).content.decode()

    assert page.count('data-cleared="no"') == 1
    assert page.count('data-cleared="yes"') == 1


def test_staff_reject_in_admin_with_a_reason(client, placement):
    evidence = EvidenceFactory(
        application=placement.application,
        requirement=RequirementFactory(site=placement.rotation.site),
        status="pending",
    )
    client.force_login(StaffFactory(is_superuser=True))

    response = client.post(
        reverse("admin:rotations_complianceevidence_changelist"),
        {
            "action": "reject_selected",
            "_selected_action": [evidence.pk],
            "post": "yes",
            "reason": "Blurred scan.",
        },
    )

    assert response.status_code == 302
    evidence.refresh_from_db()
    assert (evidence.status, evidence.reject_reason) == ("rejected", "Blurred scan.")


def test_the_not_cleared_admin_page_lists_who_starts_soon(client):
    soon = placed(weeks_ahead=2)
    RequirementFactory(site=soon.rotation.site, name="Background check")
    client.force_login(StaffFactory(is_superuser=True))

    page = client.get(reverse("admin:rotations_complianceevidence_not_cleared")).content.decode()

    assert soon.application.applicant.email in page
    assert "Background check: Missing" in page
