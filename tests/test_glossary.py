"""portal.glossary: the first use of each term in a piece of HTML becomes a toggletip."""

import re

import pytest

from portal.content import Term
from portal.glossary import GlossaryMarker, Marked

TERMS = [
    Term("rhizotomy", "rhizotomy", "Cutting nerve roots.", ("rhizotomies",)),
    Term("selective-dorsal-rhizotomy", "selective dorsal rhizotomy", "A kind of rhizotomy.", ()),
    Term("nerve-root", "nerve root", "Where a nerve meets the cord.", ("nerve roots",)),
    Term("dorsal-nerve-root", "dorsal nerve root", "A nerve root at the back.", ()),
    Term("dorsal", "dorsal", "Toward the back.", ()),
    Term("phenol", "phenol", "A medicine that blocks nerves. It is < 10% & safe", ()),
]


@pytest.fixture
def marker() -> GlossaryMarker:
    return GlossaryMarker(TERMS, glossary_url="/glossary/")


def mark(marker: GlossaryMarker, html: str) -> Marked:
    return marker.mark(html, id_prefix="def-x")


def buttons(html: str) -> list[str]:
    """The visible text of each term button, in order."""
    return re.findall(r'<button type="button" class="term"[^>]*>(.*?)</button>', html, re.S)


def test_toggletip_markup(marker: GlossaryMarker):
    marked = mark(marker, "<p>A rhizotomy helps.</p>")

    assert marked.html == (
        "<p>A "
        '<button type="button" class="term" popovertarget="def-x_rhizotomy">rhizotomy</button>'
        '<span class="toggletip" id="def-x_rhizotomy" popover>'
        '<strong class="toggletip-term">rhizotomy</strong> Cutting nerve roots. '
        '<a href="/glossary/#rhizotomy">More about “rhizotomy” in the glossary</a> '
        '<button type="button" class="toggletip-close" popovertarget="def-x_rhizotomy" '
        'popovertargetaction="hide">Close<span class="visually-hidden"> the meaning of '
        "“rhizotomy”</span></button></span>"
        " helps.</p>"
    )
    assert marked.terms == ("rhizotomy",)


def test_only_the_first_use_in_a_piece_is_marked(marker: GlossaryMarker):
    marked = mark(marker, "<p>Rhizotomy one.</p><ul><li>rhizotomy two</li></ul><p>RHIZOTOMY</p>")

    assert buttons(marked.html) == ["Rhizotomy"]
    assert marked.html.endswith("<ul><li>rhizotomy two</li></ul><p>RHIZOTOMY</p>")


def test_each_piece_starts_afresh(marker: GlossaryMarker):
    first = mark(marker, "<p>rhizotomy</p>")
    second = mark(marker, "<p>rhizotomy</p>")

    assert first == second
    assert buttons(second.html) == ["rhizotomy"]


@pytest.mark.parametrize("text", ["Rhizotomy", "RHIZOTOMY", "rhIZotomy"])
def test_matching_ignores_case_and_keeps_the_authors_text(marker: GlossaryMarker, text: str):
    marked = mark(marker, f"<p>{text} works.</p>")

    assert buttons(marked.html) == [text]
    assert marked.terms == ("rhizotomy",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the dorsal nerve root is cut", [("dorsal nerve root", "dorsal-nerve-root")]),
        (
            "a selective dorsal rhizotomy",
            [("selective dorsal rhizotomy", "selective-dorsal-rhizotomy")],
        ),
        ("the nerve roots", [("nerve roots", "nerve-root")]),
        ("dorsal rootlets", [("dorsal", "dorsal")]),
        (
            "dorsal nerve rooted in rhizotomies",
            [("dorsal", "dorsal"), ("nerve", None), ("rhizotomies", "rhizotomy")],
        ),
    ],
)
def test_longest_form_wins_and_forms_map_to_their_term(
    marker: GlossaryMarker, text: str, expected: list
):
    marked = mark(marker, f"<p>{text}</p>")

    wanted = [(shown, slug) for shown, slug in expected if slug]
    assert buttons(marked.html) == [shown for shown, _ in wanted]
    assert marked.terms == tuple(slug for _, slug in wanted)


def test_a_longer_term_hides_the_shorter_ones_inside_it(marker: GlossaryMarker):
    marked = mark(
        marker, "<p>A selective dorsal rhizotomy. Later, a rhizotomy on the dorsal side.</p>"
    )

    # "rhizotomy" and "dorsal" inside the longer term are not uses of their own.
    assert buttons(marked.html) == ["selective dorsal rhizotomy", "rhizotomy", "dorsal"]


@pytest.mark.parametrize(
    "text", ["prerhizotomy", "rhizotomyish", "rhizotomy_2", "phenols", "dorsally", "2rhizotomy"]
)
def test_only_whole_words_match(marker: GlossaryMarker, text: str):
    marked = mark(marker, f"<p>{text}</p>")

    assert marked == Marked(f"<p>{text}</p>", ())


@pytest.mark.parametrize("gap", ["\n", "  ", "\n  ", "\t"])
def test_forms_match_across_line_breaks_and_spaces(marker: GlossaryMarker, gap: str):
    marked = mark(marker, f"<p>a nerve{gap}root</p>")

    assert buttons(marked.html) == [f"nerve{gap}root"]
    assert marked.terms == ("nerve-root",)


@pytest.mark.parametrize(
    "html",
    [
        "<h3>Rhizotomy</h3>",
        "<h4>About rhizotomy</h4>",
        '<a href="/x/">rhizotomy</a>',
        "<code>rhizotomy</code>",
        "<pre><code>rhizotomy\n</code></pre>",
        "<p><a href='/x/'>see <strong>rhizotomy</strong></a></p>",
    ],
)
def test_never_inside_headings_links_or_code(marker: GlossaryMarker, html: str):
    assert mark(marker, html) == Marked(html, ())


def test_first_use_outside_a_skipped_element_is_marked(marker: GlossaryMarker):
    marked = mark(marker, "<h3>Rhizotomy</h3><p>A rhizotomy is surgery.</p>")

    assert marked.html.startswith("<h3>Rhizotomy</h3><p>A <button")
    assert buttons(marked.html) == ["rhizotomy"]


def test_text_after_a_skipped_element_is_marked(marker: GlossaryMarker):
    marked = mark(marker, '<p><a href="/a/">a link</a> then phenol</p>')

    assert buttons(marked.html) == ["phenol"]


def test_entities_and_markup_characters_stay_escaped(marker: GlossaryMarker):
    html = '<p>Tom &amp; Jerry &lt;b&gt; rhizotomy <a href="/q/?a=1&amp;b=2">x &amp; y</a></p>'

    marked = mark(marker, html)

    assert marked.html.startswith("<p>Tom &amp; Jerry &lt;b&gt; <button")
    assert marked.html.endswith('</span> <a href="/q/?a=1&amp;b=2">x &amp; y</a></p>')
    assert "<b>" not in marked.html


def test_definition_text_is_escaped(marker: GlossaryMarker):
    marked = mark(marker, "<p>phenol</p>")

    assert "It is &lt; 10% &amp; safe" in marked.html


def test_markup_and_attributes_pass_through_unchanged(marker: GlossaryMarker):
    html = '<table><tr><th scope="col">Head</th></tr></table><p>one<br>two</p><hr>'

    assert mark(marker, html) == Marked(html, ())


def test_no_terms_leaves_html_alone():
    html = "<p>rhizotomy</p>"

    assert GlossaryMarker([], glossary_url="/glossary/").mark(html, "def") == Marked(html, ())


def test_terms_are_reported_in_order_of_first_use(marker: GlossaryMarker):
    marked = mark(marker, "<p>phenol, then a nerve root, then phenol and rhizotomy.</p>")

    assert marked.terms == ("phenol", "nerve-root", "rhizotomy")
    assert len(set(re.findall(r'id="([^"]+)"', marked.html))) == 3


def synthetic_terms(count: int) -> list[Term]:
    """Terms that share prefixes with the real ones but do not occur in the sample text."""
    terms = []
    for n in range(count):
        word = "".join("abcdefghij"[int(digit)] for digit in f"{n:04d}")
        terms.append(Term(f"nerve-root-{word}", f"nerve root {word}", f"Synthetic {n}.", ()))
        terms.append(Term(f"rhiz{word}", f"rhiz{word}", f"Synthetic {n}.", (f"rhiz{word}s",)))
    return terms[:count]


SAMPLE = (
    "<p>A selective dorsal rhizotomy cuts a dorsal nerve root. Later, rhizotomies and phenol."
    " The nerve\nroots heal; <a href='/x/'>phenol</a> &amp; more.</p>"
    "<h3>Rhizotomy</h3><ul><li>dorsal side</li><li>rhizotomy again</li></ul>"
)


def test_two_thousand_terms_mark_the_same_as_the_few_that_occur():
    few = GlossaryMarker(TERMS, glossary_url="/glossary/")
    many = GlossaryMarker([*synthetic_terms(2000 - len(TERMS)), *TERMS], glossary_url="/glossary/")

    expected = few.mark(SAMPLE, "def-s")

    assert many.mark(SAMPLE, "def-s") == expected
    assert expected.terms == (
        "selective-dorsal-rhizotomy",
        "dorsal-nerve-root",
        "rhizotomy",
        "phenol",
        "nerve-root",
        "dorsal",
    )


def test_two_thousand_terms_are_each_found():
    terms = synthetic_terms(2000)
    marker = GlossaryMarker(terms, glossary_url="/glossary/")
    html = "<p>" + ". ".join(t.term.upper() for t in reversed(terms)) + ".</p>"

    marked = marker.mark(html, "def-s")

    assert sorted(marked.terms) == sorted(t.slug for t in terms)
    assert len(buttons(marked.html)) == 2000


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("rhizotomy.", "."),
        ("rhizotomy, then", ","),
        ("(rhizotomy).", ")."),
        ("rhizotomy” and", "”"),
    ],
)
def test_punctuation_after_a_term_stays_on_its_line(marker: GlossaryMarker, text: str, kept: str):
    html = mark(marker, f"<p>{text}</p>").html

    assert '<span class="term-group"><button type="button" class="term"' in html
    # A word joiner, not white-space: nowrap, so a narrow line can still part them.
    assert f"</button></span>\u2060{kept}</span>" in html


def test_a_term_followed_by_a_space_is_not_grouped(marker: GlossaryMarker):
    assert "term-group" not in mark(marker, "<p>A rhizotomy helps.</p>").html
