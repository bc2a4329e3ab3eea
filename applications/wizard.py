"""The steps of /apply/: their order, names, and how far an application has got."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Application


@dataclass(frozen=True)
class Step:
    slug: str
    title: object  # a lazy translation: shown in the reader's language
    url_name: str

    @property
    def url(self) -> str:
        if self.url_name == "apply_step":
            return reverse("applications:apply_step", kwargs={"step": self.slug})
        return reverse(f"applications:{self.url_name}")


STEPS = (
    Step("personal", _("Personal details"), "apply_step"),
    Step("background", _("Medical background"), "apply_step"),
    Step("interests", _("Interests and goals"), "apply_step"),
    Step("documents", _("Documents"), "apply_documents"),
    Step("review", _("Review and submit"), "apply_step"),
)
STEP_SLUGS = tuple(step.slug for step in STEPS)


def step_by_slug(slug: str) -> Step | None:
    return next((step for step in STEPS if step.slug == slug), None)


def steps_context(*, application: Application, current: str) -> dict:
    """What templates/applications/_steps.html needs: each step with its state, the current
    position, and the previous and next steps for the buttons."""
    index = STEP_SLUGS.index(current)
    return {
        "steps": [
            {"step": step, "number": i + 1, "current": step.slug == current, "done": i < index}
            for i, step in enumerate(STEPS)
        ],
        "current_step": STEPS[index],
        "step_number": index + 1,
        "step_count": len(STEPS),
        "previous_step": STEPS[index - 1] if index > 0 else None,
        "next_step": STEPS[index + 1] if index + 1 < len(STEPS) else None,
        "progress_percent": round(100 * index / (len(STEPS) - 1)),
        "application": application,
    }
