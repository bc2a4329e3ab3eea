"""Paying by card: the applicant's "Pay by card" (to Stripe's hosted checkout and back) and
the webhook Stripe posts its signed events to, where the payment is recorded."""

from __future__ import annotations

import json
import logging

import stripe
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.http.request import RawPostDataException
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from hmc_portal.users.pages import ApplicantPageMixin

from . import statements
from .errors import BillingError
from .providers import stripe as stripe_provider
from .services.card import NotAnEvent, handle_stripe_event, start_card_payment

logger = logging.getLogger(__name__)


class StartCardPaymentView(ApplicantPageMixin, View):
    """POST: pay the applicant's own open invoice by card: a 303 to Stripe's checkout page.
    Without Stripe configured, or for someone else's invoice, a 404."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if not stripe_provider.is_configured():
            raise Http404
        invoice = statements.invoice_of(request.user, pk)
        if invoice is None:
            raise Http404
        try:
            session = start_card_payment(invoice=invoice, by=request.user)
        except BillingError as error:
            messages.error(request, str(error))
            return redirect("billing:payments")
        response = HttpResponseRedirect(session.url)
        response.status_code = 303  # after a POST: the browser GETs Stripe's page
        return response


class CardReturnView(ApplicantPageMixin, View):
    """Where Stripe's page sends the applicant back: to the payments page with a message.
    Coming back records nothing; the webhook does."""

    def get(self, request, outcome):
        if outcome == "paid":
            messages.success(
                request,
                gettext(
                    "Thank you. Your card payment is being confirmed: the invoice shows it as "
                    "paid, and we email your receipt, as soon as Stripe confirms it (usually "
                    "within a minute)."
                ),
            )
        elif outcome == "cancelled":
            messages.info(
                request,
                gettext(
                    "The card payment was cancelled and nothing was charged. You can pay "
                    "whenever you are ready."
                ),
            )
        else:
            raise Http404
        return redirect("billing:payments")


@method_decorator(csrf_exempt, name="dispatch")
class StripeWebhookView(View):
    """POST /billing/stripe/webhook/: Stripe's signed events. The raw body is verified with
    the webhook secret (stripe.Webhook.construct_event); a bad, missing or stale signature
    or a body that is not an event is a 400 and writes nothing. A verified event is handled
    once (billing.services.card.handle_stripe_event) and answered 200, also when it was a
    replay, a mismatch or a type we ignore, so Stripe stops sending it; an error while
    handling it is a 500, with nothing written, so Stripe sends it again."""

    http_method_names = ["post"]

    def post(self, request):
        # Stripe posts JSON. A form post's body may already be consumed by a middleware
        # reading request.POST, and is no event anyway.
        if request.content_type != "application/json":
            logger.warning("stripe webhook: refused a %r body", request.content_type)
            return JsonResponse({"error": "expected application/json"}, status=400)
        try:
            payload = request.body
        except RawPostDataException:
            return JsonResponse({"error": "body already read"}, status=400)
        signature = request.headers.get("Stripe-Signature")
        try:
            stripe.Webhook.construct_event(
                payload,
                signature,
                settings.STRIPE_WEBHOOK_SECRET,
                tolerance=settings.STRIPE_WEBHOOK_TOLERANCE,
            )
        except stripe.SignatureVerificationError as error:
            logger.warning("stripe webhook: signature refused: %s", error.user_message or error)
            return JsonResponse({"error": "bad signature"}, status=400)
        except (ValueError, TypeError, AttributeError) as error:
            # Signed, but not an event's JSON (construct_event parses it after the check).
            logger.warning("stripe webhook: not an event: %s", error)
            return JsonResponse({"error": "bad payload"}, status=400)
        try:
            row, handled = handle_stripe_event(event=json.loads(payload))
        except NotAnEvent as error:
            logger.warning("stripe webhook: not an event: %s", error)
            return JsonResponse({"error": "bad payload"}, status=400)
        except Exception:
            logger.exception("stripe webhook: handling failed; Stripe will send it again")
            return JsonResponse({"error": "not handled, send again"}, status=500)
        return JsonResponse(
            {"received": True, "outcome": row.outcome, "replay": not handled}, status=200
        )
