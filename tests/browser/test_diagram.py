"""The spine diagram in Chromium: how it looks at phone and desktop width, readable labels,
contrast in light, dark and forced colours, keyboard focus, print, and axe-core.

Screenshots are compared with stored references in ``references/``. After a deliberate change
to the drawing, look at the new pictures, then store them with ``UPDATE_REFERENCES=1``.
"""

import os
from io import BytesIO
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from PIL import Image, ImageChops, ImageFilter
from playwright.sync_api import Browser, Page, expect

from portal.models import Procedure

REFERENCES = Path(__file__).parent / "references"
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
UPDATE = os.environ.get("UPDATE_REFERENCES") == "1"
WIDTHS = [390, 1280]
# The drawing lands on a fractional pixel offset that depends on the text above it, which moves
# every edge's anti-aliasing. Both pictures are blurred by this radius first; then a pixel counts
# as changed when it moves by more than the threshold, and a picture may have this share changed.
# A sub-pixel shift changes about 0.02 % of pixels; one label moved or missing, several tenths.
BLUR_RADIUS = 2
PIXEL_THRESHOLD = 32
CHANGED_SHARE = 0.001
# Rendered label sizes at phone width, in CSS pixels: names, and the smaller notes under them.
LABEL_PX = 15.5
NOTE_PX = 14.5


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two computed colours: "rgb(r, g, b)", or "color(srgb r g b)" as
    Chromium gives a color-mix()."""

    def luminance(colour: str) -> float:
        inside = colour[colour.index("(") + 1 : -1].replace(",", " ").split()
        if inside[0] == "srgb":
            channels = [float(c) for c in inside[1:4]]
        else:
            channels = [float(c) / 255 for c in inside[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted([luminance(a), luminance(b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.fixture
def pages(site: str) -> dict[str, str]:
    """Addresses of an article with each mark, and of the comparison showing both."""
    cut, needle, *_ = Procedure.objects.order_by("position")
    Procedure.objects.filter(pk=cut.pk).update(diagram="dorsal-roots")
    Procedure.objects.filter(pk=needle.pk).update(diagram="needle")
    return {
        "cut": site + reverse("portal:procedure", args=[cut.slug]),
        "needle": site + reverse("portal:procedure", args=[needle.slug]),
        "compare": f"{site}{reverse('portal:compare')}?p={cut.slug}&p={needle.slug}",
    }


def open_at(browser: Browser, url: str, width: int, **options) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900}, **options)
    page = context.new_page()
    page.goto(url)
    return page


def figure(page: Page):
    return page.locator("figure.diagram")


def assert_matches_reference(png: bytes, name: str) -> None:
    reference = REFERENCES / f"{name}.png"
    if UPDATE:
        REFERENCES.mkdir(exist_ok=True)
        reference.write_bytes(png)
    assert reference.exists(), f"No reference {reference.name}: run with UPDATE_REFERENCES=1"
    actual = Image.open(BytesIO(png)).convert("RGB")
    expected = Image.open(reference).convert("RGB")
    # Rounding a fractional box may add or drop one row or column.
    size = tuple(min(a, e) for a, e in zip(actual.size, expected.size, strict=True))
    assert max(abs(a - e) for a, e in zip(actual.size, expected.size, strict=True)) <= 1, (
        f"{name}: {actual.size} is not {expected.size}"
    )
    actual, expected = actual.crop((0, 0, *size)), expected.crop((0, 0, *size))
    blurred = [image.filter(ImageFilter.GaussianBlur(BLUR_RADIUS)) for image in (actual, expected)]
    difference = ImageChops.difference(*blurred).convert("L")
    changed = sum(difference.point(lambda v: 255 if v > PIXEL_THRESHOLD else 0).histogram()[255:])
    share = changed / (actual.width * actual.height)
    if share > CHANGED_SHARE:
        RESULTS.mkdir(exist_ok=True)
        actual.save(RESULTS / f"{name}-actual.png")
        difference.save(RESULTS / f"{name}-difference.png")
    assert share <= CHANGED_SHARE, f"{name}: {share:.3%} of pixels differ (see {RESULTS})"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["cut", "needle", "compare"])
def test_drawing_looks_like_its_reference(browser: Browser, pages, name: str, width: int):
    page = open_at(browser, pages[name], width)
    drawing = figure(page).locator("svg")
    expect(drawing).to_be_visible()

    assert_matches_reference(drawing.screenshot(), f"diagram-{name}-{width}")
    page.context.close()


@pytest.mark.parametrize("name", ["cut", "needle", "compare"])
def test_labels_are_readable_on_a_phone_without_zooming(browser: Browser, pages, name: str):
    page = open_at(browser, pages[name], 390, is_mobile=True, has_touch=True)

    sizes = (
        figure(page)
        .locator("svg text")
        .evaluate_all(
            """texts => texts.map(t => ({
            text: t.textContent.trim(),
            note: t.classList.contains('dg-sub') || t.classList.contains('dg-direction'),
            px: t.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize),
            box: t.getBoundingClientRect().toJSON(),
        }))"""
        )
    )
    assert len(sizes) >= 8
    for label in sizes:
        assert label["px"] >= (NOTE_PX if label["note"] else LABEL_PX), label
        assert label["box"]["left"] >= 0, label
        assert label["box"]["right"] <= 390, label
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.context.close()


@pytest.mark.parametrize(
    "options",
    [{}, {"color_scheme": "dark"}, {"forced_colors": "active"}],
    ids=["light", "dark", "forced-colours"],
)
def test_labels_and_lines_stand_out_from_the_page(browser: Browser, pages, options):
    page = open_at(browser, pages["compare"], 1280, **options)

    colours = figure(page).evaluate(
        """figure => {
            const style = el => getComputedStyle(el);
            const all = sel => [...figure.querySelectorAll(sel)];
            return {
                page: style(document.body).backgroundColor,
                text: [
                    ...all('svg text').map(t => [t.textContent.trim(), style(t).fill]),
                    ...all('figcaption, .diagram-description')
                        .map(el => [el.className || 'caption', style(el).color]),
                ],
                lines: all('.dg-bone, .dg-cord, .dg-nerve-edge, .dg-accent-line, .dg-target')
                    .map(el => [el.getAttribute('class'), style(el).stroke]),
            };
        }"""
    )
    for text, fill in colours["text"]:
        assert contrast(fill, colours["page"]) >= 4.5, (text, fill, colours["page"])
    for name, stroke in colours["lines"]:
        assert contrast(stroke, colours["page"]) >= 3, (name, stroke, colours["page"])
    page.context.close()


def test_a_label_shows_where_the_keyboard_is(browser: Browser, pages):
    page = open_at(browser, pages["cut"], 390)
    link = figure(page).locator("a.dg-link").first
    box = link.locator(".dg-hit")
    assert box.evaluate("el => getComputedStyle(el).fill") == "none"

    # Tab from the element just before the first label.
    figure(page).locator("figcaption").evaluate(
        "el => { el.tabIndex = -1; el.focus(); el.removeAttribute('tabindex'); }"
    )
    page.keyboard.press("Tab")

    expect(link).to_be_focused()
    assert box.evaluate("el => getComputedStyle(el).fill") != "none"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('portal:glossary')}#*")
    page.context.close()


def test_diagram_prints_with_the_article(browser: Browser, pages):
    page = open_at(browser, pages["cut"], 1280)
    page.emulate_media(media="print")

    drawing = figure(page).locator("svg")
    expect(drawing).to_be_visible()
    box = drawing.bounding_box()
    assert box["width"] >= 250
    assert figure(page).evaluate("el => getComputedStyle(el).breakInside") == "avoid"
    page.context.close()


@pytest.mark.parametrize("name", ["cut", "needle", "compare"])
@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_nothing_on_a_page_with_the_diagram(browser: Browser, pages, name, width):
    page = open_at(browser, pages[name], width)
    expect(figure(page)).to_be_visible()

    results = Axe().run(page)

    assert results.violations_count == 0, results.generate_report()
    page.context.close()
