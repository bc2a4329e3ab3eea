"""Five staff revoking the same document at once: one revocation, one log entry; the others
are told it was already revoked. The control shows that without the row lock all five
would "succeed"."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from hmc_portal.audit.models import ActivityLog
from hmc_portal.audit.services import log_action
from hmc_portal.issuance import services
from hmc_portal.issuance.models import IssuedDocument
from tests.factories import CoordinatorFactory, UserFactory
from tests.support.issuance import issue_sample

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 5


def at_once(work) -> list[str]:
    """Run `work(index)` in THREADS threads released together; each thread's outcome."""
    barrier = threading.Barrier(THREADS)
    outcomes = [""] * THREADS

    def run(index):
        try:
            barrier.wait()
            work(index, barrier)
            outcomes[index] = "done"
        except services.IssuanceError:
            outcomes[index] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_revoking_at_once_revokes_once(storage_root):
    document = issue_sample(owner=UserFactory())
    staff = [CoordinatorFactory() for _ in range(THREADS)]

    def revoke(index, barrier):
        services.revoke_document(document=document, by=staff[index], reason=f"Reason {index}.")

    outcomes = at_once(revoke)

    assert outcomes == ["done"] + ["refused"] * (THREADS - 1)
    assert ActivityLog.objects.filter(verb="issuance.document.revoked").count() == 1
    document.refresh_from_db()
    logged = ActivityLog.objects.get(verb="issuance.document.revoked")
    assert logged.data == {"reason": document.revocation_reason}


def test_control_without_the_row_lock_every_thread_revokes(storage_root):
    document = issue_sample(owner=UserFactory())

    def naive_revoke(index, barrier):
        with transaction.atomic():
            current = IssuedDocument.objects.get(pk=document.pk)  # no select_for_update
            barrier.wait()  # everyone has read "not revoked yet"
            if current.revoked_at is not None:
                raise services.IssuanceError("already revoked")
            current.revoked_at = timezone.now()
            current.revocation_reason = f"Reason {index}."
            current.save(update_fields=["revoked_at", "revocation_reason"])
            log_action(current, "issuance.document.revoked", by=None, data={})

    outcomes = at_once(naive_revoke)

    assert outcomes == ["done"] * THREADS
    assert ActivityLog.objects.filter(verb="issuance.document.revoked").count() == THREADS
