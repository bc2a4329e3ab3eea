from django.db import models


class StaffGroup(models.TextChoices):
    """The staff groups a data migration creates; their permissions follow the features."""

    REVIEWER = "Reviewer", "Reviewer"
    COORDINATOR = "Coordinator", "Coordinator"
