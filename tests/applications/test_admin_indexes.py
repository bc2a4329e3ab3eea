"""The staff application list's queries are ones its indexes answer: PostgreSQL is told to
avoid reading tables whole and sorting (as it would on 100,000 rows, where the indexes are
cheaper), and the plan must then name our indexes. A lookup changed so that it no longer
matches an index's expression (LOWER for UPPER, a join in the search) fails here."""

import pytest
from django.db import connection
from django.db.models import F

from applications.models import Application
from applications.selectors.review import applicants_matching, applications_for_review
from hmc_portal.admin_mixins import indexed_values
from hmc_portal.db_operations import trigram_installed
from hmc_portal.notifications.models import Notification
from tests.factories import ReviewableApplicationFactory

pytestmark = pytest.mark.django_db


def plan(queryset, *avoid: str) -> str:
    """The plan of the query with table scans, sorts and any other kind of scan in `avoid`
    made prohibitively dear (the test's transaction ends the settings)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        for kind in ("seqscan", "sort", *avoid):
            cursor.execute(f"SET LOCAL enable_{kind} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


TRIGRAM_INDEXES = {
    "user_first_name_trgm",
    "user_last_name_trgm",
    "user_email_trgm",
    "profile_school_trgm",
}


def test_the_search_is_answered_by_the_trigram_indexes_where_the_server_has_them():
    """Where pg_trgm exists the plan names its indexes; where it does not (the embedded
    server of `make run`, hmc_portal.db_operations) the migrations made none and the same
    search still finds the applicant by part of a name, email or school."""
    application = ReviewableApplicationFactory()
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%_trgm'")
        made = {row[0] for row in cursor.fetchall()}
    applicant = application.applicant
    found = Application.objects.filter(
        applicant_id__in=applicants_matching(applicant.last_name[1:5])
    )

    if trigram_installed(connection):
        assert made == TRIGRAM_INDEXES
        # Bitmap scans only: an index walked whole (the email's) would also avoid the table.
        text = plan(
            Application.objects.filter(applicant_id__in=applicants_matching("okafor")),
            "indexscan",
        )
        for index in sorted(TRIGRAM_INDEXES):
            assert index in text
    else:
        assert made == set()
    assert list(found) == [application]


def test_a_page_of_the_list_is_found_along_the_index_of_its_order():
    ReviewableApplicationFactory()
    order = [F("submitted_at").desc(nulls_last=True), "-pk"]

    keys = applications_for_review().order_by(*order).values_list("pk", flat=True)

    assert "application_review_order_idx" in plan(keys[100:200])


def test_the_outbox_is_read_newest_first_along_its_index():
    assert "notification_newest_idx" in plan(
        Notification.objects.order_by("-created_at", "-pk")[:100]
    )


def test_a_filter_reads_the_values_a_column_holds_from_its_index():
    ReviewableApplicationFactory(intake="2027")
    ReviewableApplicationFactory(intake="2026")
    ReviewableApplicationFactory(intake="2027")

    assert indexed_values(Application, "intake") == ["2026", "2027"]
