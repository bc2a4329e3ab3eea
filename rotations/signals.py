"""What rotations tells the apps above it. Each signal is sent inside the transaction of the
change it announces: a receiver that raises rolls the change back with it, and a receiver's
own writes commit with it. Receivers act through their own app's services.

A test (tests/rotations/test_signals.py) asserts the set of connected receivers, so "what
happens when X" stays one hop away.
"""

from django.dispatch import Signal

rotation_request_cancelled = Signal()
"""Sent once one request is cancelled, by rotations.services.cancel_rotation_request (by the
applicant, or by the program office on their behalf) and by
rotations.services.release_places (for each request of an application whose places the
program office released), with keyword arguments: rotation_request (locked, already
cancelled; `confirmed_at` kept when it had been confirmed), from_status (its status
before), by (who cancelled), cause (rotations.enums.CancelCause: APPLICANT, PROGRAM,
NON_PAYMENT or VISA_POSTPONED; also stored as `rotation_request.cancel_cause`).
Not sent when an application leaves the program (LEFT_PROGRAM): application_status_changed
covers that.

Receivers:
- billing.receivers.refund_on_request_cancelled: a confirmed block cancelled proposes the
  refund of what was paid for it: less the program's share for APPLICANT, in full for
  PROGRAM (billing.refunds); none for NON_PAYMENT or VISA_POSTPONED.
- rotations.arrival.receivers.visa_letter_on_request_cancelled: a confirmed block cancelled
  revokes the visa invitation letter that lists it and, if the plan left is still eligible,
  issues a new one from the same approved details.
"""

rotation_cancelled = Signal()
"""Sent by rotations.services.cancel_rotation once the program has cancelled a rotation it
cannot run and every active request for it, with keyword arguments: rotation (locked,
unpublished), rotation_requests (the requests it cancelled, each already cancelled, with
`confirmed_at` kept), reason, by (the coordinator), cause (always CancelCause.PROGRAM).

Receivers:
- billing.receivers.refund_on_rotation_cancelled: each confirmed block cancelled proposes
  the full refund of what was paid for it (billing.refunds).
- rotations.arrival.receivers.visa_letter_on_rotation_cancelled: each visa invitation
  letter that listed the rotation as confirmed is revoked and, where the plan left is still
  eligible, replaced by a new one.
"""

replacement_confirmed = Signal()
"""Sent by rotations.services.confirm_rotation_request (and when a place opens for a
waiting-listed request) once a request chosen as a replacement block
(`rotation_request.replacement_for`) is confirmed and its allowance is used, with keyword
arguments: rotation_request (locked, confirmed), allowance (the ReplacementAllowance, now
used: `used_by` is the request, `replaces` the cancelled block), by (who confirmed: the
preceptor, staff, or None for the waiting list). Sent once per allowance.

Receivers:
- billing.receivers.invoice_on_replacement_confirmed: the replacement block is invoiced like
  the block it replaces, less what was paid for that one (nothing when it was paid for);
- rotations.arrival.receivers.visa_letter_on_replacement_confirmed: the issued visa
  invitation letter, which does not list the new block, is revoked and a new one issued.
"""
