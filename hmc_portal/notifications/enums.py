from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    # The attempt is recorded and committed before SMTP is spoken to: a row left here past
    # the send task's time limit lost its worker mid-delivery and may have been delivered.
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled: out of date before it was sent")
