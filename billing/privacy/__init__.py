"""What billing holds about an applicant, one shredder per kind (registered by
BillingConfig.ready through `register()`). Money is exported as integer minor units with
its currency, with the PDFs the program issued."""

from hmc_portal.privacy.registry import shredders

from .invoices import InvoiceShredder, PaymentShredder
from .refunds import RefundShredder, VisaRefusalShredder

SHREDDERS = (InvoiceShredder, PaymentShredder, RefundShredder, VisaRefusalShredder)


def register() -> None:
    for shredder in SHREDDERS:
        shredders.register(shredder())
