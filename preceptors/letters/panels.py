"""The panels letters add to the applicant's dashboard and the preceptor's portal
(hmc_portal.panels)."""

from django.db.models import Count, Q
from django.utils import timezone

from hmc_portal.panels import Panel, dashboard, preceptor_portal
from rotations.selectors import has_confirmed_request

from ..models import LetterStatus
from . import selectors


def applicant_letters_panel(*, request, application, **kwargs) -> dict | None:
    """The applicant's letter requests and their state, or the invitation to ask once a
    block is ready; nothing before that."""
    # The card names each letter's preceptor, specialty and status: no other join.
    letters = list(
        selectors.letters_for_applicant(user=request.user)
        .select_related(None)
        .select_related("preceptor__user")[:5]
    )
    if not letters and (
        # a letter is asked for after a confirmed block: without one, no query
        not has_confirmed_request(application)
        or not selectors.blocks_ready_for_letter(
            application=application, today=timezone.localdate()
        )
    ):
        return None
    return {"letters": letters}


def preceptor_letters_panel(*, request, preceptor, **kwargs) -> dict | None:
    """How many letter requests wait for the preceptor's answer or letter, once they have
    been asked for any (the way to the letters page)."""
    counts = (
        selectors.letters_for_preceptor(preceptor_id=preceptor.pk)
        .order_by()
        .aggregate(
            total=Count("pk"),
            open=Count(
                "pk",
                filter=Q(
                    status__in=[
                        LetterStatus.REQUESTED,
                        LetterStatus.ACCEPTED,
                        LetterStatus.WRITTEN,
                    ]
                ),
            ),
        )
    )
    return {"open_count": counts["open"]} if counts["total"] else None


dashboard.register(
    Panel(
        name="letters",
        template="preceptors/letters/_dashboard_letters.html",
        context=applicant_letters_panel,
        order=38,
    )
)
preceptor_portal.register(
    Panel(
        name="letters",
        template="preceptors/letters/_portal_letters.html",
        context=preceptor_letters_panel,
        order=20,
    )
)
