"""Role x URL matrix: every URL pattern of the project (admin's included), filled with real
ids of the applicant's and the preceptor's objects, requested by each role with GET and,
where the view takes it, POST (an empty form: bad input). Each outcome must be the one the
table says: a status code, or LOGIN for a redirect to a login page.

Roles, in the order of every row: anonymous, the applicant who owns the objects, another
applicant, the preceptor of the requested rotation, another preceptor, a reviewer, a
coordinator. Besides the table: no response is a 500, and nobody but the owners and staff
gets a page of the applicant's objects or one that shows the applicant's name or email.

A new URL pattern fails the test until its row is added here. Admin's model pages
(changelist, add, change, delete, history) follow rules from the group permissions in
hmc_portal/users/roles.py and from what each model admin refuses whatever the permission
(ADMIN_REFUSES); a model registered in admin without an entry there fails the test too.
"""

import pytest

from hmc_portal.users.roles import COORDINATOR, REVIEWER
from tests.security import matrix
from tests.security.matrix import LOGIN as L
from tests.security.world import build_world

pytestmark = pytest.mark.django_db

ANYONE_200 = (200,) * 7
LOGGED_IN = (L, 200, 200, 200, 200, 200, 200)

# route -> {method: outcome per role}. Roles: anonymous, applicant, other_applicant,
# preceptor, other_preceptor, reviewer, coordinator.
TABLE = {
    # Accounts. Signing up and logging in send someone logged in on (302).
    "accounts/signup/": {"GET": (200, *(302,) * 6), "POST": (200, *(302,) * 6)},
    "accounts/signup/done/": {"GET": ANYONE_200},
    "accounts/verify/resend/": {"GET": ANYONE_200, "POST": ANYONE_200},
    "accounts/verify/resend/done/": {"GET": ANYONE_200},
    "accounts/verify/<str:token>/": {"GET": ANYONE_200, "POST": ANYONE_200},  # "invalid link"
    "accounts/language/": {"GET": (405,) * 7, "POST": (302,) * 7},
    "accounts/login/": {"GET": (200, *(302,) * 6), "POST": (200, *(302,) * 6)},
    "accounts/logout/": {"GET": (405,) * 7, "POST": (302,) * 7},
    # A preceptor's one profile page is the portal's: this one sends them there.
    "accounts/profile/": {
        "GET": (L, 200, 200, 302, 302, 200, 200),
        "POST": (L, 200, 200, 302, 302, 200, 200),
    },
    "accounts/password-change/": {"GET": LOGGED_IN, "POST": LOGGED_IN},
    "accounts/password-change/done/": {"GET": LOGGED_IN},
    "accounts/password-reset/": {"GET": ANYONE_200, "POST": ANYONE_200},
    "accounts/password-reset/done/": {"GET": ANYONE_200},
    "accounts/password-reset/<uidb64>/<token>/": {"GET": ANYONE_200, "POST": ANYONE_200},
    "accounts/password-reset/complete/": {"GET": ANYONE_200},
    # The second factor: staff and preceptors set it up; applicants are never asked (set-up
    # is a 404, the other steps send them on). The code pages answer whoever has a device.
    "accounts/two-factor/": {"GET": (L, 302, 302, 302, 302, 302, 302)},
    "accounts/two-factor/setup/": {
        "GET": (L, 404, 404, 200, 200, 200, 200),
        "POST": (L, 404, 404, 200, 200, 200, 200),
    },
    "accounts/two-factor/saved/": {"GET": (L, *(405,) * 6), "POST": (L, *(302,) * 6)},
    "accounts/two-factor/verify/": {
        "GET": (L, 302, 302, 302, 302, 200, 200),
        "POST": (L, 302, 302, 302, 302, 200, 200),
    },
    "accounts/two-factor/recovery/": {
        "GET": (L, 302, 302, 302, 302, 200, 200),
        "POST": (L, 302, 302, 302, 302, 200, 200),
    },
    # The application. Preceptors and staff are sent to their own pages (302); the
    # applicant whose application is past the draft is sent to the dashboard.
    "apply/": {"GET": (L, *(302,) * 6), "POST": (L, *(302,) * 6)},
    "apply/documents/": {
        "GET": (L, 200, 200, 302, 302, 302, 302),
        "POST": (L, *(302,) * 6),
    },
    "apply/<slug:step>/": {"GET": (L, *(302,) * 6), "POST": (L, *(302,) * 6)},
    "documents/<id:pk>/replace/": {
        "GET": (L, 302, 404, 404, 404, 404, 404),
        "POST": (L, 302, 404, 404, 404, 404, 404),
    },
    "documents/<id:pk>/delete/": {
        "GET": (L, 302, 404, 404, 404, 404, 404),
        "POST": (L, 302, 404, 404, 404, 404, 404),
    },
    # Staff read documents and interviews (they review them).
    "documents/<id:pk>/download/": {"GET": (L, 200, 404, 404, 404, 200, 200)},
    "dashboard/interviews/<id:pk>/calendar.ics": {"GET": (L, 200, 404, 404, 404, 200, 200)},
    "dashboard/": {"GET": (L, 200, 200, 302, 302, 302, 302)},
    "dashboard/withdraw/": {
        "GET": (L, 200, 200, 302, 302, 302, 302),
        "POST": (L, 400, 400, 302, 302, 302, 302),
    },
    # Without a slot to confirm (GET) or book (POST), everyone is sent back with a message.
    "dashboard/interview/pick/": {"GET": (L, *(302,) * 6), "POST": (L, *(302,) * 6)},
    # Only an applicant at the interview stage may ask; the others are sent back.
    "dashboard/interview/another-time/": {"GET": (L, *(302,) * 6), "POST": (L, *(302,) * 6)},
    # Payments: the page is the applicant's; each PDF and the wire declaration are the
    # owner's alone (staff download the PDFs from the issued documents' admin).
    "dashboard/payments/": {"GET": (L, 200, 200, 302, 302, 302, 302)},
    # Help before arrival: the applicant's page (its panels are the current application's).
    "dashboard/support/": {"GET": (L, 200, 200, 302, 302, 302, 302)},
    # The applicant's privacy page: a copy of their data, deleting their account.
    "dashboard/privacy/": {"GET": (L, 200, 200, 302, 302, 302, 302)},
    # Asking for a copy of one's data: POST only; the download is the owner's alone.
    "dashboard/privacy/exports/": {
        "GET": (L, 405, 405, 302, 302, 302, 302),
        "POST": (L, 302, 302, 302, 302, 302, 302),
    },
    "dashboard/privacy/exports/<id:pk>/download/": {"GET": (L, 200, 404, 302, 302, 302, 302)},
    # Deleting the account: POST only; an empty form (no password) is refused with its errors
    # and nothing is stored. Keeping it with nothing scheduled: a message on the page.
    "dashboard/privacy/delete/": {
        "GET": (L, 405, 405, 302, 302, 302, 302),
        "POST": (L, 400, 400, 302, 302, 302, 302),
    },
    "dashboard/privacy/delete/cancel/": {
        "GET": (L, 405, 405, 302, 302, 302, 302),
        "POST": (L, *(302,) * 6),
    },
    # Asking for travel or housing help: the applicant's own, POST only (GET goes to the
    # page); the world's applicants have no confirmed rotation yet, so they are sent back
    # to the page with the reason.
    "dashboard/support/travel/": {
        "GET": (L, 302, 302, 302, 302, 302, 302),
        "POST": (L, 302, 302, 302, 302, 302, 302),
    },
    # The visa invitation letter: asking posts the applicant's own details (an empty form:
    # the page again with its errors); the PDF is the owner's current letter alone (the
    # world's applicants have none: 404).
    "dashboard/support/visa-letter/": {
        "GET": (L, 405, 405, 302, 302, 302, 302),
        "POST": (L, 400, 400, 302, 302, 302, 302),
    },
    "dashboard/support/visa-letter/letter.pdf": {"GET": (L, 404, 404, 302, 302, 302, 302)},
    # The pre-arrival checklist: the applicant's page. Handing in is for a requirement of a
    # site where the applicant's rotation is confirmed (the world's is only requested: 404);
    # a file handed in is its owner's alone (staff open it from admin).
    # Feedback on the applicant's own confirmed block (given already in the world: the thanks;
    # an empty form is refused with its errors); anyone else's block is a 404.
    "dashboard/feedback/<id:pk>/": {
        "GET": (L, 200, 404, 302, 302, 302, 302),
        "POST": (L, 400, 404, 302, 302, 302, 302),
    },
    # The completion certificate: only the applicant's own, once issued (none in the world).
    "dashboard/certificate.pdf": {"GET": (L, 404, 404, 302, 302, 302, 302)},
    "dashboard/compliance/": {"GET": (L, 200, 200, 302, 302, 302, 302)},
    "dashboard/compliance/<id:pk>/": {
        "GET": (L, 405, 405, 302, 302, 302, 302),
        "POST": (L, 404, 404, 302, 302, 302, 302),
    },
    "dashboard/compliance/evidence/<id:pk>/": {"GET": (L, 200, 404, 302, 302, 302, 302)},
    "dashboard/payments/invoices/<id:pk>/invoice.pdf": {"GET": (L, 200, 404, 404, 404, 404, 404)},
    "dashboard/payments/receipts/<id:pk>/receipt.pdf": {"GET": (L, 200, 404, 404, 404, 404, 404)},
    # The credit note of a cancelled block taken off the applicant's own open invoice.
    "dashboard/payments/credits/<id:pk>/credit-note.pdf": {
        "GET": (L, 200, 404, 404, 404, 404, 404)
    },
    "dashboard/payments/invoices/<id:pk>/wire/": {
        "GET": (L, *(405,) * 6),
        "POST": (L, 302, 404, 404, 404, 404, 404),
    },
    "dashboard/offer/accept/": {"GET": (L, *(405,) * 6), "POST": (L, *(302,) * 6)},
    "dashboard/offer/decline/": {"GET": (L, *(302,) * 6), "POST": (L, *(302,) * 6)},
    # Rotations: the catalogue is public; the choices are the applicant's alone.
    "rotations/": {"GET": ANYONE_200},
    "faq/": {"GET": ANYONE_200},
    "pricing/": {"GET": ANYONE_200},
    # Mentoring: applicants (from offer accepted on) book; preceptors and staff are sent to
    # their own pages. The first preceptor mentors: their times page and its forms are
    # theirs alone (anyone else: 404). The world's session is the first applicant's in the
    # first preceptor's time; an empty reason or note is a message or the form's errors.
    "events/mentoring/": {"GET": (L, 200, 200, 302, 302, 302, 302)},
    "events/mentoring/slots/<id:pk>/book/": {
        "GET": (L, 405, 405, 302, 302, 302, 302),
        "POST": (L, 400, 400, 302, 302, 302, 302),
    },
    "events/mentoring/sessions/<id:pk>/cancel/": {
        "GET": (L, 405, 405, 405, 405, 405, 405),
        "POST": (L, 302, 404, 302, 404, 404, 404),
    },
    "events/mentoring/sessions/<id:pk>/note/": {
        "GET": (L, 404, 404, 405, 404, 404, 404),
        "POST": (L, 404, 404, 400, 404, 404, 404),
    },
    "events/mentoring/times/": {"GET": (L, 404, 404, 200, 404, 404, 404)},
    "events/mentoring/times/once/": {
        "GET": (L, 404, 404, 405, 404, 404, 404),
        "POST": (L, 404, 404, 400, 404, 404, 404),
    },
    "events/mentoring/times/weekly/": {
        "GET": (L, 404, 404, 405, 404, 404, 404),
        "POST": (L, 404, 404, 400, 404, 404, 404),
    },
    "events/mentoring/times/<id:pk>/withdraw/": {
        "GET": (L, 404, 404, 405, 404, 404, 404),
        "POST": (L, 404, 404, 302, 404, 404, 404),
    },
    "rotations/availability.json": {"GET": ANYONE_200, "POST": ANYONE_200},
    # Paying by card: a POST of the owner's invoice (a 404 here: the matrix runs without
    # Stripe's keys, and so the card option does not exist); coming back from Stripe's page
    # is a message on the payments page. Stripe's webhook is public, POST only, and refuses
    # a body without Stripe's signature (400).
    "dashboard/payments/<id:pk>/card/": {
        "GET": (L, 405, 405, 302, 302, 302, 302),
        "POST": (L, 404, 404, 302, 302, 302, 302),
    },
    "dashboard/payments/card/paid/": {"GET": (L, *(302,) * 6)},
    "dashboard/payments/card/cancelled/": {"GET": (L, *(302,) * 6)},
    "billing/stripe/webhook/": {"GET": (405,) * 7, "POST": (400,) * 7},
    "rotations/<id:pk>/": {"GET": ANYONE_200},
    # Events: the list, one event and its live places are public; registering needs an
    # account (the world's event is for enrolled observers: everyone is told why, 302);
    # cancelling and the calendar file are the registered person's (others: 404).
    "events/": {"GET": ANYONE_200},
    "events/availability.json": {"GET": ANYONE_200, "POST": ANYONE_200},
    "events/<id:pk>/": {"GET": ANYONE_200},
    "events/<id:pk>/event.ics": {"GET": (L, 200, 404, 404, 404, 404, 404)},
    "events/<id:pk>/register/": {"GET": (L, *(405,) * 6), "POST": (L, *(302,) * 6)},
    "events/<id:pk>/cancel/": {
        "GET": (L, *(405,) * 6),
        "POST": (L, 302, 404, 404, 404, 404, 404),
    },
    "dashboard/rotations/": {
        "GET": (L, 200, 200, 302, 302, 302, 302),
        # A plan change it cannot read comes back to the page with a message.
        "POST": (L, *(302,) * 6),
    },
    "dashboard/rotations/finish/": {"GET": (L, *(405,) * 6), "POST": (L, *(302,) * 6)},
    "dashboard/rotations/<id:pk>/cancel/": {
        "GET": (L, 200, 404, 404, 404, 404, 404),
        "POST": (L, 302, 404, 404, 404, 404, 404),  # the owner: "a reason is needed"
    },
    # Refunds: the applicant's own; staff see them in admin, preceptors in their portal.
    "dashboard/payments/refunds/": {"GET": (L, 200, 200, 302, 302, 302, 302)},
    # Each applicant's letter waits already: posting another is sent back with a message.
    "dashboard/payments/refunds/visa-refusal/": {
        "GET": (L, 405, 405, 302, 302, 302, 302),
        "POST": (L, 302, 302, 302, 302, 302, 302),
    },
    # Choosing a replacement block for the owner's block: the world's request was not
    # cancelled by the program, so the owner is sent back with a message; anyone else's: 404.
    "dashboard/payments/refunds/blocks/<id:pk>/replacement/": {
        "GET": (L, 405, 405, 302, 302, 302, 302),
        "POST": (L, 302, 404, 302, 302, 302, 302),
    },
    "dashboard/payments/refunds/<id:pk>/credit-note.pdf": {
        "GET": (L, 200, 404, 302, 302, 302, 302)
    },
    # Preceptors: the portal is theirs; a request is its rotation's preceptor's alone.
    "preceptors/": {"GET": ANYONE_200},
    "preceptor/": {"GET": (L, 404, 404, 200, 200, 404, 404)},
    "preceptor/profile/": {
        "GET": (L, 404, 404, 200, 200, 404, 404),
        "POST": (L, 404, 404, 400, 400, 404, 404),
    },
    "preceptor/requests/<id:pk>/": {"GET": (L, 404, 404, 200, 404, 404, 404)},
    "preceptor/requests/<id:pk>/confirm/": {
        "GET": (L, 404, 404, 405, 405, 404, 404),
        "POST": (L, 404, 404, 302, 404, 404, 404),
    },
    "preceptor/requests/<id:pk>/decline/": {
        "GET": (L, 404, 404, 405, 405, 404, 404),
        "POST": (L, 404, 404, 400, 404, 404, 404),
    },
    # The document filled in is the transcript, which preceptors are not shown.
    "preceptor/requests/<id:pk>/documents/<id:document_pk>/": {
        "GET": (L, 404, 404, 404, 404, 404, 404)
    },
    "preceptor/respond/<str:token>/": {"GET": (404,) * 7, "POST": (404,) * 7},
    # Letters of recommendation. The applicant's page (an empty form: its errors, as the
    # world's blocks have not ended); the world's letter is waived, so even its owner gets
    # a 404 for the PDF. A letter request is its preceptor's alone; the world's is accepted
    # (answering again is refused with a message: 302) and not written yet (no PDF: 404).
    "dashboard/letters/": {
        "GET": (L, 200, 200, 302, 302, 302, 302),
        "POST": (L, 400, 400, 302, 302, 302, 302),
    },
    "dashboard/letters/<id:pk>/letter.pdf": {"GET": (L, 404, 404, 302, 302, 302, 302)},
    "preceptor/letters/": {"GET": (L, 404, 404, 200, 200, 404, 404)},
    "preceptor/letters/<id:pk>/": {"GET": (L, 404, 404, 200, 404, 404, 404)},
    "preceptor/letters/<id:pk>/accept/": {
        "GET": (L, 404, 404, 405, 405, 404, 404),
        "POST": (L, 404, 404, 302, 404, 404, 404),
    },
    "preceptor/letters/<id:pk>/decline/": {
        "GET": (L, 404, 404, 405, 405, 404, 404),
        "POST": (L, 404, 404, 302, 404, 404, 404),
    },
    "preceptor/letters/<id:pk>/write/": {
        "GET": (L, 404, 404, 200, 404, 404, 404),
        "POST": (L, 404, 404, 400, 404, 404, 404),
    },
    "preceptor/letters/<id:pk>/upload/": {
        "GET": (L, 404, 404, 405, 405, 404, 404),
        "POST": (L, 404, 404, 400, 404, 404, 404),
    },
    "preceptor/letters/<id:pk>/eras/": {
        "GET": (L, 404, 404, 405, 405, 404, 404),
        "POST": (L, 404, 404, 302, 404, 404, 404),
    },
    "preceptor/letters/<id:pk>/letter.pdf": {"GET": (L, 404, 404, 404, 404, 404, 404)},
    "preceptor/letters/respond/<str:token>/": {"GET": (404,) * 7, "POST": (404,) * 7},
    # Attendance and evaluations: the preceptor's started, confirmed blocks of enrolled
    # observers only. The world's request waits for an answer, so even its preceptor gets 404.
    "preceptor/evaluations/": {"GET": (L, 404, 404, 200, 200, 404, 404)},
    "preceptor/evaluations/<id:pk>/attendance/": {
        "GET": (L, 404, 404, 404, 404, 404, 404),
        "POST": (L, 404, 404, 404, 404, 404, 404),
    },
    "preceptor/evaluations/<id:pk>/final/": {
        "GET": (L, 404, 404, 404, 404, 404, 404),
        "POST": (L, 404, 404, 404, 404, 404, 404),
    },
    "preceptor/evaluations/<id:pk>/midpoint/": {
        "GET": (L, 404, 404, 404, 404, 404, 404),
        "POST": (L, 404, 404, 404, 404, 404, 404),
    },
    "preceptor/attendance/<str:token>/": {"GET": (404,) * 7, "POST": (404,) * 7},
    "": {"GET": ANYONE_200},
    # Checking an issued document is for anyone holding its code (the other applicant's
    # document: the page shows the name printed on it, by design).
    "verify/": {"GET": ANYONE_200},
    "verify/<str:code>/": {"GET": ANYONE_200, "POST": (400,) * 7},  # no file: "There is a problem"
    "healthz": {"GET": ANYONE_200, "POST": ANYONE_200},
    # Admin pages that are not a model's own list/add/change/delete/history.
    "admin/": {"GET": (*(L,) * 5, 200, 200), "POST": (*(L,) * 5, 200, 200)},
    "admin/login/": {"GET": (*(200,) * 5, 302, 302), "POST": ANYONE_200},
    "admin/logout/": {"GET": (*(302,) * 5, 405, 405), "POST": (302,) * 7},
    "admin/password_change/": {"GET": (*(L,) * 5, 200, 200), "POST": (*(L,) * 5, 200, 200)},
    "admin/password_change/done/": {
        "GET": (*(L,) * 5, 200, 200),
        "POST": (*(L,) * 5, 405, 405),
    },
    # Without a field to complete, every autocomplete request is refused.
    "admin/autocomplete/": {"GET": (*(L,) * 5, 403, 403), "POST": (*(L,) * 5, 405, 405)},
    "admin/jsi18n/": {"GET": (*(L,) * 5, 200, 200), "POST": (*(L,) * 5, 405, 405)},
    # Applications have no public page to send anyone to.
    "admin/r/<path:content_type_id>/<path:object_id>/": {
        "GET": (*(L,) * 5, 404, 404),
        "POST": (*(L,) * 5, 404, 404),
    },
    "admin/^(?P<app_label>auth|django_celery_beat|audit|privacy|users|notifications|issuance"
    "|applications|rotations|preceptors|billing|events|axes)/$": {
        "GET": (*(L,) * 5, 200, 200),
        "POST": (*(L,) * 5, 200, 200),
    },
    "admin/(?P<url>.*)$": {"GET": (*(L,) * 5, 404, 404), "POST": (*(L,) * 5, 404, 404)},
    # A user's password form: nobody below a superuser.
    "admin/users/user/<id>/password/": {
        "GET": (*(L,) * 5, 403, 403),
        "POST": (*(L,) * 5, 403, 403),
    },
    # Erasing an applicant's account at once (a request by mail): coordinators; an empty
    # reason is shown again with its error, and nothing is erased.
    "admin/users/user/<path:object_id>/erase/": {
        "GET": (*(L,) * 5, 403, 200),
        "POST": (*(L,) * 5, 403, 200),
    },
    # Custom admin views of the applications and rotations.
    "admin/applications/application/export/": {
        "GET": (*(L,) * 5, 200, 200),
        "POST": (*(L,) * 5, 200, 200),
    },
    "admin/applications/application/<path:object_id>/move/<slug:to>/": {
        "GET": (*(L,) * 5, 403, 200),  # the coordinator is told the move does not fit
        "POST": (*(L,) * 5, 403, 200),
    },
    "admin/applications/application/<path:object_id>/notes/": {
        "GET": (*(L,) * 5, 405, 405),
        "POST": (*(L,) * 5, 302, 302),  # an empty note: an error message, nothing added
    },
    # The staff dossier: staff who see applications (both groups) download it; an altered
    # link to a built one is sent back to the list with a message.
    "admin/applications/application/<path:object_id>/dossier/": {
        "GET": (*(L,) * 5, 200, 200),
        "POST": (*(L,) * 5, 405, 405),
    },
    "admin/applications/application/dossiers/<str:token>/": {
        "GET": (*(L,) * 5, 302, 302),
        "POST": (*(L,) * 5, 405, 405),
    },
    "admin/applications/document/<path:object_id>/verify/": {
        "GET": (*(L,) * 5, 405, 405),
        "POST": (*(L,) * 5, 302, 302),
    },
    "admin/applications/document/<path:object_id>/reject/": {
        "GET": (*(L,) * 5, 200, 200),
        "POST": (*(L,) * 5, 200, 200),  # a reason is needed
    },
    # The review screen's inline preview of a document (a PDF or an image): staff only.
    "admin/applications/document/<path:object_id>/preview/": {
        "GET": (*(L,) * 5, 200, 200),
        "POST": (*(L,) * 5, 405, 405),
    },
    "admin/applications/interview/offer-slots/": {
        "GET": (*(L,) * 5, 403, 200),
        "POST": (*(L,) * 5, 403, 200),
    },
    "admin/applications/interview/<id:object_id>/cancel/": {
        "GET": (*(L,) * 5, 403, 200),
        "POST": (*(L,) * 5, 403, 200),
    },
    "admin/applications/interview/<id:object_id>/outcome/": {
        "GET": (*(L,) * 5, 200, 200),
        "POST": (*(L,) * 5, 200, 200),
    },
    # The PDF of an issued document: staff who see the list (both groups).
    "admin/issuance/issueddocument/<path:object_id>/download/": {
        "GET": (*(L,) * 5, 200, 200),
        "POST": (*(L,) * 5, 405, 405),
    },
    "admin/rotations/rotation/series/": {
        "GET": (*(L,) * 5, 403, 200),
        "POST": (*(L,) * 5, 403, 200),
    },
    # A credit note's PDF and a visa refusal letter: staff who see refunds (both groups).
    "admin/billing/refund/<path:object_id>/credit-note/": {
        "GET": (*(L,) * 5, 200, 200),
        "POST": (*(L,) * 5, 405, 405),
    },
    # A letter of recommendation's PDF: staff who see letter requests (both groups); the
    # world's is not written yet (no PDF: 404).
    "admin/preceptors/letterrequest/<path:object_id>/letter/": {
        "GET": (*(L,) * 5, 404, 404),
        "POST": (*(L,) * 5, 405, 405),
    },
    "admin/billing/visarefusal/<path:object_id>/letter/": {
        "GET": (*(L,) * 5, 200, 200),
        "POST": (*(L,) * 5, 405, 405),
    },
    # Pre-arrival evidence and who is not cleared: staff who see the evidence (both groups).
    "admin/rotations/complianceevidence/<path:object_id>/file/": {
        "GET": (*(L,) * 5, 200, 200),
        "POST": (*(L,) * 5, 405, 405),
    },
    # The observers' feedback, results per preceptor and site: staff who see it (both groups).
    "admin/rotations/rotationfeedback/results/": {
        "GET": (*(L,) * 5, 200, 200),
        "POST": (*(L,) * 5, 405, 405),
    },
    "admin/rotations/complianceevidence/not-cleared/": {
        "GET": (*(L,) * 5, 200, 200),
        "POST": (*(L,) * 5, 405, 405),
    },
    # A new version of a fee schedule: coordinators (add_feeschedule); an empty form's errors.
    # Recording a payment and confirming a declared wire: coordinators (an empty form is
    # shown again with its errors); reviewers only look.
    "admin/billing/invoice/<path:object_id>/record-payment/": {
        "GET": (*(L,) * 5, 403, 200),
        "POST": (*(L,) * 5, 403, 200),
    },
    # Releasing an unpaid invoice's places: coordinators (the page asks first; a refusal is
    # a message); reviewers only look.
    "admin/billing/invoice/<path:object_id>/release-places/": {
        "GET": (*(L,) * 5, 403, 200),
        "POST": (*(L,) * 5, 403, 200),
    },
    "admin/billing/wiredeclaration/<path:object_id>/confirm/": {
        "GET": (*(L,) * 5, 403, 200),
        "POST": (*(L,) * 5, 403, 200),
    },
    # An event's attendance from the join platform's CSV: coordinators (change_event); an
    # empty form is shown again with its errors.
    "admin/events/event/<path:object_id>/attendance-import/": {
        "GET": (*(L,) * 5, 403, 200),
        "POST": (*(L,) * 5, 403, 200),
    },
    "admin/billing/feeschedule/<path:object_id>/copy/": {
        "GET": (*(L,) * 5, 403, 200),
        "POST": (*(L,) * 5, 403, 200),
    },
}

# Every model registered in admin, with what its admin refuses whatever the permission.
# A model admin answers its other pages as the role's permissions (roles.py) say.
ADMIN_REFUSES = {
    "auth.group": set(),
    "django_celery_beat.periodictask": set(),
    "django_celery_beat.clockedschedule": set(),
    "django_celery_beat.crontabschedule": set(),
    "django_celery_beat.solarschedule": set(),
    "django_celery_beat.intervalschedule": set(),
    "axes.accessattempt": set(),
    "axes.accesslog": set(),
    "axes.accessfailurelog": set(),
    "users.user": set(),
    "privacy.erasurerequest": {"add", "change", "delete"},  # written by privacy.services
    "audit.activitylog": {"add", "change", "delete"},
    "notifications.notification": {"add", "change", "delete"},
    "applications.application": {"add", "change", "delete"},  # moves go through buttons
    "applications.applicantprofile": {"add", "delete"},
    "applications.document": {"add", "change", "delete"},  # verify / reject buttons
    "applications.interview": set(),
    "applications.interviewslot": {"add", "change", "delete"},  # offered in one go
    "rotations.specialty": set(),
    "rotations.site": set(),
    "rotations.rotation": set(),
    "rotations.rotationrequest": {"add", "delete"},
    "rotations.supportrequest": {"add", "delete"},  # asked by applicants, answered in the form
    "rotations.housingoption": set(),
    "rotations.visaletterrequest": {"add", "change", "delete"},  # decided by actions
    # Granted and used by rotations.services only.
    "rotations.replacementallowance": {"add", "change", "delete"},
    "rotations.requirement": set(),
    "rotations.complianceevidence": {"add", "delete"},  # handed in by the applicant
    "rotations.rotationfeedback": {"add", "change", "delete"},  # given by the observer
    # Written by the preceptor in the portal: staff read them.
    "rotations.blockfollowup": {"add", "change", "delete"},
    "rotations.evaluation": {"add", "change", "delete"},
    "preceptors.preceptor": set(),
    "preceptors.letterrequest": {"add", "change", "delete"},  # written by preceptors.letters
    "billing.feeschedule": set(),  # the world's schedule is a future one: editable
    # Written by billing.services only: issued, paid, declared.
    "billing.invoice": {"add", "change", "delete"},
    "billing.payment": {"add", "change", "delete"},
    "billing.wiredeclaration": {"add", "change", "delete"},
    "billing.webhookevent": {"add", "change", "delete"},  # written by the Stripe webhook
    "billing.checkoutsession": {"add", "change", "delete"},  # written by billing.services
    "billing.refund": {"add", "change", "delete"},  # proposed by services, decided by actions
    "billing.invoicecredit": {"add", "change", "delete"},  # written by billing.services
    "billing.visarefusal": {"add", "change", "delete"},  # uploaded by the applicant
    "issuance.issueddocument": {"add", "change", "delete"},  # issued by the apps' services
    "events.event": set(),
    "events.registration": {"add", "delete"},  # people register and cancel on the site
    "events.mentor": {"delete"},  # created by staff, made inactive rather than deleted
    # Published, booked and noted by mentors and applicants (events.mentoring.services).
    "events.mentoringslot": {"add", "change", "delete"},
    "events.mentoringbooking": {"add", "change", "delete"},
}
# Where a model admin's answer is not the rule's, and why.
ADMIN_EXCEPTIONS = {
    # The reviewer records an interview's outcome on its own page, not in the change form.
    ("admin/applications/interview/<path:object_id>/change/", "POST"): (*(L,) * 5, 403, 200),
    # Every field is read-only: saving the page changes nothing and returns to the list.
    ("admin/rotations/rotationrequest/<path:object_id>/change/", "POST"): (*(L,) * 5, 403, 302),
    # Pre-arrival evidence: every field read-only (verify / reject are actions), likewise.
    ("admin/rotations/complianceevidence/<path:object_id>/change/", "POST"): (*(L,) * 5, 302, 302),
    # Block follow-ups list confirmed blocks that have started; the world's request waits for
    # its preceptor, so admin says it does not exist and returns to the index. Likewise no
    # evaluation exists in the world.
    ("admin/rotations/blockfollowup/<path:object_id>/change/", "GET"): (*(L,) * 5, 302, 302),
    ("admin/rotations/blockfollowup/<path:object_id>/history/", "GET"): (*(L,) * 5, 302, 302),
    ("admin/rotations/blockfollowup/<path:object_id>/history/", "POST"): (*(L,) * 5, 302, 302),
    ("admin/rotations/evaluation/<path:object_id>/change/", "GET"): (*(L,) * 5, 302, 302),
    # An event's registration: every field read-only (attendance is an action), likewise.
    ("admin/events/registration/<path:object_id>/change/", "POST"): (*(L,) * 5, 403, 302),
}
ROLE_PERMISSIONS = {
    "reviewer": {f"{app}.{codename}" for app, codename in REVIEWER},
    "coordinator": {f"{app}.{codename}" for app, codename in COORDINATOR},
}


def admin_rule(pattern: matrix.Pattern, method: str, exists: bool) -> tuple:
    """The outcome per role of a model admin's own page, from the roles' permissions."""
    exception = ADMIN_EXCEPTIONS.get((pattern.route, method))
    if exception is not None:
        return exception
    opts = pattern.model_admin.opts
    label, page = opts.label_lower, pattern.admin_page
    refused = ADMIN_REFUSES[label]

    def may(role: str, action: str) -> bool:
        return (
            action not in refused
            and f"{opts.app_label}.{action}_{opts.model_name}" in ROLE_PERMISSIONS[role]
        )

    def staff(role: str):
        sees = (
            may(role, "view")
            or may(role, "change")
            or (
                "change" in refused
                and f"{opts.app_label}.change_{opts.model_name}" in ROLE_PERMISSIONS[role]
            )
        )
        if page == "redirect":
            return 302  # to the change page, which answers as above
        if page == "history" and not exists:
            return 302  # nothing to show: back to the index, before any permission
        if page in ("changelist", "history"):
            return 200 if sees else 403
        if page == "change":
            if method == "GET":
                return 200 if sees else 403
            return 200 if may(role, "change") else 403  # the empty form's errors
        return 200 if may(role, page) else 403  # add, delete: a form or a confirmation

    return (*(L,) * 5, staff("reviewer"), staff("coordinator"))


# Pages of one object that anyone may see (a published rotation, a published event).
PUBLIC_OBJECT_PAGES = ("rotations/<id:pk>/", "events/<id:pk>/")


def test_every_pattern_has_a_row_and_every_admin_model_a_rule():
    patterns = matrix.walk()
    admin_routes = {p.route for p in patterns if p.admin_page}
    missing = {p.route for p in patterns} - admin_routes - set(TABLE)
    stale = set(TABLE) - {p.route for p in patterns}
    unknown_models = matrix.registered_models() - set(ADMIN_REFUSES)

    assert not missing, f"URL patterns without a row in TABLE: {sorted(missing)}"
    assert not stale, f"Rows in TABLE for no URL pattern: {sorted(stale)}"
    assert not unknown_models, f"Admin models without a rule: {sorted(unknown_models)}"


def test_each_role_gets_what_the_table_says_and_nothing_leaks(client):
    world = build_world()
    people = matrix.users(world)
    owner = world.applicants[0]
    secrets = [*owner.secrets, world.preceptors[0].user.email]
    strangers = {"anonymous", "other_applicant", "other_preceptor"}
    failures, requests = [], 0

    for pattern in matrix.walk():
        path = matrix.fill(pattern, world)
        methods = ("GET", "POST") if pattern.takes_post else ("GET",)
        if pattern.admin_page:
            exists = matrix.admin_object_id(pattern, world) != matrix.MISSING
            expected = {m: admin_rule(pattern, m, exists) for m in methods}
        else:
            expected = TABLE.get(pattern.route)
            if expected is None:
                continue  # reported by the test above
            if set(expected) != set(methods):
                failures.append(
                    f"{pattern.route}: row has {sorted(expected)}, view takes {methods}"
                )
                continue
        private = matrix.names_an_object(pattern) and pattern.route not in PUBLIC_OBJECT_PAGES
        for method in methods:
            for role, want in zip(matrix.ROLES, expected[method], strict=True):
                client.logout()
                if people[role] is not None:
                    client.force_login(people[role])
                response = matrix.request(client, method, path)
                requests += 1
                got = matrix.outcome(response)
                where = f"({pattern.route}, {role}, {method} {path})"
                if got != want:
                    failures.append(f"{where}: got {got}, expected {want}")
                if response.status_code >= 500:
                    failures.append(f"{where}: server error {response.status_code}")
                if role in strangers:
                    body = response.content.decode(errors="replace")
                    if private and response.status_code == 200:
                        failures.append(f"{where}: someone else's object answered 200")
                    shown = [secret for secret in secrets if secret in body]
                    if shown:
                        failures.append(f"{where}: shows someone else's {shown}")

    assert requests > 1000
    assert not failures, "\n".join(failures)
