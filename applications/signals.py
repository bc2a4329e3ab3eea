"""What applications tells the apps above it. Each signal is sent inside the transaction of
the change it announces: a receiver that raises rolls the change back with it, and a
receiver's own writes commit with it. Receivers act through their own app's services.

A test (tests/applications/test_signals.py) asserts the set of connected receivers, so
"what happens when X" stays one hop away.
"""

from django.dispatch import Signal

application_status_changed = Signal()
"""Sent by applications.services.transition_application after the StatusChange row is
written, with keyword arguments: application (locked, already in its new status),
from_status, to_status, by (the user who made the move, or None for the clock).

Receivers:
- applications.receivers.cancel_interviews_on_exit: leaving the program (withdrawn,
  rejected, declined, expired) cancels every scheduled interview, with its calendar
  cancellation;
- rotations.receivers.release_places_on_exit: leaving the program gives back every rotation
  place asked for or held, and the first on each waiting list moves up;
- rotations.arrival.receivers.visa_letter_on_exit: leaving the program revokes the issued
  visa invitation letter (the placement it describes ended);
- rotations.aftercare.certificate_receivers.certificate_on_status_change: completed issues
  the completion certificate and emails it; leaving completed (staff reopen the completion)
  revokes it ("The completion was reopened");
- billing.receivers.invoice_on_status_change: taking the offer (confirmed) issues the
  deposit invoice, every chosen rotation confirmed (enrolled) the balance invoice; with no
  fee schedule in force nothing is invoiced and the move goes on;
- billing.receivers.refund_on_exit: leaving the program proposes the refund of what was
  paid, by the rules of billing.refunds, and cancels open invoices;
- events.receivers.mentoring_on_exit: leaving the program cancels the mentoring sessions
  still to come, and tells both sides.
"""
