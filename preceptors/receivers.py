"""What preceptors does when rows change (connected in PreceptorsConfig.ready)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from hmc_portal.public_cache import bump_version, invalidate_on_change
from hmc_portal.users.models import User

from .models import Preceptor

# The directory and the home page show each preceptor's profile and specialties: any change
# makes their cached pages stale.
invalidate_on_change(Preceptor)
invalidate_on_change(Preceptor.specialties.through)

# ...and the preceptor's name, which lives on their account.
NAME_FIELDS = frozenset({"first_name", "last_name", "is_active"})


@receiver(post_save, sender=User, dispatch_uid="preceptors.public_pages_follow_names")
def public_pages_follow_names(*, instance, created, update_fields=None, **kwargs) -> None:
    """A preceptor's new name (or account closed) is on the public pages at once. A new
    account is nobody's preceptor yet, and a sign-in (`last_login`) changes no name."""
    if created or (update_fields is not None and not NAME_FIELDS & set(update_fields)):
        return
    if Preceptor.objects.filter(user_id=instance.pk).exists():
        bump_version()
