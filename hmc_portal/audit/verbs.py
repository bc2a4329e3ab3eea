"""The fixed vocabulary of the activity log: every verb a service writes, with the words a
person reads for it. A verb is `<app>.<model>.<what happened>`; log_action refuses any verb
not listed here, so a typo fails the first test that reaches it."""

from django.utils.translation import gettext_lazy as _

VERBS: dict[str, str] = {
    # applications: the application and its lifecycle
    "applications.application.started": _("Application started"),
    "applications.application.status_changed": _("Status changed"),
    "applications.profile.updated": _("Applicant profile updated"),
    "applications.note.added": _("Internal note added"),
    "applications.dossier.downloaded": _("Dossier downloaded"),
    # applications: documents
    "applications.document.uploaded": _("Document uploaded"),
    "applications.document.replaced": _("Document replaced"),
    "applications.document.deleted": _("Document deleted"),
    "applications.document.verified": _("Document verified"),
    "applications.document.rejected": _("Document rejected"),
    # applications: interviews
    "applications.interview.scheduled": _("Interview scheduled"),
    "applications.interview.slots_offered": _("Interview times offered"),
    "applications.interview.slot_picked": _("Interview time chosen"),
    "applications.interview.time_requested": _("Another interview time requested"),
    "applications.interview.rescheduled": _("Interview moved"),
    "applications.interview.cancelled": _("Interview cancelled"),
    "applications.interview.outcome_recorded": _("Interview outcome recorded"),
    # rotations: the catalogue
    "rotations.rotation.created": _("Rotation created"),
    "rotations.rotation.updated": _("Rotation changed"),
    "rotations.rotation.published": _("Rotation published"),
    "rotations.rotation.unpublished": _("Rotation unpublished"),
    # rotations: placement
    "rotations.request.chosen": _("Rotations chosen"),
    "rotations.request.confirmed": _("Rotation request confirmed"),
    "rotations.request.waitlisted": _("Rotation request waitlisted"),
    "rotations.request.declined": _("Rotation request declined"),
    "rotations.request.cancelled": _("Rotation request cancelled"),
    "rotations.request.promoted": _("Promoted from the waiting list"),
    "rotations.request.released": _("Rotation request released"),
    "rotations.placement.finished": _("Placement finished"),
    # rotations: the visa invitation letter
    "rotations.visa_letter.requested": _("Visa invitation letter requested"),
    "rotations.visa_letter.approved": _("Visa invitation letter request approved"),
    "rotations.visa_letter.sent_back": _("Visa invitation letter request sent back"),
    "rotations.visa_letter.issued": _("Visa invitation letter issued"),
    "rotations.visa_letter.revoked": _("Visa invitation letter revoked: the placement changed"),
    "rotations.rotation.cancelled": _("Rotation cancelled by the program"),
    # rotations: travel and housing help before arrival
    "rotations.supportrequest.requested": _("Travel or housing help requested"),
    "rotations.supportrequest.answered": _("Travel or housing request answered"),
    "rotations.housingoption.created": _("Housing option added"),
    "rotations.housingoption.updated": _("Housing option changed"),
    "rotations.replacement.granted": _("Replacement block granted"),
    "rotations.replacement.used": _("Replacement block confirmed"),
    "rotations.replacement.withdrawn": _("Replacement block withdrawn"),
    # rotations: pre-arrival compliance
    "rotations.compliance.uploaded": _("Pre-arrival evidence handed in"),
    "rotations.compliance.verified": _("Pre-arrival evidence verified"),
    "rotations.compliance.rejected": _("Pre-arrival evidence not accepted"),
    # rotations: after the rotation (the observer's feedback, the completion certificate)
    "rotations.feedback.given": _("Feedback on a rotation given"),
    "rotations.certificate.issued": _("Completion certificate issued"),
    "rotations.certificate.revoked": _("Completion certificate revoked"),
    # rotations: attendance and the preceptor's evaluations
    "rotations.attendance.confirmed": _("Attendance confirmed by the preceptor"),
    "rotations.attendance.corrected": _("Attendance corrected by the preceptor"),
    "rotations.evaluation.submitted": _("Evaluation of the observer submitted"),
    # preceptors
    "preceptors.preceptor.created": _("Preceptor profile created"),
    "preceptors.preceptor.updated": _("Preceptor profile changed"),
    "preceptors.preceptor.documents_access_granted": _("Access to applicants' documents granted"),
    "preceptors.preceptor.documents_access_revoked": _("Access to applicants' documents revoked"),
    # preceptors: letters of recommendation
    "preceptors.letter.requested": _("Letter of recommendation requested"),
    "preceptors.letter.accepted": _("Letter request accepted by the preceptor"),
    "preceptors.letter.declined": _("Letter request declined by the preceptor"),
    "preceptors.letter.written": _("Letter of recommendation written"),
    "preceptors.letter.uploaded_to_eras": _("Letter of recommendation uploaded to ERAS"),
    # billing: the fee schedule
    "billing.feeschedule.created": _("Fee schedule created"),
    "billing.feeschedule.updated": _("Fee schedule changed"),
    "billing.feeschedule.copied": _("Fee schedule copied as a new version"),
    "billing.feeschedule.deleted": _("Fee schedule deleted before it applied"),
    # billing: invoices and payments
    "billing.invoice.issued": _("Invoice issued"),
    "billing.payment.recorded": _("Payment recorded"),
    "billing.wire.declared": _("Wire transfer declared by the applicant"),
    "billing.wire.lapsed": _("Declared wire transfer lapsed"),
    "billing.places.released": _("Places released for non-payment"),
    "billing.card.started": _("Card payment started on Stripe's checkout page"),
    "billing.card.mismatch": _("Card payment did not match the invoice: nothing recorded"),
    # billing: refunds and credit notes
    "billing.invoice.cancelled": _("Invoice cancelled"),
    "billing.invoice.credited": _("Invoice credited: a cancelled block is no longer charged"),
    "billing.refund.proposed": _("Refund proposed"),
    "billing.refund.approved": _("Refund approved, credit note issued"),
    "billing.refund.sent": _("Refund sent to the payment provider"),
    "billing.refund.paid": _("Refund paid by wire"),
    "billing.refund.rejected": _("Refund rejected"),
    "billing.refund.replaced": _("Refund kept for a replacement block"),
    "billing.payment.carried": _("Payment kept for a replacement block"),
    "billing.payment.carried_used": _("Payment kept taken off the replacement block's invoice"),
    "billing.visarefusal.uploaded": _("Visa refusal letter uploaded"),
    "billing.visarefusal.verified": _("Visa refusal letter verified"),
    "billing.visarefusal.rejected": _("Visa refusal letter not accepted"),
    # events: seminars, workshops, networking
    "events.event.created": _("Event created"),
    "events.event.updated": _("Event changed"),
    "events.event.rescheduled": _("Event moved to a new time"),
    "events.event.copied": _("Event copied"),
    "events.event.messaged": _("Message sent to the event's registrants"),
    "events.registration.registered": _("Registered for an event"),
    "events.registration.waitlisted": _("Placed on an event's waiting list"),
    "events.registration.promoted": _("Given a place from an event's waiting list"),
    "events.registration.cancelled": _("Event registration cancelled"),
    "events.registration.attended": _("Event attendance recorded"),
    # events: mentoring and career guidance
    "events.mentoringslot.published": _("Mentoring times published"),
    "events.mentoringslot.cancelled": _("Mentoring time cancelled"),
    "events.mentoringbooking.booked": _("Mentoring session booked"),
    "events.mentoringbooking.cancelled": _("Mentoring session cancelled"),
    "events.mentoringbooking.noted": _("Mentoring session note and follow-up recorded"),
    # issued documents (PDFs with a verification code)
    "issuance.document.issued": _("Document issued"),
    "issuance.document.revoked": _("Issued document revoked"),
    # privacy: the applicant's copy of their data
    "privacy.export.requested": _("Copy of the applicant's data requested"),
    "privacy.export.ready": _("Copy of the applicant's data ready"),
    "privacy.export.failed": _("Copy of the applicant's data could not be built"),
    "privacy.export.downloaded": _("Copy of the applicant's data downloaded"),
    "privacy.export.expired": _("Copy of the applicant's data deleted after its expiry"),
    # privacy: erasing an account (the entries hold no personal value)
    "privacy.erasure.requested": _("Account deletion requested"),
    "privacy.erasure.cancelled": _("Account deletion cancelled"),
    "privacy.erasure.held": _("Account deletion held: something stops it for now"),
    "privacy.erasure.done": _("Account erased"),
    # users and the outbox
    "users.user.email_confirmed": _("Email address confirmed"),
    "users.user.groups_changed": _("Staff groups changed"),
    "users.user.second_factor_enrolled": _("Enrolled a second factor"),
    "users.user.recovery_code_used": _("Used a recovery code"),
    "users.user.second_factor_reset": _("Reset a second factor"),
    "notifications.notification.resent": _("Email sent again"),
    "notifications.notification.interrupted": _(
        "Email maybe sent: the worker stopped while sending, sent again"
    ),
}


def verb_label(verb: str) -> str:
    """The words for a verb; an unknown one (from an older release) as it is."""
    return str(VERBS.get(verb, verb))
