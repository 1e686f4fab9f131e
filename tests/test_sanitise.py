"""portal.sanitise: whatever an author writes, the stored HTML can carry no script or style."""

import io
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from django.core.management import call_command

from portal import sanitise
from portal.models import ComparisonAnswer, Section

ATTACKS = {
    "script element": "<script>alert(1)</script>",
    "image with handler": "<img src=x onerror=alert(1)>",
    "svg with handler": '<svg onload="alert(1)"><circle r="1"/></svg>',
    "markdown javascript link": "[x](javascript:alert(1))",
    "mixed case scheme": '<a href="JaVaScRiPt:alert(1)">x</a>',
    "entity encoded scheme": '<a href="&#106;avascript:alert(1)">x</a>',
    "tab inside scheme": '<a href="java\tscript:alert(1)">x</a>',
    "data url": '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "iframe": '<iframe src="https://example.com/"></iframe>',
    "style attribute": '<p style="position:fixed;inset:0">Cover</p>',
    "style element": "<style>body{display:none}</style>",
    "handler on allowed tag": '<a href="/ok/" onclick="alert(1)" onmouseover="alert(2)">x</a>',
    "markdown image": "![x](javascript:alert(1))",
    "form": '<form action="https://example.com/"><input name="q"><button>Go</button></form>',
    "object": '<object data="x.swf"></object><embed src="x.swf">',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://example.com/">',
    "base": '<base href="https://example.com/">',
    "unclosed tag": '<a href="/ok/" x="<script>alert(1)</script>',
}


class _Inventory(HTMLParser):
    """Every element and attribute in a piece of HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)


def assert_harmless(html: str) -> None:
    inventory = _Inventory()
    inventory.feed(html)
    inventory.close()
    dangerous_tags = {"script", "style", "iframe", "img", "svg", "object", "embed", "form"}
    assert not dangerous_tags & set(inventory.tags), html
    assert not {"input", "meta", "base", "link"} & set(inventory.tags), html
    for tag, name, value in inventory.attributes:
        assert not name.startswith("on"), (tag, name)
        assert name != "style", (tag, name)
        if name in {"href", "src", "action", "formaction"}:
            scheme = "".join(value.split()).lower().partition(":")[0]
            assert scheme in {"http", "https", "mailto", "tel"} or ":" not in value, value


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS.keys())
def test_clean_removes_script_and_style(attack: str):
    html = sanitise.clean(markdown.markdown(attack))

    assert_harmless(html)
    assert "<script" not in html.lower()


@pytest.mark.parametrize(
    "html",
    [
        '<p>Call <a href="tel:+15555550100">the clinic</a> or '
        '<a href="mailto:clinic@example.org">write</a>.</p>',
        '<p><a href="https://example.org/a?b=1&amp;c=2" title="More">More</a></p>',
        '<table><thead><tr><th scope="col">A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>',
        '<h3 id="before">Before</h3><ol><li><strong>one</strong></li><li><em>two</em></li></ol>',
        "<blockquote><p>quote</p></blockquote><pre><code>x &lt; y</code></pre><hr>",
        '<p>H<sub>2</sub>O and m<sup>2</sup><br><abbr title="magnetic resonance imaging">MRI</abbr></p>',
    ],
)
def test_clean_keeps_the_structure_authors_need(html: str):
    assert sanitise.clean(html) == html


def test_clean_keeps_text_of_removed_elements_as_text():
    assert sanitise.clean("<p><span class='x'>kept</span> <u>too</u><!-- gone --></p>") == (
        "<p>kept too</p>"
    )


def test_loaded_pages_hold_no_script_whatever_the_markdown_says(content_copy: Path, db):
    path = content_copy / "procedures" / "surgical-rhizotomy.md"
    attacks = "\n\n".join(ATTACKS.values())
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "## What can go wrong {#risks}\n", f"## What can go wrong {{#risks}}\n\n{attacks}\n\n"
    )
    text = text.replace(
        'duration = "Usually a few hours."',
        """duration = '''Usually a few hours. <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))'''""",
    )
    path.write_text(text, encoding="utf-8")

    call_command("load_content", str(content_copy), stdout=io.StringIO())

    risks = Section.objects.get(procedure__slug="surgical-rhizotomy", anchor="risks")
    duration = ComparisonAnswer.objects.get(
        procedure__slug="surgical-rhizotomy", question__key="duration"
    )
    assert "Cover" in risks.html  # the text of a stripped element stays, as text
    for html in [
        *Section.objects.values_list("html", flat=True),
        *ComparisonAnswer.objects.values_list("html", flat=True),
    ]:
        assert_harmless(html)
        assert "javascript:" not in html.lower()
    assert duration.html.startswith("<p>Usually a few hours. ")
    assert "<script" not in duration.html
