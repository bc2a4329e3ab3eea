from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events and mentoring")

    def ready(self) -> None:
        from hmc_portal.records import observer_record

        from . import receivers  # noqa: F401  (connects them)
        from .event_panels import register_panels
        from .mentoring import panels as mentoring_panels
        from .selectors.events import record_lines

        register_panels()
        mentoring_panels.register()
        # The events attended show in the letter of recommendation's draft and on the
        # completion certificate.
        observer_record.register("events", record_lines)

        from .privacy import register as register_privacy

        # The shredders of registrations and mentoring sessions.
        register_privacy()
