"""The applicant's one next step, and the apps that may say it.

`applications.selectors.next_step` decides what the applicant should do or expect next, from
the application's real state; the dashboard's "What happens next", its status badge and the
emails that say what happens next all read that one answer. The states that belong to an
app above applications (rotations: rotations to choose, preceptors' answers pending,
enrolled with the first day) come from providers that app registers here in its
AppConfig.ready, so applications never imports it:

    next_steps.register(NextStepProvider(name="rotations", provide=rotation_next_step))

`provide(application=..., now=..., shared=...)` returns a NextStep, or None when the state is
not its concern (`shared` is True when the application lives for one page only, whose panels
may reuse what the provider reads and keeps on it); the first provider (in `order`) with an
answer wins, before applications' own.
Sentences are built in the active language and time zone: a page's viewer's, or, for an
email, the recipient's (the sender wraps the call in their language and zone).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NextStep:
    """What happens next, in words a person reads.

    `sentence`: one or two sentences, already in the reader's language, times in their zone.
    `badge`: a short label shown beside the status ("Action needed: pick an interview time").
    `action_label` and `action_url`: the one button that does it, if any.
    `when`: the deadline or the time the sentence speaks of (an aware datetime or a date).
    `needs_action`: whether the applicant has something to do now (the badge stands out).
    `state`: a stable name of the situation, for styling and tests ("interview_booked").
    """

    state: str
    sentence: str
    badge: str
    needs_action: bool = False
    action_label: str = ""
    action_url: str = ""
    when: datetime.datetime | datetime.date | None = None


@dataclass(frozen=True)
class NextStepProvider:
    name: str
    provide: Callable[..., NextStep | None]
    order: int = 100


class NextStepRegistry:
    """The providers of next steps, by name (registering a name again replaces it)."""

    def __init__(self) -> None:
        self._providers: dict[str, NextStepProvider] = {}

    def register(self, provider: NextStepProvider) -> None:
        self._providers[provider.name] = provider

    def unregister(self, name: str) -> None:
        self._providers.pop(name, None)

    @property
    def providers(self) -> list[NextStepProvider]:
        return sorted(self._providers.values(), key=lambda p: (p.order, p.name))

    def first(self, **objects: Any) -> NextStep | None:
        """The first provider's answer for these objects, or None when none has one."""
        for provider in self.providers:
            step = provider.provide(**objects)
            if step is not None:
                return step
        return None


# The applicant's next step: each provider gets `application`, `now` and `shared`.
next_steps = NextStepRegistry()
