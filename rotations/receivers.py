"""What rotations does when the apps below it announce a change (connected in
RotationsConfig.ready). Each receiver runs inside the sender's transaction and acts through
rotations' own services."""

from django.dispatch import receiver

from applications.lifecycle import EXITS
from applications.signals import application_status_changed
from hmc_portal.public_cache import invalidate_on_change

from .models import Rotation, RotationRequest, Site, Specialty
from .services import release_requests_for_application


@receiver(application_status_changed, dispatch_uid="rotations.release_places_on_exit")
def release_places_on_exit(*, application, to_status, by, **kwargs) -> None:
    """Leaving the program (offer declined or expired, withdrawn; a rejected application
    holds none) gives back every rotation place asked for or held; the first on each
    waiting list moves up, and each preceptor is told."""
    if to_status in EXITS:
        release_requests_for_application(application=application, by=by)


# The catalogue, the directory and the home page show these rows (specialties, sites, blocks
# and their free places, which move with each request's answer): any change makes their
# cached pages stale. `set_published` changes rows with update() and bumps it itself.
for _model in (Specialty, Site, Rotation, RotationRequest):
    invalidate_on_change(_model)
