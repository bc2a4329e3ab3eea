from django.urls import path

from . import card_views, refund_views, views

app_name = "billing"

urlpatterns = [
    path("pricing/", views.PricingView.as_view(), name="pricing"),
    path("dashboard/payments/", views.PaymentsView.as_view(), name="payments"),
    path(
        "dashboard/payments/invoices/<id:pk>/invoice.pdf",
        views.InvoicePDFView.as_view(),
        name="invoice_pdf",
    ),
    path(
        "dashboard/payments/invoices/<id:pk>/wire/",
        views.DeclareWireView.as_view(),
        name="declare_wire",
    ),
    path(
        "dashboard/payments/receipts/<id:pk>/receipt.pdf",
        views.ReceiptPDFView.as_view(),
        name="receipt_pdf",
    ),
    path(
        "dashboard/payments/credits/<id:pk>/credit-note.pdf",
        views.InvoiceCreditPDFView.as_view(),
        name="invoice_credit_pdf",
    ),
    path(
        "dashboard/payments/<id:pk>/card/",
        card_views.StartCardPaymentView.as_view(),
        name="pay_by_card",
    ),
    # Where Stripe's checkout page sends the applicant back (success_url, cancel_url).
    path(
        "dashboard/payments/card/paid/",
        card_views.CardReturnView.as_view(),
        {"outcome": "paid"},
        name="card_paid",
    ),
    path(
        "dashboard/payments/card/cancelled/",
        card_views.CardReturnView.as_view(),
        {"outcome": "cancelled"},
        name="card_cancelled",
    ),
    path("billing/stripe/webhook/", card_views.StripeWebhookView.as_view(), name="stripe_webhook"),
    path("dashboard/payments/refunds/", refund_views.RefundsView.as_view(), name="refunds"),
    path(
        "dashboard/payments/refunds/visa-refusal/",
        refund_views.VisaRefusalView.as_view(),
        name="visa_refusal",
    ),
    path(
        "dashboard/payments/refunds/blocks/<id:pk>/replacement/",
        refund_views.ChooseReplacementView.as_view(),
        name="choose_replacement",
    ),
    path(
        "dashboard/payments/refunds/<id:pk>/credit-note.pdf",
        refund_views.CreditNotePDFView.as_view(),
        name="credit_note_pdf",
    ),
]
