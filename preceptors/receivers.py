"""What preceptors does when rows change (connected in PreceptorsConfig.ready)."""

from hmc_portal.public_cache import invalidate_on_change
from hmc_portal.users.models import User

from .models import Preceptor

# The directory and the home page show each preceptor's profile, specialties and name: any
# change makes their cached pages stale. A user's other fields (last_login on each sign-in)
# show on no public page.
invalidate_on_change(Preceptor)
invalidate_on_change(Preceptor.specialties.through)
invalidate_on_change(User, fields=frozenset({"first_name", "last_name", "is_active"}))
