"""The page that lets a reader choose when a procedure code fits several articles."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Browser

from portal.models import Procedure, ProcedureCode


@pytest.fixture
def chooser(site: str):
    # Exactly two articles under the code, whatever the content files say; put back afterwards,
    # as the other browser tests share the loaded content.
    codes = ProcedureCode.objects.filter(system="CPT", code="63190")
    before = list(codes)
    codes.delete()
    for procedure in Procedure.objects.all()[:2]:
        ProcedureCode.objects.create(
            procedure=procedure, system="CPT", code="63190", description="Test"
        )
    yield site + reverse("portal:by_code", args=["cpt", "63190"])
    codes.delete()
    ProcedureCode.objects.bulk_create(before)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 1280])
def test_the_choice_is_accessible_and_fits_the_screen(
    browser: Browser, chooser: str, width: int, scheme: str
):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.goto(chooser)

    assert page.get_by_role("heading", level=1).inner_text() == "Which page do you need?"
    assert page.locator(".cards h2 a").count() == 2
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width
    assert context.cookies() == []
    context.close()
