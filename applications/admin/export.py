"""The CSV export of the staff application list, streamed."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.db import transaction
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ..enums import ApplicationStatus
from ..models import Application
from ..selectors.review import document_counts
from .review import csv_cell, local_iso

CSV_HEADER = [
    _("ID"),
    _("Name"),
    _("Email"),
    _("Country"),
    _("Medical school"),
    _("Specialties"),
    _("Intake"),
    _("Status"),
    _("Submitted"),
    _("Documents uploaded"),
    _("Documents required"),
    _("Documents verified"),
    _("Next interview"),
]


# Rows read from the database at a time by the CSV export (each batch with its prefetches).
EXPORT_CHUNK = 500


class _Echo:
    """A file for csv.writer that hands each line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


class _Names:
    """The words an export repeats on every row (a status, a country), translated once per
    export rather than once per row: Django's get_status_display rebuilds and translates
    the whole list of statuses each time it is called."""

    def __init__(self):
        self.statuses = {value: str(label) for value, label in ApplicationStatus.choices}
        self._countries: dict[str, str] = {}

    def status(self, application: Application) -> str:
        return self.statuses.get(application.status, application.status)

    def country(self, profile) -> str:
        if profile is None or not profile.country:
            return ""
        code = profile.country.code
        if code not in self._countries:
            self._countries[code] = str(profile.country.name)
        return self._countries[code]


def _csv_row(application: Application, names: _Names) -> list:
    profile = getattr(application.applicant, "applicant_profile", None)
    counts = document_counts(application=application)
    return [
        application.pk,
        application.applicant.get_full_name(),
        application.applicant.email,
        names.country(profile),
        profile.medical_school if profile else "",
        "; ".join(item.specialty.name for item in application.ranked_specialties.all()),
        application.intake,
        names.status(application),
        local_iso(application.submitted_at),
        counts.uploaded,
        counts.required,
        counts.verified,
        local_iso(getattr(application, "next_interview_at", None)),
    ]


def csv_lines(queryset: QuerySet[Application], language: str, zone) -> Iterator[str]:
    """The header at once, then the rows, read inside one transaction: its server-side
    cursor hands rows over as they are sent (outside a transaction PostgreSQL computes and
    holds every row before the first one, 1.7 s at 100,000), and the file is one consistent
    snapshot of the list."""
    writer = csv.writer(_Echo())
    with translation.override(language), timezone.override(zone):
        yield writer.writerow([str(title) for title in CSV_HEADER])
        names = _Names()
        with transaction.atomic():
            yield from _data_lines(queryset, writer, names)


def _data_lines(queryset: QuerySet[Application], writer, names: _Names) -> Iterator[str]:
    for application in queryset.iterator(chunk_size=EXPORT_CHUNK):
        yield writer.writerow([csv_cell(value) for value in _csv_row(application, names)])
        _release(application)


def _release(application: Application) -> None:
    """Break the reference cycles of a written row (each prefetched document and specialty
    points back at its application, the joined profile at its user), so that its objects
    are freed at once rather than piling up for the cyclic garbage collector: without this
    the export's memory grew with the number of rows."""
    application._prefetched_objects_cache = {}
    application.applicant._state.fields_cache.clear()


def csv_response(queryset: QuerySet[Application]) -> StreamingHttpResponse:
    """The CSV streamed as it is read: the first line leaves at once, rows are read from a
    server-side cursor EXPORT_CHUNK at a time (with their prefetches), and memory stays flat
    whatever the number of rows, so no export of 100,000 applications meets the server's
    timeout. The request's language and time zone are kept for the rows written after the
    view has returned."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        csv_lines(queryset, translation.get_language(), timezone.get_current_timezone()),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="applications-{stamp}.csv"'
    return response
