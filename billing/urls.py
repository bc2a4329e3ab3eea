from django.urls import path

from . import refund_views, views

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
    path("dashboard/payments/refunds/", refund_views.RefundsView.as_view(), name="refunds"),
    path(
        "dashboard/payments/refunds/visa-refusal/",
        refund_views.VisaRefusalView.as_view(),
        name="visa_refusal",
    ),
    path(
        "dashboard/payments/refunds/<id:pk>/credit-note.pdf",
        refund_views.CreditNotePDFView.as_view(),
        name="credit_note_pdf",
    ),
]
