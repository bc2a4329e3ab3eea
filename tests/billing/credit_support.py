"""An applicant with two confirmed blocks on an open balance invoice, for the credit tests
(through the real services): fees $100, $1,500 a block, a $500 deposit; the deposit
invoice ($600) paid; the balance invoice $2,500 ($100 + 2 x $1,500 - $600)."""

from __future__ import annotations

from .refund_support import application, balance_invoice, confirmed_request, deposit_invoice, pay
from .refund_support import schedule as refund_schedule


def enrolled_with_open_balance(*, paid_on_balance: int = 0, language: str = "en"):
    fees = refund_schedule()
    app = application()
    if language != "en":
        app.applicant.language = language
        app.applicant.save(update_fields=["language"])
    first = confirmed_request(app)
    second = confirmed_request(app, rank=2)
    deposit = deposit_invoice(app, fees)
    pay(deposit, 60000)
    balance = balance_invoice(app, fees, [first.rotation, second.rotation], deposit)
    if paid_on_balance:
        pay(balance, paid_on_balance)
    return app, first, second, deposit, balance
