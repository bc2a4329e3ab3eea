"""Releasing the places of an applicant who has not paid an overdue invoice.

A coordinator acts (never the clock): BILLING_RELEASE_AFTER_DAYS after the due date, with
money still outstanding and no declared wire transfer holding the places, the application's
rotation requests are cancelled through rotations' own service (which emails the applicant
once and each preceptor, and gives confirmed places to the waiting lists). The invoice stays
open: the applicant may still pay it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from applications.selectors import application_for_update
from hmc_portal.audit.services import log_action
from hmc_portal.dates import written
from hmc_portal.languages import speaking_to
from rotations import services as rotation_services
from rotations.enums import CancelCause
from rotations.errors import PlacementError

from ..enums import InvoiceStatus
from ..errors import BillingError
from ..models import Invoice, local_today
from ..money import format_money
from ..places import active_hold, release_from
from .invoices import _lock, balance_of

if TYPE_CHECKING:
    from hmc_portal.users.models import User

RELEASE_PERMISSION = "billing.record_payment"


def may_release_places(user) -> bool:
    """Coordinators (and superusers): the permission recording payments needs."""
    return bool(user and user.is_active and user.is_staff and user.has_perm(RELEASE_PERMISSION))


def release_unpaid_places(*, invoice: Invoice, by: User) -> list:
    """Release every rotation place the applicant of `invoice` asked for or holds, for
    non-payment. Coordinators only. Under the application's then the invoice's lock (the
    order placement writers take them); refuses with a BillingError, writing nothing, when
    the invoice is not open, has nothing outstanding, is not yet BILLING_RELEASE_AFTER_DAYS
    past due, a declared wire transfer still holds the places, or rotations refuses (nothing
    to release). Logs `billing.places.released` with the count. Returns the requests
    cancelled."""
    if not may_release_places(by):
        raise BillingError(_("Only the program office can release places for non-payment."))
    with transaction.atomic():
        application_id = Invoice.objects.values_list("application_id", flat=True).get(pk=invoice.pk)
        application = application_for_update(application_id=application_id)
        locked = _lock(invoice.pk)
        number = locked.number
        if locked.status != InvoiceStatus.OPEN:
            raise BillingError(
                _("Invoice %(number)s is %(status)s: its places are not released.")
                % {"number": number, "status": locked.get_status_display().lower()}
            )
        outstanding = balance_of(locked)
        if outstanding <= 0:
            raise BillingError(
                _("Invoice %(number)s has nothing outstanding.") % {"number": number}
            )
        today = local_today()
        first_day = release_from(locked)
        if today < first_day:
            raise BillingError(
                _("Places can be released from %(date)s.") % {"date": written(first_day, "date")}
            )
        hold = active_hold(locked, today=today)
        if hold is not None:
            raise BillingError(
                _(
                    "%(name)s declared a wire transfer on %(declared)s: the places are held "
                    "until %(until)s."
                )
                % {
                    "name": locked.bill_to_name,
                    "declared": written(hold.declared_at, "date"),
                    "until": written(hold.holds_until, "date"),
                }
            )
        with speaking_to(application.applicant):  # the applicant's email quotes it
            reason = _("Invoice %(number)s was not paid: %(balance)s was due by %(date)s.") % {
                "number": number,
                "balance": format_money(outstanding, locked.currency),
                "date": written(locked.due_date, "date"),
            }
        try:
            released = rotation_services.release_places(
                application=application, by=by, cause=CancelCause.NON_PAYMENT, reason=reason
            )
        except PlacementError as error:  # nothing to release, or no rotations permission
            raise BillingError(str(error)) from error
        log_action(
            locked,
            "billing.places.released",
            by=by,
            person=application.applicant,
            data={"invoice": number, "count": len(released)},
        )
    return released
