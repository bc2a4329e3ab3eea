"""Seed data for the benchmarks, at scale and fast: applicants with their profile,
application, status history, documents and outbox rows; specialties, sites, preceptors,
their blocks (rotations) and the applicants' requests for them.

Rows go in with PostgreSQL's COPY, in batches each committed on its own, so 100,000
applicants take seconds and memory holds one batch at a time. The rows are built as model
instances (defaults and `auto_now` fields filled in as Django would) and written column by
column through each field's own database conversion; ids are handed out from the table's
highest one and the identity sequences moved past them at the end.

The sizes follow the issue's scale: per 1,000 applicants 20 blocks and 3 preceptors (so
100,000 give 2,000 blocks and 300 preceptors). One preceptor, `BENCH_PRECEPTOR`, gets one
request in fifty (2,000 at 100,000 applicants): the portal of a busy preceptor.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.utils import timezone

PASSWORD = "benchmark-password-1234"  # noqa: S105 - a throwaway benchmark database
BENCH_APPLICANT = "bench0@example.com"  # offer accepted: dashboard, documents, rotation choice
BENCH_PRECEPTOR = "preceptor0@bench.test"
BENCH_STAFF = "staff@bench.test"
BATCH = 20_000

SPECIALTIES = [
    "Internal Medicine",
    "Family Medicine",
    "Pediatrics",
    "General Surgery",
    "Cardiology",
    "Neurology",
    "Psychiatry",
    "Obstetrics and Gynecology",
    "Emergency Medicine",
    "Radiology",
]
COUNTRIES = ["IN", "NG", "PK", "EG", "PH", "CO", "BR", "VN", "BD", "GH", "MX", "JO"]
SCHOOLS = [
    "AIIMS New Delhi",
    "University of Lagos",
    "King Edward Medical University",
    "Cairo University",
    "University of the Philippines",
    "Universidad Nacional de Colombia",
]


@dataclass(frozen=True)
class Seeded:
    applicants: int
    rows: int
    seconds: float


def _escape(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    adapted = getattr(value, "adapted", None)  # psycopg2's Json adapter for JSONField
    if adapted is not None or isinstance(value, dict | list):
        value = json.dumps(adapted if adapted is not None else value)
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class Table:
    """COPY model instances into the model's table, a batch per transaction."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{self.table}"')  # noqa: S608
            self._next = cursor.fetchone()[0] + 1
        self.written = 0

    def ids(self, count: int) -> range:
        start = self._next
        self._next += count
        return range(start, start + count)

    def write(self, instances: Iterable[models.Model]) -> int:
        columns = ", ".join(f'"{field.column}"' for field in self.fields)
        sql = f'COPY "{self.table}" ({columns}) FROM STDIN'
        for batch in _batches(instances, BATCH):
            buffer = io.StringIO()
            for instance in batch:
                values = (
                    field.get_db_prep_save(field.pre_save(instance, True), connection)
                    for field in self.fields
                )
                buffer.write("\t".join(_escape(v) for v in values))
                buffer.write("\n")
            buffer.seek(0)
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.copy_expert(sql, buffer)
            self.written += len(batch)
        return self.written

    def finish(self) -> None:
        with connection.cursor() as cursor:
            highest = f'SELECT COALESCE(MAX(id), 1) FROM "{self.table}"'  # noqa: S608
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), ({highest}))", [self.table]
            )


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def seed(*, applicants: int) -> Seeded:
    """Fill an empty (migrated) database at the scale of `applicants`."""
    import time

    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from applications.enums import ApplicationStatus as S
    from applications.enums import DocumentKind, DocumentStatus, InterviewStatus
    from applications.models import (
        ApplicantProfile,
        Application,
        ApplicationSpecialty,
        Document,
        Interview,
        StatusChange,
    )
    from hmc_portal.notifications.enums import NotificationStatus
    from hmc_portal.notifications.models import Notification
    from hmc_portal.users.models import User
    from preceptors.models import Preceptor
    from rotations.enums import RequestStatus
    from rotations.models import Rotation, RotationRequest, Site, Specialty

    started = time.perf_counter()
    now = timezone.now()
    today = timezone.localdate()
    password = make_password(PASSWORD)
    tables: list[Table] = []

    def table(model) -> Table:
        tables.append(Table(model))
        return tables[-1]

    # The catalogue: specialties, sites, preceptors and their blocks.
    specialties = Specialty.objects.bulk_create(
        Specialty(name=name, slug=name.lower().replace(" ", "-"), summary=f"{name} observership.")
        for name in SPECIALTIES
        if not Specialty.objects.filter(name=name).exists()
    ) or list(Specialty.objects.all())
    sites = Site.objects.bulk_create(
        Site(
            name=f"Houston Site {n}",
            address=f"{1000 + n} Main Street",
            city="Houston",
            state="TX",
            reporting_instructions="Report to the front desk.",
        )
        for n in range(12)
    )
    preceptor_count = max(3, applicants * 3 // 1000)
    block_count = max(20, applicants * 20 // 1000)
    users = table(User)
    staff_id, *preceptor_user_ids = users.ids(1 + preceptor_count)
    users.write(
        itertools.chain(
            [
                User(
                    id=staff_id,
                    email=BENCH_STAFF,
                    first_name="Bench",
                    last_name="Staff",
                    password=password,
                    is_staff=True,
                    is_superuser=True,
                    email_verified_at=now,
                )
            ],
            (
                User(
                    id=uid,
                    email=f"preceptor{n}@bench.test",
                    first_name=f"Preceptor{n}",
                    last_name="Bench",
                    password=password,
                    email_verified_at=now,
                )
                for n, uid in enumerate(preceptor_user_ids)
            ),
        )
    )
    staff_group = Group.objects.filter(name="Coordinator").first()
    if staff_group is not None:
        staff_group.user_set.add(staff_id)
    preceptors = table(Preceptor)
    preceptor_ids = list(preceptors.ids(preceptor_count))
    preceptors.write(
        Preceptor(
            id=pid,
            user_id=uid,
            title="MD",
            affiliation="Houston Medical Clerkship",
            bio="Attending physician and teacher of international graduates.",
        )
        for pid, uid in zip(preceptor_ids, preceptor_user_ids, strict=True)
    )
    through = table(Preceptor.specialties.through)
    through.write(
        Preceptor.specialties.through(
            id=tid, preceptor_id=pid, specialty_id=specialties[n % len(specialties)].pk
        )
        for n, (tid, pid) in enumerate(
            zip(through.ids(preceptor_count), preceptor_ids, strict=True)
        )
    )
    rotations = table(Rotation)
    rotation_ids = list(rotations.ids(block_count))
    capacity = 4

    def block(n: int, rid: int) -> Rotation:
        preceptor = n % preceptor_count
        # From ten weeks ahead: bookable by applicants who need a visa (MIN_WEEKS_BEFORE_START).
        start = today + datetime.timedelta(weeks=10 + 4 * (n // preceptor_count))
        return Rotation(
            id=rid,
            specialty_id=specialties[preceptor % len(specialties)].pk,
            preceptor_id=preceptor_ids[preceptor],
            site_id=sites[n % len(sites)].pk,
            start_date=start,
            end_date=start + datetime.timedelta(weeks=4),
            reporting_time=datetime.time(8, 0),
            capacity=capacity,
            confirmed_count=0,
            published=True,
        )

    rotations.write(block(n, rid) for n, rid in enumerate(rotation_ids))
    # Preceptor 0's blocks: every preceptor_count-th block.
    busy_blocks = rotation_ids[::preceptor_count]

    # The applicants. Statuses cycle through the lifecycle; the path to each is its history.
    paths = {
        S.DRAFT: [],
        S.SUBMITTED: [S.SUBMITTED],
        S.UNDER_REVIEW: [S.SUBMITTED, S.UNDER_REVIEW],
        S.INTERVIEW: [S.SUBMITTED, S.UNDER_REVIEW, S.INTERVIEW],
        S.ACCEPTED: [S.SUBMITTED, S.UNDER_REVIEW, S.ACCEPTED],
        S.REJECTED: [S.SUBMITTED, S.UNDER_REVIEW, S.REJECTED],
        S.WAITLISTED: [S.SUBMITTED, S.UNDER_REVIEW, S.WAITLISTED],
        S.CONFIRMED: [S.SUBMITTED, S.UNDER_REVIEW, S.ACCEPTED, S.CONFIRMED],
        S.WITHDRAWN: [S.SUBMITTED, S.WITHDRAWN],
    }
    cycle = [
        S.CONFIRMED,  # the first applicant (BENCH_APPLICANT) has taken an offer
        S.SUBMITTED,
        S.UNDER_REVIEW,
        S.INTERVIEW,
        S.DRAFT,
        S.ACCEPTED,
        S.REJECTED,
        S.WAITLISTED,
        S.CONFIRMED,
        S.WITHDRAWN,
    ]
    applicant_ids = list(users.ids(applicants))
    users.write(
        User(
            id=uid,
            email=f"bench{n}@example.com",
            first_name=f"Bench{n}",
            last_name=f"Applicant{n % 977}",
            password=password,
            email_verified_at=now,
            date_joined=now - datetime.timedelta(minutes=n),
        )
        for n, uid in enumerate(applicant_ids)
    )
    profiles = table(ApplicantProfile)
    profiles.write(
        ApplicantProfile(
            id=pid,
            user_id=uid,
            country=COUNTRIES[n % len(COUNTRIES)],
            phone=f"+91 98{n:08d}",
            city="Delhi",
            medical_school=SCHOOLS[n % len(SCHOOLS)],
            graduation_year=2018 + n % 7,
        )
        for n, (pid, uid) in enumerate(zip(profiles.ids(applicants), applicant_ids, strict=True))
    )
    application_table = table(Application)
    application_ids = list(application_table.ids(applicants))
    status_of = [cycle[n % len(cycle)] for n in range(applicants)]
    application_table.write(
        Application(
            id=aid,
            applicant_id=uid,
            intake=("2027", "2026")[n % 5 == 4],
            status=status_of[n],
            preferred_start=today + datetime.timedelta(weeks=10 + 4 * (n % 4)),
            program_weeks=4 + 4 * (n % 3),
            target_specialty=SPECIALTIES[n % len(SPECIALTIES)],
            career_goals="Residency in the United States.",
            personal_statement="I want to learn how US teams care for patients.",
            declaration_accepted_at=None if status_of[n] == S.DRAFT else now,
            submitted_at=None if status_of[n] == S.DRAFT else now - datetime.timedelta(hours=n),
            created_at=now - datetime.timedelta(minutes=n),
        )
        for n, (aid, uid) in enumerate(zip(application_ids, applicant_ids, strict=True))
    )
    interests = table(ApplicationSpecialty)
    interests.write(
        ApplicationSpecialty(
            id=next(interest_ids),
            application_id=aid,
            specialty_id=specialties[(n + rank) % len(specialties)].pk,
            rank=rank + 1,
        )
        for interest_ids in [iter(interests.ids(applicants * 2))]
        for n, aid in enumerate(application_ids)
        for rank in range(2)
    )
    history = table(StatusChange)
    history_ids = iter(history.ids(sum(len(paths[s]) for s in status_of)))
    history.write(
        StatusChange(
            id=next(history_ids),
            application_id=aid,
            from_status=([S.DRAFT, *paths[status_of[n]]])[step],
            to_status=to,
            created_at=now - datetime.timedelta(hours=n, minutes=-step),
        )
        for n, aid in enumerate(application_ids)
        for step, to in enumerate(paths[status_of[n]])
    )
    digest = hashlib.sha256(b"benchmark").hexdigest()
    kinds = (DocumentKind.TRANSCRIPT, DocumentKind.DIPLOMA, DocumentKind.CV)
    documents = table(Document)
    document_ids = iter(documents.ids(applicants * len(kinds)))
    documents.write(
        Document(
            id=next(document_ids),
            application_id=aid,
            kind=kind,
            file=f"documents/bench-{aid}-{kind}.pdf",
            original_name=f"{kind}.pdf",
            content_type="application/pdf",
            size=1024,
            sha256=digest,
            status=DocumentStatus.PENDING,
        )
        for aid in application_ids
        for kind in kinds
    )
    interviewing = [
        aid for aid, status in zip(application_ids, status_of, strict=True) if status == S.INTERVIEW
    ]
    interviews = table(Interview)
    interviews.write(
        Interview(
            id=iid,
            application_id=aid,
            interviewer_id=staff_id,
            status=InterviewStatus.SCHEDULED,
            starts_at=now + datetime.timedelta(days=1 + n % 20, hours=n % 8),
            duration_minutes=30,
            meeting_url="https://meet.example.com/bench",
            uid=f"interview-{iid}@bench.test",
        )
        for n, (iid, aid) in enumerate(
            zip(interviews.ids(len(interviewing)), interviewing, strict=True)
        )
    )
    outbox = table(Notification)
    outbox.write(
        Notification(
            id=nid,
            recipient_id=uid,
            to_email=f"bench{n}@example.com",
            template="application_submitted",
            dedupe_key=f"bench:{uid}",
            status=NotificationStatus.SENT,
            subject="We received your application",
            context={},
            created_at=now - datetime.timedelta(minutes=n),
            sent_at=now - datetime.timedelta(minutes=n),
        )
        for n, (nid, uid) in enumerate(zip(outbox.ids(applicants), applicant_ids, strict=True))
    )
    # Requests: every confirmed applicant (one in five) asks for two blocks; one in ten of
    # all applicants' first choice is a block of the busy preceptor. All wait for an answer.
    choosing = [
        (n, aid)
        for n, (aid, status) in enumerate(zip(application_ids, status_of, strict=True))
        if status == S.CONFIRMED
    ]
    requests = table(RotationRequest)
    request_ids = iter(requests.ids(len(choosing) * 2))

    def first_choice(n: int) -> int:
        if n % 10 == 0:
            return busy_blocks[(n // 10) % len(busy_blocks)]
        return rotation_ids[n % len(rotation_ids)]

    requests.write(
        RotationRequest(
            id=next(request_ids),
            application_id=aid,
            rotation_id=rotation,
            rank=rank,
            status=RequestStatus.REQUESTED,
            link_nonce=f"bench-{aid}-{rank}",
            created_at=now - datetime.timedelta(minutes=n),
        )
        for n, aid in choosing
        for rank, rotation in (
            (1, first_choice(n)),
            (2, rotation_ids[(n * 7 + 1) % len(rotation_ids)]),
        )
        if n != 0  # the bench applicant chooses on the page
        if rank == 1 or rotation != first_choice(n)
    )
    for seeded_table in tables:
        seeded_table.finish()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return Seeded(
        applicants=applicants,
        rows=sum(t.written for t in tables),
        seconds=time.perf_counter() - started,
    )


def main(argv: list[str]) -> int:
    """`python -m benchmarks.seed --applicants N` against DATABASE_URL (migrated, empty):
    prints one JSON line with the rows written, the seconds and the process's peak memory."""
    import argparse
    import resource

    parser = argparse.ArgumentParser(prog="python -m benchmarks.seed")
    parser.add_argument("--applicants", type=int, required=True)
    args = parser.parse_args(argv)
    import django

    django.setup()
    seeded = seed(applicants=args.applicants)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "applicants": seeded.applicants,
                "rows": seeded.rows,
                "seconds": round(seeded.seconds, 1),
                "peak_rss_mb": round(peak_kb / 1024, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
