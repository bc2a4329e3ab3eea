"""Every periodic task, in one place. django-celery-beat's database scheduler reads this
mapping at start-up and keeps it in its tables, where staff can see and pause each entry."""

BEAT_SCHEDULE = {
    # Every minute: a notification still pending two minutes after it was queued or last
    # tried lost its Celery message (the broker was down at commit); send it. One still
    # `sending` past the send task's time limit (NOTIFICATION_SEND_TIME_LIMIT) lost its worker
    # mid-delivery: flag it "maybe sent" and send it again with the same Message-ID.
    "notifications-resend-stale": {
        "task": "notifications.resend_stale",
        "schedule": 60.0,
    },
    # Every hour: preceptors who have not answered a rotation request for three days get one
    # reminder with a fresh link (dedupe key rotation_request:<id>:nudge).
    "rotations-preceptor-nudges": {
        "task": "rotations.send_preceptor_nudges",
        "schedule": 60.0 * 60,
    },
    # Every hour: applicants whose confirmed rotation starts within seven days get the site
    # address, reporting time and preceptor (dedupe key rotation_request:<id>:start7d). Hourly
    # rather than daily, so a day the beat was down costs an hour, not the reminder.
    "rotations-start-reminders": {
        "task": "rotations.send_start_reminders",
        "schedule": 60.0 * 60,
    },
    # Every minute: interview reminders 24 hours and 1 hour before the start, found as due
    # rows (scheduled interviews at their current time); the dedupe key
    # interview:<id>:<24h|1h>:s<sequence> sends each once and lets a moved interview be
    # reminded again. A minute keeps the 1-hour reminder on time; the query is indexed.
    "applications-interview-reminders": {
        "task": "applications.scan_interview_reminders",
        "schedule": 60.0,
    },
    # Every five minutes: the reminder 48 hours before an offer's response deadline (dedupe
    # key offer:<application id>:48h), so the applicant answers before the place is lost.
    "applications-offer-reminders": {
        "task": "applications.scan_offer_reminders",
        "schedule": 60.0 * 5,
    },
    # Every minute: offers whose deadline passed become expired (with their email), so the
    # place can go to the next applicant without waiting for staff.
    "applications-expire-offers": {
        "task": "applications.expire_offers",
        "schedule": 60.0,
    },
    # Every hour: built staff dossiers whose link expired (DOSSIER_LINK_HOURS) are deleted
    # from the private storage, so a dossier nobody downloaded does not stay there.
    "applications-sweep-dossiers": {
        "task": "applications.sweep_dossiers",
        "schedule": 60.0 * 60,
    },
    # Every hour: an open invoice's reminder BILLING_REMINDER_DAYS days before its due date
    # and once it is overdue (dedupe keys invoice:<id>:due-soon and invoice:<id>:overdue);
    # declared wire transfers whose hold ended lapse.
    "billing-payment-reminders": {
        "task": "billing.send_payment_reminders",
        "schedule": 60.0 * 60,
    },
    # Every hour: pre-arrival reminders 60, 30, 14 and 7 days before an observer's first
    # day at a site, for each requirement still missing or expiring (dedupe key
    # compliance:<request>:<requirement>:<days>d). Hourly, like the start reminders, so a
    # beat that was down costs an hour, not a reminder.
    "rotations-compliance-reminders": {
        "task": "rotations.send_compliance_reminders",
        "schedule": 60.0 * 60,
    },
    # Every six hours: the office's weekly list of who is not cleared for a rotation starting
    # in the next 30 days; the key compliance:office:<ISO year>-W<week> sends it once a week
    # (the first run of each week), however often this runs.
    "rotations-office-compliance-list": {
        "task": "rotations.send_office_compliance_list",
        "schedule": 60.0 * 60 * 6,
    },
    # Every hour: a preceptor who has not answered a letter of recommendation request is
    # reminded 7, 14 and 21 days after it, then the program office is told (at 28 days);
    # dedupe keys letter:<id>:remind<days>d and letter:<id>:office send each once.
    "preceptors-letter-reminders": {
        "task": "preceptors.send_letter_reminders",
        "schedule": 60.0 * 60,
    },
    # Every hour: the invitation to give feedback on a block, from its last day (dedupe key
    # rotation_request:<id>:feedback), once per block; blocks ended over 60 days ago are left.
    "rotations-feedback-invitations": {
        "task": "rotations.send_feedback_invitations",
        "schedule": 60.0 * 60,
    },
    # Every six hours: each preceptor's weekly email listing the observers whose attendance
    # waits for confirmation (blocks running, or ended unconfirmed), each with a one-click
    # link; the key attendance:preceptor:<id>:<ISO year>-W<week> sends it once a week.
    "rotations-attendance-requests": {
        "task": "rotations.send_attendance_requests",
        "schedule": 60.0 * 60 * 6,
    },
    # Every hour: an evaluation of an observer not submitted 1, 4 and 8 days after it was due
    # reminds the preceptor (dedupe key evaluation:<request>:<kind>:<days>d).
    "rotations-evaluation-reminders": {
        "task": "rotations.send_evaluation_reminders",
        "schedule": 60.0 * 60,
    },
    # Every five minutes: event reminders 24 hours and 1 hour before the start (the 1-hour
    # one with an online event's join link) for every registered person; the dedupe key
    # event:<registration>:<24h|1h>:s<sequence> sends each once, and a moved event (higher
    # sequence) is reminded at its new time.
    "events-event-reminders": {
        "task": "events.send_event_reminders",
        "schedule": 60.0 * 5,
    },
    # Every five minutes: mentoring reminders 24 hours and 1 hour before each booked
    # session, to the applicant and the mentor (dedupe key
    # mentoring:<booking>:<24h|1h>:<applicant|mentor>:s<sequence>): a second run sends nothing.
    "events-mentoring-reminders": {
        "task": "events.send_mentoring_reminders",
        "schedule": 60.0 * 5,
    },
    # Every five minutes: a copy of an applicant's data still `requested` five minutes after
    # it was asked for lost its Celery message (the broker was down): build it now; a build
    # still running after two hours lost its worker and is marked failed (the applicant may
    # ask again); copies past their DATA_EXPORT_DAYS are deleted from storage.
    "privacy-sweep-exports": {
        "task": "privacy.sweep_exports",
        "schedule": 60.0 * 5,
    },
    # Every hour: accounts whose deletion was asked ERASURE_WAIT_DAYS ago (and not cancelled
    # by signing in) are erased; one a blocker stops now (an enrolment in progress) waits, and
    # the program office is told once. A second run finds nothing left to erase.
    "privacy-erase-due-accounts": {
        "task": "privacy.erase_due_accounts",
        "schedule": 60.0 * 60,
    },
}
