"""Demo data of letters of recommendation (preceptors.letters): two observers of APPLICANTS
whose block is complete (attendance and final evaluation in, so they completed the program),
seeded by hmc_portal.demo.seed through the same services as the pages.

- `thanh@example.com` observed with Dr. Nguyen and asked him for a letter, waived: it waits
  for his answer (his portal shows it; the email's one-time link works).
- `leila@example.com` observed with Dr. Williams, who accepted, wrote the letter from the
  portal's draft and ticked "uploaded to ERAS": she sees "Uploaded to ERAS" and never the
  waived letter; staff download it in admin (Letter requests).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from preceptors.letters import services as letter_services
from preceptors.letters.draft import PLACEHOLDER, draft_for
from rotations.aftercare import services as aftercare_services
from rotations.enums import EvaluationKind
from rotations.models import Rotation, RotationRequest

from .demo_visa import place_on_one_block

# Their block is a preceptor's last demo block, moved back in time: it ended weeks ago.
BLOCK_INDEX = 5
BLOCKS_AGO = 3
# applicant -> (preceptor, ERAS Letter ID, target specialty, what happens: "waiting" for the
# preceptor or "uploaded" to ERAS)
DEMO_LETTERS = {
    "thanh@example.com": ("dr.nguyen@hmc.test", "L2027VN48213", "Internal Medicine", "waiting"),
    "leila@example.com": ("dr.williams@hmc.test", "L2027JO90457", "Family Medicine", "uploaded"),
}
STRENGTHS = (
    "A careful history and examination, a clear differential in case discussions, and warm, "
    "respectful communication with patients and the team."
)
SCORES = {
    "professionalism": 5,
    "medical_knowledge": 4,
    "communication": 5,
    "us_system": 4,
    "curiosity": 5,
}


def seed_letters(*, coordinator, block_start, pay, seed_rotations) -> None:
    """Once per person (an applicant with a rotation request is left alone): the deposit
    paid, one block chosen and confirmed, that block moved into the past (the demo's clock:
    it happened; `seed_rotations` then puts a fresh block where it was, so the catalogue is
    as before), then the letter request and what follows."""
    moved = False
    for email, (preceptor_email, letter_id, specialty, outcome) in DEMO_LETTERS.items():
        block = place_on_one_block(
            email,
            preceptor=preceptor_email,
            start=block_start(BLOCK_INDEX),
            reference="LOR-DEMO",
            coordinator=coordinator,
            pay=pay,
        )
        if block is None:
            continue
        rotation = block.rotation
        start = block_start(-BLOCKS_AGO)
        Rotation.objects.filter(pk=rotation.pk).update(
            start_date=start, end_date=start + (rotation.end_date - rotation.start_date)
        )
        moved = True
        block.refresh_from_db()
        _follow_up(block)
        _letter(block, letter_id=letter_id, specialty=specialty, outcome=outcome)
    if moved:
        seed_rotations()


def _follow_up(block: RotationRequest) -> None:
    """The preceptor confirmed the attendance (one day missed) and wrote the final
    evaluation: the block is complete, so the observer completed the program (and has their
    certificate) and may ask for the letter."""
    preceptor_user = block.rotation.preceptor.user
    aftercare_services.confirm_attendance(
        rotation_request=block, by=preceptor_user, missed_days=[block.rotation.start_date]
    )
    aftercare_services.submit_evaluation(
        rotation_request=block,
        kind=EvaluationKind.FINAL,
        scores=SCORES,
        strengths=STRENGTHS,
        areas_to_grow="Presenting new patients more concisely on rounds.",
        by=preceptor_user,
    )


def _letter(block: RotationRequest, *, letter_id: str, specialty: str, outcome: str) -> None:
    letter_request = letter_services.request_letter(
        application=block.application,
        rotation_request=block,
        eras_letter_id=letter_id,
        specialty=specialty,
        due_date=timezone.localdate() + datetime.timedelta(days=30),
        waived=True,
        by=block.application.applicant,
    )
    if outcome != "uploaded":
        return
    preceptor_user = letter_request.preceptor.user
    letter_request = letter_services.accept_letter_request(
        letter_request=letter_request, by=preceptor_user
    )
    body = draft_for(letter_request).replace(
        PLACEHOLDER,
        "Among the observers I have supervised, she stands out for her preparation and her "
        "curiosity; she would be an asset to any residency program.",
    )
    letter_services.save_written_letter(
        letter_request=letter_request, by=preceptor_user, body=body, contact=preceptor_user.email
    )
    letter_services.mark_uploaded_to_eras(letter_request=letter_request, by=preceptor_user)
