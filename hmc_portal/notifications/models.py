import uuid
from email.utils import parseaddr

from django.conf import settings
from django.contrib.postgres.functions import RandomUUID
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from hmc_portal.form_choices import choice_display

from .enums import NotificationStatus


class Notification(models.Model):
    """One email in the outbox. The row is written in the caller's transaction, so an email
    exists exactly when the change that caused it was committed, whatever Redis is doing."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    to_email = models.EmailField(_("to"))
    template = models.CharField(_("template"), max_length=100)
    # The recipient's language when it was queued: the email is rendered in it (English
    # when the portal no longer offers it).
    language = models.CharField(_("language"), max_length=10, default="en")
    context = models.JSONField(_("context"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    # Attachments as [{"filename", "mimetype", "content", "issued_document"}]: text content
    # (an ICS file), or the id of an issued PDF read from the private storage when sent.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    dedupe_key = models.CharField(_("dedupe key"), max_length=200, unique=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
    )
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    # Names the email in its Message-ID, the same on every attempt, so that a receiver drops
    # the second copy of an email whose first delivery nobody heard about.
    message_uuid = models.UUIDField(
        _("message key"), default=uuid.uuid4, db_default=RandomUUID(), unique=True, editable=False
    )
    maybe_sent = models.BooleanField(
        _("maybe sent (worker stopped while sending)"),
        default=False,
        help_text=_(
            "A worker stopped while handing this email to the mail server, so an earlier "
            "attempt may have been delivered. It was sent again with the same Message-ID, "
            "which lets the recipient's mail server drop the second copy."
        ),
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        permissions = [("resend_notification", _("Can send an email again"))]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="notification_pending_idx",
                condition=models.Q(status="pending"),
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx"),
            # The outbox admin: its order (newest first) and its template filter, which
            # walks this index for the templates used instead of a DISTINCT over every row.
            models.Index(fields=["-created_at", "-id"], name="notification_newest_idx"),
            models.Index(fields=["template"], name="notification_template_idx"),
        ]

    # The label read from the enum (the outbox list names each of its rows by __str__).
    get_status_display = choice_display("status", NotificationStatus)

    def __str__(self) -> str:
        return f"{self.template} → {self.to_email} ({self.get_status_display()})"

    @property
    def message_id(self) -> str:
        """The Message-ID header, in make_msgid's `<left@domain>` shape, stable per row."""
        domain = settings.NOTIFICATION_MESSAGE_ID_DOMAIN or (
            parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
        )
        return f"<notification-{self.message_uuid}@{domain}>"
