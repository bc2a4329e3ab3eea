"""The shared part of billing's admin actions that act on each selected object through a
service (refunds, visa refusal letters, releasing places): a refusal is a message naming the
object, the ones done are counted, and an action that asks first shows the admin's shared
confirmation page (templates/admin/billing/action_form.html)."""

from __future__ import annotations

from django.contrib import messages
from django.template.response import TemplateResponse

from .errors import BillingError


def each(modeladmin, request, objects, call, done_message) -> None:
    """Run `call` on each object through its service; a refusal is a message naming the
    object, and the ones done are counted in one success message (`done_message(n)`)."""
    done = 0
    for obj in objects:
        try:
            call(obj)
        except BillingError as error:
            modeladmin.message_user(request, f"{obj}: {error}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message(done), messages.SUCCESS)


def with_form(modeladmin, request, queryset, *, form_class, call, done_message, **page):
    """An action that asks for something first (a reason, a reference): the form's page
    until it is valid, then `call(obj, cleaned_data)` on each selected object."""
    form = form_class(request.POST if request.POST.get("post") == "yes" else None)
    if form.is_bound and form.is_valid():
        each(
            modeladmin,
            request,
            queryset,
            lambda obj: call(obj, form.cleaned_data),
            done_message,
        )
        return None
    return action_page(modeladmin, request, objects=list(queryset), form=form, **page)


def action_page(
    modeladmin, request, *, objects, form, action, title, intro, button, cancel_url=None
):
    """The page that asks before acting on `objects`; Cancel goes back to `cancel_url`
    (by default the page the action was chosen on)."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "button": button,
        "opts": modeladmin.opts,
        "objects": objects,
        "form": form,
        "action": action,
        "cancel_url": cancel_url or request.get_full_path(),
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/billing/action_form.html", context)
