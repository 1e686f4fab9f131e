"""The spine diagram as a patient receives it: on each article and on the comparison page."""

import gzip
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.content import read_content, schema
from portal.models import Procedure
from portal.templatetags.diagrams import GLOSSARY_LABELS, MARKS, comparison_diagram

HTMX = {"HX-Request": "true"}
# The anatomy every diagram names in text, whatever procedure it marks.
LABELS = ["Vertebra", "Spinal cord", "Dorsal root", "Ventral root", "Spinal nerve"]
# What each mark adds: its group in the drawing and its text label.
MARK_LABELS = {"cut": "Cut here", "needle": "Needle"}


@pytest.fixture
def marked(loaded) -> dict[str, Procedure]:
    """Loaded articles with a diagram each: one cut, one needle, one with none."""
    cut, needle, plain, *_ = loaded
    for procedure, name in ((cut, "dorsal-roots"), (needle, "needle"), (plain, "")):
        Procedure.objects.filter(pk=procedure.pk).update(diagram=name)
        procedure.diagram = name
    return {"cut": cut, "needle": needle, "none": plain}


def page(client, url: str, **kwargs) -> BeautifulSoup:
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def article(client, procedure: Procedure) -> BeautifulSoup:
    return page(client, reverse("portal:procedure", args=[procedure.slug]))


def compare(client, *procedures: Procedure, **kwargs) -> BeautifulSoup:
    query = "&".join(f"p={p.slug}" for p in procedures)
    return page(client, f"{reverse('portal:compare')}?{query}", **kwargs)


def svg_texts(figure: Tag) -> list[str]:
    return [" ".join(t.get_text().split()) for t in figure.svg.find_all("text")]


def referenced(soup: BeautifulSoup, element: Tag, attribute: str) -> Tag:
    target = soup.find(id=element[attribute])
    assert target is not None, f"{attribute}={element[attribute]!r} names no element"
    return target


@pytest.mark.parametrize("mark", ["cut", "needle"])
def test_article_shows_its_diagram_where_it_explains_the_procedure(client, marked, mark):
    soup = article(client, marked[mark])

    figures = soup.select("figure.diagram")
    assert len(figures) == 1
    figure = figures[0]
    assert figure.find_parent("section")["id"] == "how-it-is-done"
    # After the section's own text, not in the middle of it.
    assert figure.find_previous_sibling("h2") is not None
    assert figure["data-marks"] == mark


@pytest.mark.parametrize("mark", ["cut", "needle"])
def test_diagram_has_a_name_a_visible_caption_and_a_description(client, marked, mark):
    soup = article(client, marked[mark])
    figure = soup.select_one("figure.diagram")

    caption = figure.find("figcaption", recursive=False)
    assert caption is not None
    assert caption.get_text(strip=True)
    assert figure.find(True, recursive=False) is caption, "figcaption comes first"
    svg = figure.svg
    assert svg["role"] == "group"
    assert referenced(soup, svg, "aria-labelledby").name == "title"
    drawing = svg.find(attrs={"role": "img"})
    title = referenced(soup, drawing, "aria-labelledby")
    assert title.name == "title"
    assert title.parent is drawing
    assert title.get_text(strip=True)
    description = figure.select_one(".diagram-description")
    assert len(description.get_text(" ", strip=True).split()) >= 20


@pytest.mark.parametrize("mark", ["cut", "needle"])
def test_labels_are_text_in_the_drawing(client, marked, mark):
    figure = article(client, marked[mark]).select_one("figure.diagram")

    texts = svg_texts(figure)
    for label in [*LABELS, MARK_LABELS[mark]]:
        assert label in texts
    other = next(m for m in MARK_LABELS if m != mark)
    assert MARK_LABELS[other] not in texts


def test_the_cut_marks_the_dorsal_roots_with_stripes_not_colour_alone(client, marked):
    figure = article(client, marked["cut"]).select_one("figure.diagram")

    stripes = figure.find("pattern")
    dorsal = figure.select_one("path.dg-dorsal")
    assert "dg-marked" in dorsal["class"]
    assert dorsal["stroke"] == f"url(#{stripes['id']})"
    assert figure.select_one(".dg-mark-cut") is not None
    assert figure.select_one(".dg-mark-needle") is None
    # The label beside the mark carries the same stripes as a key.
    assert figure.select_one(".dg-swatch")["fill"] == f"url(#{stripes['id']})"


def test_the_needle_marks_a_nerve_root_and_leaves_the_roots_plain(client, marked):
    figure = article(client, marked["needle"]).select_one("figure.diagram")

    assert figure.select_one(".dg-mark-needle") is not None
    assert figure.select_one(".dg-mark-cut") is None
    assert "dg-marked" not in figure.select_one("path.dg-dorsal")["class"]
    assert not figure.select(".dg-swatch")
    # The description names the imaging, linked to the glossary.
    link = figure.select_one(".diagram-description a")
    assert link["href"] == f"{reverse('portal:glossary')}#{GLOSSARY_LABELS['fluoroscopy']}"


@pytest.mark.parametrize("name", ["", "no-such-diagram"])
def test_an_article_without_a_known_diagram_shows_none(client, marked, name):
    Procedure.objects.filter(pk=marked["none"].pk).update(diagram=name)

    soup = article(client, marked["none"])

    assert soup.select_one("#how-it-is-done") is not None
    assert not soup.select("figure.diagram, svg")


def test_glossary_words_in_the_drawing_link_to_their_entries(client, marked):
    figure = article(client, marked["cut"]).select_one("figure.diagram")
    glossary = page(client, reverse("portal:glossary"))

    links = figure.svg.select("a.dg-link")
    assert {" ".join(a.get_text(" ", strip=True).split()[:2]) for a in links} >= {
        "Spinal cord",
        "Spinal nerve",
        "Dorsal root",
        "Ventral root",
    }
    for link in links:
        path, _, anchor = link["href"].partition("#")
        assert path == reverse("portal:glossary")
        assert glossary.find(id=anchor) is not None, f"the glossary has no entry #{anchor}"


def test_if_real_articles_show_diagrams_the_glossary_defines_their_labels():
    # A rule over content/ (the fixture glossary is checked through its page above).
    content = read_content(Path(settings.BASE_DIR) / "content")
    shown = any(article.diagram for article in content.articles)

    defined = {term.slug for term in content.terms}
    assert (set(GLOSSARY_LABELS.values()) - defined if shown else set()) == set()


def test_every_diagram_an_article_may_name_is_drawn():
    assert set(MARKS) == set(schema.DIAGRAMS)


@pytest.mark.parametrize("mark", ["cut", "needle"])
def test_diagram_needs_no_style_script_or_extra_request(client, marked, mark):
    soup = article(client, marked[mark])
    figure = soup.select_one("figure.diagram")

    assert not figure.find_all(["script", "style", "img", "image", "use", "foreignObject"])
    assert not figure.find_all(style=True)
    assert not [tag for tag in figure.find_all(True) if any(a.startswith("on") for a in tag.attrs)]
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("mark", ["cut", "needle"])
def test_diagram_is_under_15_kb_compressed(client, marked, mark, capsys):
    figure = article(client, marked[mark]).select_one("figure.diagram")

    size = len(gzip.compress(str(figure).encode(), compresslevel=6))
    with capsys.disabled():
        print(f"\n{mark} diagram: {len(str(figure)) / 1024:.1f} KB, {size / 1024:.1f} KB gzipped")
    assert size < 15 * 1024


def test_the_diagram_costs_the_article_no_query(client, marked):
    def queries(procedure: Procedure) -> int:
        with CaptureQueriesContext(connection) as captured:
            article(client, procedure)
        return len(captured)

    assert queries(marked["cut"]) == queries(marked["none"])


def test_comparison_shows_one_drawing_with_each_chosen_procedures_mark(client, marked):
    soup = compare(client, marked["cut"], marked["needle"], marked["none"])

    figures = soup.select("#comparison_table figure.diagram")
    assert len(figures) == 1
    figure = figures[0]
    assert figure["data-marks"] == "cut needle"
    assert {"Cut here", "Needle", *LABELS} <= set(svg_texts(figure))
    items = [li.get_text(" ", strip=True) for li in figure.select(".diagram-description li")]
    assert len(items) == 2
    assert items[0].startswith(marked["cut"].title + ":")
    assert items[1].startswith(marked["needle"].title + ":")
    assert not any(marked["none"].title in item for item in items)


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_comparison_marks_only_what_the_chosen_procedures_do(client, marked, headers):
    soup = compare(client, marked["cut"], marked["none"], headers=headers)

    figure = soup.select_one("#comparison_table figure.diagram")
    assert figure["data-marks"] == "cut"
    assert "Needle" not in svg_texts(figure)


def test_comparison_of_procedures_without_diagrams_draws_nothing(client, marked):
    Procedure.objects.filter(pk=marked["cut"].pk).update(diagram="")

    soup = compare(client, marked["cut"], marked["none"])

    assert soup.select_one("#comparison_table table") is not None
    assert not soup.select("figure.diagram, #comparison_table svg")


def test_comparison_diagram_reads_deferred_diagrams_in_one_query(marked, django_assert_num_queries):
    slim = list(Procedure.objects.only("slug", "title", "position").order_by("position"))
    with django_assert_num_queries(1):
        deferred = comparison_diagram(slim)
    full = list(Procedure.objects.order_by("position"))
    with django_assert_num_queries(0):
        loaded_already = comparison_diagram(full)

    assert deferred["marks"] == loaded_already["marks"] == "cut needle"
