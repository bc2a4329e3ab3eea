from django.db import models
from django.utils.translation import gettext_lazy as _


class DiscountBasis(models.TextChoices):
    """When a discount applies to a block of the plan."""

    BLOCK = "block", _("From the Nth block of the plan on")
    SPECIALTIES = "specialties", _("Every block, when the plan has at least N specialties")


class DiscountKind(models.TextChoices):
    PERCENT = "percent", _("Percentage of the block's price")
    AMOUNT = "amount", _("Fixed amount off the block's price")
