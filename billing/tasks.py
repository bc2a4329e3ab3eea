import logging

from celery import shared_task

from .services.invoices import lapse_wire_declarations
from .services.reminders import send_payment_reminders

logger = logging.getLogger(__name__)


@shared_task(name="billing.send_payment_reminders")
def task_send_payment_reminders() -> int:
    """Queue the reminders before a due date and once overdue (each once: dedupe keys), and
    let declared wires whose hold ended lapse."""
    lapsed = lapse_wire_declarations()
    if lapsed:
        logger.info("%s declared wire transfers lapsed", lapsed)
    return send_payment_reminders()
