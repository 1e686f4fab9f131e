"""Template tags for link previews and the share block."""

from __future__ import annotations

from collections.abc import Sequence
from html import unescape

from django import template
from django.template.base import Template
from django.template.loader_tags import BlockNode, ExtendsNode
from django.utils.html import strip_tags

from .. import sharing
from ..models import Procedure

register = template.Library()


@register.simple_tag(takes_context=True)
def block_text(context: template.Context, name: str) -> str:
    """The text of a block as the page defines it, for a second use such as ``og:title``.

    Django renders each block once; link previews need the title, description and canonical
    address again, without every page repeating them. The block is looked up through the
    template's own ``{% extends %}`` chain, child first, as Django itself resolves it.
    """
    block = _find_block(context, context.template, name)
    if block is None:
        raise template.TemplateSyntaxError(f"block_text: there is no block named {name!r}")
    # Plain text, escaped once again on output: safe inside an attribute whatever the block holds.
    return " ".join(unescape(strip_tags(block.render(context))).split())


def _find_block(context: template.Context, tmpl: Template, name: str) -> BlockNode | None:
    """The innermost definition of block ``name`` in ``tmpl`` or the templates it extends."""
    own = next((n for n in tmpl.nodelist.get_nodes_by_type(BlockNode) if n.name == name), None)
    extends = next(iter(tmpl.nodelist.get_nodes_by_type(ExtendsNode)), None)
    if own is not None or extends is None:
        return own
    parent = context.template.engine.get_template(extends.parent_name.resolve(context))
    return _find_block(context, parent, name)


@register.inclusion_tag("portal/_share.html")
def share_procedure(procedure: Procedure) -> dict[str, sharing.Link]:
    return {"link": sharing.procedure_link(procedure)}


@register.inclusion_tag("portal/_share.html")
def share_comparison(procedures: Sequence[Procedure]) -> dict[str, sharing.Link]:
    return {"link": sharing.comparison_link(procedures)}
