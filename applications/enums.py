from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    INTERVIEW = "interview", _("Interview")
    WAITLISTED = "waitlisted", _("Waitlisted")
    ACCEPTED = "accepted", _("Offer made")
    REJECTED = "rejected", _("Not accepted")
    CONFIRMED = "confirmed", _("Offer accepted")
    DECLINED = "declined", _("Offer declined")
    EXPIRED = "expired", _("Offer expired")
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class EcfmgStatus(models.TextChoices):
    CERTIFIED = "certified", _("Certified")
    IN_PROGRESS = "in_progress", _("In progress")
    NOT_STARTED = "not_started", _("Not started")


class Degree(models.TextChoices):
    MBBS = "mbbs", _("MBBS / MBChB")
    MD = "md", _("MD (or equivalent)")
    DO = "do", _("DO")
    OTHER = "other", _("Other medical degree")


class UsmleResult(models.TextChoices):
    NOT_TAKEN = "", _("Not taken yet")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    SCORE = "score", _("Scored (three-digit score)")


class EnglishTest(models.TextChoices):
    NATIVE = "native", _("Native speaker")
    TOEFL = "toefl", _("TOEFL iBT")
    IELTS = "ielts", _("IELTS Academic")
    OET = "oet", _("OET Medicine")
    NONE = "none", _("Not tested yet")


class DocumentKind(models.TextChoices):
    TRANSCRIPT = "transcript", _("Medical school transcript")
    DIPLOMA = "diploma", _("Proof of graduation (diploma)")
    CV = "cv", _("CV")
    PERSONAL_STATEMENT = "personal_statement", _("Personal statement")
    PASSPORT = "passport", _("Passport bio page")
    USMLE_TRANSCRIPT = "usmle_transcript", _("USMLE transcript")
    ECFMG_CERTIFICATE = "ecfmg_certificate", _("ECFMG certificate")
    ENGLISH_PROFICIENCY = "english_proficiency", _("English proficiency result")
    IMMUNIZATION = "immunization", _("Immunization / TB records")
    OTHER = "other", _("Other")


# Submitting needs each of these; the personal statement may be written in the form instead.
REQUIRED_DOCUMENTS = (
    DocumentKind.TRANSCRIPT,
    DocumentKind.DIPLOMA,
    DocumentKind.CV,
    DocumentKind.PERSONAL_STATEMENT,
    DocumentKind.PASSPORT,
)

# Usually photographed with the phone rather than scanned: the upload input asks for the
# camera (`capture`), which on some phones leaves no choice of a file.
PHOTO_KINDS = (DocumentKind.PASSPORT,)


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class InterviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    COMPLETED = "completed", _("Completed")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")


class Recommendation(models.TextChoices):
    STRONGLY_RECOMMEND = "strong", _("Strongly recommend")
    RECOMMEND = "recommend", _("Recommend")
    NEUTRAL = "neutral", _("Neutral")
    NOT_RECOMMEND = "not_recommend", _("Do not recommend")


class DossierBuildStatus(models.TextChoices):
    BUILDING = "building", _("Being built")
    READY = "ready", _("Ready to download")
    DOWNLOADED = "downloaded", _("Downloaded")
    FAILED = "failed", _("Could not be built")
    EXPIRED = "expired", _("Expired")
