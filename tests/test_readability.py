"""portal.readability: word count and Flesch-Kincaid grade of the text a reader sees."""

import pytest

from portal import readability
from portal.content import Term
from portal.glossary import GlossaryMarker

SIMPLE = "<p>The cat sat on the mat. It was warm. The dog ran to the park.</p>"
HARD = (
    "<p>Intraoperative neurophysiological monitoring facilitates identification of "
    "hyperexcitable posterior rootlets, consequently permitting selective transection "
    "while preserving proprioceptive afferent contributions to ambulation.</p>"
)


def test_plain_text_ends_blocks_as_sentences():
    html = "<h2>Key points</h2><ul><li>One thing</li><li>Another thing!</li></ul><p>Done</p>"

    assert readability.plain_text(html) == "Key points. One thing. Another thing! Done."


def test_plain_text_decodes_entities_and_drops_markup():
    assert readability.plain_text("<p>Tom &amp; <em>Jerry</em>&nbsp;ran.</p>") == "Tom & Jerry ran."


def test_toggletip_definitions_are_not_counted():
    marker = GlossaryMarker(
        [Term("phenol", "phenol", "A very long and complicated pharmacological definition.", ())],
        glossary_url="/glossary/",
    )
    html = "<p>The doctor uses phenol here.</p>"

    marked = marker.mark(html, "def").html

    assert "pharmacological" in marked
    assert readability.plain_text(marked) == readability.plain_text(html)
    assert readability.word_count(readability.plain_text(marked)) == 5


def test_grade_of_simple_text_is_low_and_of_dense_text_high():
    simple = readability.grade(readability.plain_text(SIMPLE))
    hard = readability.grade(readability.plain_text(HARD))

    assert simple < 3
    assert hard > 12


@pytest.mark.parametrize("text", ["", "   "])
def test_grade_of_no_text_is_zero(text: str):
    assert readability.grade(text) == 0.0


def test_grade_is_rounded_to_one_decimal():
    grade = readability.grade(readability.plain_text(HARD))

    assert grade == round(grade, 1)


def test_word_count():
    assert readability.word_count("One two, three. Four-five six!") == 5
