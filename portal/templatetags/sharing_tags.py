"""Template tags for link previews and the share block."""

from __future__ import annotations

from collections.abc import Sequence
from html import unescape

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockNode
from django.utils.html import strip_tags

from .. import sharing
from ..models import Procedure

register = template.Library()


@register.simple_tag(takes_context=True)
def block_text(context: template.Context, name: str) -> str:
    """The text of a block as the page defines it, for a second use such as ``og:title``.

    Django renders each block once; link previews need the title, description and canonical
    address again, without every page repeating them.
    """
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = block_context.get_block(name) if block_context else None
    if block is None:
        # A template rendered on its own, without {% extends %}.
        block = next(
            (n for n in context.template.nodelist.get_nodes_by_type(BlockNode) if n.name == name),
            None,
        )
    if block is None:
        raise template.TemplateSyntaxError(f"block_text: there is no block named {name!r}")
    # Plain text, escaped once again on output: safe inside an attribute whatever the block holds.
    return " ".join(unescape(strip_tags(block.render(context))).split())


@register.inclusion_tag("portal/_share.html")
def share_procedure(procedure: Procedure) -> dict[str, sharing.Link]:
    return {"link": sharing.procedure_link(procedure)}


@register.inclusion_tag("portal/_share.html")
def share_comparison(procedures: Sequence[Procedure]) -> dict[str, sharing.Link]:
    return {"link": sharing.comparison_link(procedures)}
