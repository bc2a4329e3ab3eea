"""Who may be asked for a letter, and the draft the preceptor starts from. The letter is for
US program directors: the draft is in English whatever the preceptor's language."""

from __future__ import annotations

import datetime

from hmc_portal.issuance.rendering import written_date
from hmc_portal.records import observer_record
from rotations.aftercare.selectors import block_state
from rotations.enums import EvaluationKind, RequestStatus
from rotations.models import RotationRequest

from ..models import LetterRequest

# Where the preceptor writes what only they can say; the draft never goes out as it is.
PLACEHOLDER = (
    "[Describe what you observed: clinical reasoning in case discussions, professionalism, "
    "communication with patients and the team, and how they compare with other trainees you "
    "have supervised.]"
)


def block_ready_for_letter(rotation_request: RotationRequest, *, today: datetime.date) -> bool:
    """Whether the applicant may ask this block's preceptor for a letter today: a confirmed
    block that is complete (attendance confirmed through its last day and the final
    evaluation submitted: rotations.aftercare), or, when the preceptor accepts early
    requests (Preceptor.accepts_early_letter_requests), one from its second half on. The
    one place for the rule. Attendance and evaluations are read as loaded (prefetch them
    with rotations.aftercare.selectors.with_aftercare for many blocks)."""
    if rotation_request.status != RequestStatus.CONFIRMED:
        return False
    if block_state(rotation_request, today=today).complete:
        return True
    rotation = rotation_request.rotation
    if not rotation.preceptor.accepts_early_letter_requests:
        return False
    length = (rotation.end_date - rotation.start_date).days + 1
    halfway = rotation.start_date + datetime.timedelta(days=length // 2)
    return halfway <= today


def draft_for(letter_request: LetterRequest) -> str:
    """The draft the letter form opens with: built from the block and, once the preceptor
    has evaluated the observer and confirmed the attendance, the strengths they wrote in
    the final evaluation and the days attended."""
    state = block_state(letter_request.rotation_request)
    final = state.evaluations.get(EvaluationKind.FINAL)
    return letter_draft(
        letter_request,
        strengths=final.strengths if final is not None else "",
        days_attended=state.days_attended if state.attendance_done else None,
        also=[
            f"{line.text} ({written_date(line.day)})"
            for line in observer_record.lines(letter_request.application.applicant)
        ],
    )


def letter_draft(
    letter_request: LetterRequest,
    *,
    strengths: str = "",
    days_attended: int | None = None,
    also: list[str] | tuple[str, ...] = (),
) -> str:
    """The letter's first draft from the block's dates, specialty and site, the target
    specialty, and (when given) the strengths the preceptor wrote in their evaluation, the
    days attended and what else the observer took part in (`also`: seminars attended). The
    preceptor edits it; nothing is sent without their review."""
    applicant = letter_request.application.applicant
    name = applicant.get_full_name() or applicant.email
    rotation = letter_request.rotation_request.rotation
    first = written_date(rotation.start_date)
    last = written_date(rotation.end_date)
    site = rotation.site.name
    attended = (
        f" {name} attended {days_attended} {'day' if days_attended == 1 else 'days'} of the "
        "observership."
        if days_attended is not None
        else ""
    )
    paragraphs = [
        "Dear Program Director,",
        f"It is my pleasure to recommend {name} for residency training in "
        f"{letter_request.specialty}. {name} observed with me in {rotation.specialty.name} "
        f"at {site} from {first} to {last}.{attended}",
    ]
    strengths = strengths.strip()
    if strengths:
        paragraphs.append(f"During the observership I noted these strengths: {strengths}")
    if also:
        paragraphs.append(f"{name} also took part in: {'; '.join(also)}.")
    paragraphs += [
        PLACEHOLDER,
        f"I recommend {name} to your program without reservation.",
    ]
    return "\n\n".join(paragraphs)
