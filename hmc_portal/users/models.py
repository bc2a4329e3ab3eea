from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Lower, Upper
from django.utils.translation import gettext_lazy as _

from hmc_portal.languages import language_or_default

from .timezones import validate_timezone


class UserManager(BaseUserManager):
    """Users are found by email, case-insensitively; there is no username."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        if not (extra["is_staff"] and extra["is_superuser"]):
            raise ValueError("A superuser must have is_staff and is_superuser.")
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email: str):
        return self.get(email__iexact=email)


class User(AbstractUser):
    """A person who signs in with an email address. Roles are derived, see `role`."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_timezone],
        help_text=_("Every date and time you see is shown in this zone."),
    )
    # Choices are not stored in migrations: settings.LANGUAGES may grow without one.
    language = models.CharField(
        _("language"),
        max_length=10,
        default="en",
        help_text=_("The language of the portal's pages and of every email we send you."),
    )
    email_verified_at = models.DateTimeField(_("email verified"), null=True, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        permissions = [("reset_second_factor", _("Can reset a person's second factor"))]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="users_user_email_ci_unique"),
        ]
        # Staff search people by any part of a name or email (the admin's `icontains`,
        # which compares UPPER(column)): trigram indexes on that very expression answer it
        # without reading every row. The name index serves the lists sorted by surname.
        indexes = [
            *(
                GinIndex(OpClass(Upper(name), name="gin_trgm_ops"), name=f"user_{name}_trgm")
                for name in ("email", "first_name", "last_name")
            ),
            models.Index(fields=["last_name", "first_name"], name="user_name_idx"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def preferred_language(self) -> str:
        """The account's language if the portal still offers it, else the default."""
        return language_or_default(self.language)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def role(self) -> str:
        """applicant, preceptor, staff, or "" for a fresh account with no profile yet."""
        if self.is_staff:
            return "staff"
        if hasattr(self, "preceptor"):
            return "preceptor"
        return "applicant"
