"""Bootstrap's own blue gives way to the brand's on the controls a person touches: a ticked
checkbox, the current page of a list and the informational badge."""

import pytest

from tests.factories import PreceptorFactory, RotationFactory, RotationRequestFactory
from tests.support.browser import assert_accessible, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

BRAND = "rgb(11, 79, 108)"  # --brand in static/css/site.css
BRAND_SOFT = "rgb(234, 243, 247)"


def css(locator, prop: str) -> str:
    return locator.evaluate(f"(node) => getComputedStyle(node).getPropertyValue('{prop}')")


def test_a_ticked_filter_box_is_in_the_brand_colour(page):
    RotationFactory()
    page.goto("/rotations/")

    box = page.get_by_label("Only with free places")
    box.check()

    assert css(box, "background-color") == BRAND
    assert css(box, "border-top-color") == BRAND


def test_the_current_page_of_the_directory_is_in_the_brand_colour(page, settings):
    for _ in range(settings.PRECEPTORS_PER_PAGE + 1):
        PreceptorFactory()
    page.goto("/preceptors/")

    current = page.locator(".pagination .page-item.active .page-link")
    other = page.locator(".pagination").get_by_role("link", name="Next")

    assert current.inner_text() == "Page 1 of 2"
    assert css(current, "background-color") == BRAND
    assert css(other, "color") == "rgb(8, 58, 80)"  # --brand-dark


def test_the_count_of_requests_to_answer_is_a_brand_badge(page):
    waiting = RotationRequestFactory()
    log_in(page, "/preceptor/", waiting.rotation.preceptor.user.email)

    badge = page.get_by_role("heading", name="Requests to answer").locator(".badge")

    assert badge.inner_text() == "1"
    assert css(badge, "background-color") == BRAND_SOFT
    assert css(badge, "color") == "rgb(8, 58, 80)"
    assert_accessible(page)
