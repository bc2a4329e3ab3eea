from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffGroup(models.TextChoices):
    """The staff groups a data migration creates; their permissions follow the features."""

    REVIEWER = "Reviewer", _("Reviewer")
    COORDINATOR = "Coordinator", _("Coordinator")
