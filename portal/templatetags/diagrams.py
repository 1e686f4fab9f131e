"""The labelled spine diagram: where each procedure acts, drawn as inline SVG with text labels.

An article names its diagram in ``Procedure.diagram``; the comparison page draws one picture
with the marks of every chosen procedure, so its labels stay as large as on an article.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..comparison import Choice
from ..models import Procedure

register = template.Library()

TEMPLATE = "portal/diagrams/spine.html"

# Diagram name (as articles give it) -> the mark drawn for it.
MARKS = {"dorsal-roots": "cut", "needle": "needle"}

# Labels that are glossary words -> the glossary entry that explains them. Fixed, so a page costs
# no query for them; the glossary must keep these entries (tests/test_diagrams.py checks it).
GLOSSARY_LABELS = {
    "spinal_cord": "spinal-cord",
    "spinal_nerve": "spinal-nerve",
    "dorsal_root": "dorsal",
    "ventral_root": "ventral",
    "fluoroscopy": "fluoroscopy",
}


def glossary_links() -> dict[str, str]:
    """Label -> link to the glossary entry that explains it (the content tests check they exist)."""
    base = reverse("portal:glossary")
    return {label: f"{base}#{slug}" for label, slug in GLOSSARY_LABELS.items()}


def _diagram_names(procedures: Sequence[Procedure]) -> dict[int, str]:
    """Each procedure's diagram name, in one query when a view loaded procedures without it."""
    if any("diagram" in p.get_deferred_fields() for p in procedures):
        rows = Procedure.objects.filter(pk__in=[p.pk for p in procedures])
        return dict(rows.values_list("pk", "diagram"))
    return {p.pk: p.diagram for p in procedures}


def _context(dom_id: str, marks: dict[str, list[Procedure]], comparison: bool = False) -> dict:
    """What the template draws: ``marks`` maps a mark to the procedures that act there."""
    links = glossary_links()
    return {
        "id": dom_id,
        "marks": " ".join(m for m in ("cut", "needle") if m in marks),
        "cut": "cut" in marks,
        "needle": "needle" in marks,
        # "A and B": the procedures each mark stands for, named on the comparison page.
        "cut_names": Choice(marks.get("cut", [])).names,
        "needle_names": Choice(marks.get("needle", [])).names,
        "comparison": comparison,
        "links": links,
        "fluoroscopy": format_html('<a href="{}">{}</a>', links["fluoroscopy"], _("fluoroscopy")),
    }


@register.inclusion_tag(TEMPLATE)
def procedure_diagram(procedure: Procedure) -> dict:
    """The article's diagram, or nothing when it has none (or names one that does not exist)."""
    mark = MARKS.get(procedure.diagram)
    return _context("diagram_figure", {mark: [procedure]} if mark else {})


@register.inclusion_tag(TEMPLATE)
def comparison_diagram(procedures: Sequence[Procedure]) -> dict:
    """One drawing with the marks of all the chosen procedures, each mark naming its procedures."""
    names = _diagram_names(procedures)
    marks: dict[str, list[Procedure]] = {}
    for procedure in procedures:
        mark = MARKS.get(names.get(procedure.pk, ""))
        if mark:
            marks.setdefault(mark, []).append(procedure)
    return _context("diagram_compare", marks, comparison=True)
