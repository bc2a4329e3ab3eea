from django.urls import path

from . import views

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
]
