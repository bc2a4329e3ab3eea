"""Interviews: schedule one, or offer slots for the applicant to pick; reschedule, cancel,
record the outcome (`scheduling`); the applicant's request for another time
(`requests`); the periodic scan that sends the 24-hour and 1-hour
reminders (`reminders`); what every interview email carries (`emails`)."""

from .emails import REMINDERS
from .reminders import send_interview_reminders
from .requests import MAX_REQUESTS_PER_DAY, request_interview_time
from .scheduling import (
    INTERVIEW_STAGES,
    KEEP,
    MAX_OFFERED_SLOTS,
    OUTCOMES,
    InterviewError,
    SlotTime,
    cancel_interview,
    cancel_interviews_on_exit,
    interview_stage_problem,
    offer_interview_slots,
    pick_interview_slot,
    record_interview_outcome,
    reschedule_interview,
    schedule_interview,
)

__all__ = [
    "INTERVIEW_STAGES",
    "KEEP",
    "MAX_OFFERED_SLOTS",
    "MAX_REQUESTS_PER_DAY",
    "OUTCOMES",
    "REMINDERS",
    "InterviewError",
    "SlotTime",
    "cancel_interview",
    "cancel_interviews_on_exit",
    "interview_stage_problem",
    "offer_interview_slots",
    "pick_interview_slot",
    "record_interview_outcome",
    "request_interview_time",
    "reschedule_interview",
    "schedule_interview",
    "send_interview_reminders",
]
