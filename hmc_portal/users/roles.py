"""What each staff group may do, in one place.

The Reviewer and Coordinator groups get exactly these permissions after every `migrate`
(a post_migrate receiver, see apps.py), so a permission added by a later migration reaches
its group without another data migration, and a database that was flushed (the test suite's
transactional tests) gets its groups back.

Reviewer: see applications, profiles, documents, status history, notes and sent emails;
verify or reject documents (change_document: the admin shows no editable field, only the
buttons that call the services); add internal notes; record an interview's outcome and
recommendation (change_interview); see rotations, requests, replacement blocks,
preceptors, letter of recommendation requests and their letters, travel and housing
requests and the housing list; read the activity log (who
did what, hmc_portal.audit); see the fee schedules, invoices, payments and declared wire
transfers, and the documents the portal issued (invoices, letters, certificates); read
the observers' feedback on their rotations (every response, and results per preceptor and site);
the mentors, their mentoring times and sessions (the mentor's private note included);
the account erasure requests.
Coordinator: everything a reviewer does, plus every staff status move (change_status),
scheduling interviews and offering slots, sending an email again, and running the rotations:
sites, specialties, rotations (one by one or as a series), requests (cancelling one
included) and preceptor profiles; answering travel and housing requests and keeping the
list of places to stay; seeing (not changing) user accounts; and resetting the
second factor of someone who lost their phone; revoking an issued document; and the fee
schedule: new versions (a copy of one in force) and their prices and discounts until the
day they apply; recording payments (wire transfers, card terminal) and confirming a declared
wire transfer's receipt; reading the card payments' webhook events and checkout sessions;
approving refunds and verifying visa refusal letters; the pre-arrival requirements of each
site (reviewers verify or reject the evidence observers hand in); events (seminars,
workshops, networking): creating, copying and changing them, messaging their registrants,
and recording attendance (reviewers see events and registrations); adding mentors and
changing their topics, bio and whether they are active; erasing an applicant's account
at once for a request received by mail.
Superusers hold every permission anyway.
"""

from __future__ import annotations

from .enums import StaffGroup

REVIEWER = [
    ("applications", "view_application"),
    ("applications", "view_applicantprofile"),
    ("applications", "view_applicationspecialty"),
    ("applications", "view_document"),
    ("applications", "change_document"),
    ("applications", "view_statuschange"),
    ("applications", "view_internalnote"),
    ("applications", "add_internalnote"),
    ("applications", "view_interview"),
    ("applications", "change_interview"),
    ("applications", "view_interviewslot"),
    ("notifications", "view_notification"),
    ("rotations", "view_rotation"),
    ("rotations", "view_rotationrequest"),
    ("rotations", "view_replacementallowance"),
    ("rotations", "view_site"),
    ("rotations", "view_specialty"),
    # Travel and housing help: seen, answered by coordinators.
    ("rotations", "view_supportrequest"),
    ("rotations", "view_housingoption"),
    ("rotations", "view_housingdistance"),
    ("rotations", "view_visaletterrequest"),
    ("rotations", "view_rotationfeedback"),
    ("preceptors", "view_preceptor"),
    # Letters of recommendation, for the record (every letter, waived or not, downloadable).
    ("preceptors", "view_letterrequest"),
    ("audit", "view_activitylog"),
    ("billing", "view_feeschedule"),
    ("billing", "view_feeblockprice"),
    ("billing", "view_feediscount"),
    ("billing", "view_invoice"),
    ("billing", "view_invoiceline"),
    ("billing", "view_payment"),
    ("billing", "view_wiredeclaration"),
    ("issuance", "view_issueddocument"),
    # Refunds and visa refusals: seen, not decided.
    ("billing", "view_refund"),
    ("billing", "view_invoicecredit"),
    ("billing", "view_visarefusal"),
    # Pre-arrival compliance: the sites' requirements seen; evidence verified or rejected
    # (change_complianceevidence: no editable field, only the actions calling the services).
    ("rotations", "view_requirement"),
    ("rotations", "view_complianceevidence"),
    ("rotations", "change_complianceevidence"),
    # Attendance and evaluations: seen (who is late), written by preceptors only.
    ("rotations", "view_blockfollowup"),
    ("rotations", "view_evaluation"),
    ("events", "view_event"),
    ("events", "view_speaker"),
    ("events", "view_registration"),
    # Mentoring: the mentors, their times and sessions (the mentor's private note included).
    ("events", "view_mentor"),
    ("events", "view_mentoringslot"),
    ("events", "view_mentoringbooking"),
    # Account erasures: seen (what was done, never personal values), run by coordinators.
    ("privacy", "view_erasurerequest"),
]

COORDINATOR = [
    *REVIEWER,
    ("applications", "change_status"),
    ("applications", "add_interview"),
    ("applications", "add_interviewslot"),
    ("applications", "change_interviewslot"),
    ("applications", "delete_interviewslot"),
    ("notifications", "resend_notification"),
    ("rotations", "add_rotation"),
    ("rotations", "change_rotation"),
    ("rotations", "change_rotationrequest"),
    # Approving or sending back a visa invitation letter request.
    ("rotations", "change_visaletterrequest"),
    ("rotations", "add_site"),
    ("rotations", "change_site"),
    ("rotations", "add_specialty"),
    ("rotations", "change_specialty"),
    # Answering travel and housing requests (the status and the reply, through
    # rotations.arrival.services) and keeping the list of places to stay.
    ("rotations", "change_supportrequest"),
    ("rotations", "add_housingoption"),
    ("rotations", "change_housingoption"),
    ("rotations", "delete_housingoption"),
    ("rotations", "add_housingdistance"),
    ("rotations", "change_housingdistance"),
    ("rotations", "delete_housingdistance"),
    ("preceptors", "add_preceptor"),
    ("preceptors", "change_preceptor"),
    # A read-only user page: the admin links people to it, choosing the user of a preceptor
    # profile (its autocomplete) needs it, and so does finding a colleague who lost their
    # phone to reset their second factor.
    ("users", "view_user"),
    ("users", "reset_second_factor"),
    # The fee schedule: new versions, and their prices and discounts until the day they
    # apply (billing.services refuses any change to a version in force).
    ("billing", "add_feeschedule"),
    ("billing", "change_feeschedule"),
    ("billing", "add_feeblockprice"),
    ("billing", "change_feeblockprice"),
    ("billing", "delete_feeblockprice"),
    ("billing", "add_feediscount"),
    ("billing", "change_feediscount"),
    ("billing", "delete_feediscount"),
    # Payments staff record by hand (wire transfers, the card terminal), through
    # billing.services: "Record a payment" on an invoice, "Confirm receipt" of a declared wire.
    ("billing", "record_payment"),
    ("billing", "confirm_wiredeclaration"),
    # Card payments: what Stripe posted and the checkouts started, to read (a mismatch is
    # refunded in Stripe's dashboard).
    ("billing", "view_webhookevent"),
    ("billing", "view_checkoutsession"),
    ("issuance", "revoke_issueddocument"),
    # Refunds: approving (sent to the provider or to pay by wire), marking a wire paid,
    # rejecting; verifying a visa refusal letter.
    ("billing", "approve_refund"),
    ("billing", "change_visarefusal"),
    # Pre-arrival requirements of each site.
    ("rotations", "add_requirement"),
    ("rotations", "change_requirement"),
    ("rotations", "delete_requirement"),
    # Events: create, copy and change them, their speakers, attendance and messages.
    ("events", "add_event"),
    ("events", "change_event"),
    ("events", "add_speaker"),
    ("events", "change_speaker"),
    ("events", "delete_speaker"),
    ("events", "change_registration"),
    # Mentors: who mentors, on which topics (times and sessions are the mentors' own).
    ("events", "add_mentor"),
    ("events", "change_mentor"),
    # Erasing an applicant's account at once, for a request received by mail (a reason is
    # required and logged).
    ("privacy", "erase_account"),
]

GROUP_PERMISSIONS = {
    StaffGroup.REVIEWER.value: REVIEWER,
    StaffGroup.COORDINATOR.value: COORDINATOR,
}


def sync_staff_groups(*, group_model, permission_model) -> None:
    """Create the staff groups and give each the permissions above that exist by now (the
    models are passed in, so a data migration can use its historical ones)."""
    for name, pairs in GROUP_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        wanted = set(pairs)
        permissions = [
            permission
            for permission in permission_model.objects.filter(
                codename__in={codename for _, codename in pairs}
            ).select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        group.permissions.add(*permissions)


def sync_after_migrate(sender, **kwargs) -> None:
    """post_migrate receiver: runs once per app; what is not created yet comes next time."""
    from django.contrib.auth.models import Group, Permission

    sync_staff_groups(group_model=Group, permission_model=Permission)
