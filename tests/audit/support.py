"""What the audit tests share: the entries a call wrote, and what one entry is expected to
say (verb, who, which object, about whom)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import models
from django.db.models import Max

from hmc_portal.audit.models import ActivityLog


def last_entry_id() -> int:
    return ActivityLog.objects.aggregate(last=Max("pk"))["last"] or 0


def entries_written_by(call: Callable[[], Any]) -> tuple[Any, list[ActivityLog]]:
    """Run `call`; return its result and the log entries it wrote, oldest first."""
    before = last_entry_id()
    result = call()
    written = ActivityLog.objects.filter(pk__gt=before).select_related(
        "actor", "person", "content_type"
    )
    return result, list(written.order_by("pk"))


def ref(obj: models.Model) -> tuple[type[models.Model], int]:
    """An object as an entry names it: its model and its id (it may be deleted since)."""
    return type(obj)._meta.concrete_model, obj.pk


def entry_ref(entry: ActivityLog) -> tuple[type[models.Model], int]:
    return entry.content_type.model_class(), entry.object_id


@dataclass
class Logged:
    """The one entry a service call must write, and the other verbs its nested calls add
    (a status move logs its own `applications.application.status_changed`)."""

    verb: str
    by: Any  # User | None
    target: Callable[[Any], models.Model] | models.Model | tuple
    person: Any  # User | None
    also: tuple[str, ...] = ()
    data: dict = field(default_factory=dict)  # a subset of the entry's data

    def target_ref(self, result: Any) -> tuple[type[models.Model], int]:
        target = self.target(result) if callable(self.target) else self.target
        return target if isinstance(target, tuple) else ref(target)


def admin_form_data(response, **changes) -> dict:
    """The POST an admin change page would send unchanged (its form's current values and
    its inlines' management forms), with `changes` on top."""
    data: dict = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        _add_form(data, inline.formset.management_form)
        for form in inline.formset.forms:
            _add_form(data, form)
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = "on" if value is True else value
    return data


def _add_form(data: dict, form) -> None:
    for name, form_field in form.fields.items():
        if form_field.disabled:
            continue
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        elif isinstance(value, list | tuple):
            value = [str(item) for item in value]
        elif hasattr(value, "pk"):
            value = value.pk
        data[form.add_prefix(name)] = value


def assert_logged_once(case) -> None:
    """`case()` gives (call, Logged): the call writes exactly one entry with the expected
    verb, actor, target, person and data, and besides it only the entries listed in `also`."""
    call, expected = case()

    result, written = entries_written_by(call)

    [entry] = [entry for entry in written if entry.verb == expected.verb]
    assert (entry.actor, entry_ref(entry), entry.person) == (
        expected.by,
        expected.target_ref(result),
        expected.person,
    )
    assert {key: entry.data.get(key) for key in expected.data} == expected.data
    assert sorted(e.verb for e in written if e is not entry) == sorted(expected.also)


def assert_refused_without_a_log(case) -> None:
    """`case()` gives (call, error): the call raises `error` and writes no entry at all."""
    call, error = case()
    before = ActivityLog.objects.count()

    with pytest.raises(error):
        call()

    assert ActivityLog.objects.count() == before
