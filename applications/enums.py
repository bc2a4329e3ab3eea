from django.db import models


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    INTERVIEW = "interview", "Interview"
    WAITLISTED = "waitlisted", "Waitlisted"
    ACCEPTED = "accepted", "Offer made"
    REJECTED = "rejected", "Not accepted"
    CONFIRMED = "confirmed", "Offer accepted"
    DECLINED = "declined", "Offer declined"
    EXPIRED = "expired", "Offer expired"
    ENROLLED = "enrolled", "Enrolled"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class EcfmgStatus(models.TextChoices):
    CERTIFIED = "certified", "Certified"
    IN_PROGRESS = "in_progress", "In progress"
    NOT_STARTED = "not_started", "Not started"


class Degree(models.TextChoices):
    MBBS = "mbbs", "MBBS / MBChB"
    MD = "md", "MD (or equivalent)"
    DO = "do", "DO"
    OTHER = "other", "Other medical degree"


class UsmleResult(models.TextChoices):
    NOT_TAKEN = "", "Not taken yet"
    PASS = "pass", "Pass"
    FAIL = "fail", "Fail"
    SCORE = "score", "Scored (three-digit score)"


class EnglishTest(models.TextChoices):
    NATIVE = "native", "Native speaker"
    TOEFL = "toefl", "TOEFL iBT"
    IELTS = "ielts", "IELTS Academic"
    OET = "oet", "OET Medicine"
    NONE = "none", "Not tested yet"


class DocumentKind(models.TextChoices):
    TRANSCRIPT = "transcript", "Medical school transcript"
    DIPLOMA = "diploma", "Proof of graduation (diploma)"
    CV = "cv", "CV"
    PERSONAL_STATEMENT = "personal_statement", "Personal statement"
    PASSPORT = "passport", "Passport bio page"
    USMLE_TRANSCRIPT = "usmle_transcript", "USMLE transcript"
    ECFMG_CERTIFICATE = "ecfmg_certificate", "ECFMG certificate"
    ENGLISH_PROFICIENCY = "english_proficiency", "English proficiency result"
    IMMUNIZATION = "immunization", "Immunization / TB records"
    OTHER = "other", "Other"


# Submitting needs each of these; the personal statement may be written in the form instead.
REQUIRED_DOCUMENTS = (
    DocumentKind.TRANSCRIPT,
    DocumentKind.DIPLOMA,
    DocumentKind.CV,
    DocumentKind.PERSONAL_STATEMENT,
    DocumentKind.PASSPORT,
)


class DocumentStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Rejected"


class InterviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    COMPLETED = "completed", "Completed"
    NO_SHOW = "no_show", "No-show"
    CANCELLED = "cancelled", "Cancelled"


class Recommendation(models.TextChoices):
    STRONGLY_RECOMMEND = "strong", "Strongly recommend"
    RECOMMEND = "recommend", "Recommend"
    NEUTRAL = "neutral", "Neutral"
    NOT_RECOMMEND = "not_recommend", "Do not recommend"
