"""Template tags for link previews and the share block."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
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
    blocks, extends = _outline(tmpl)
    own = blocks.get(name)
    if own is not None or extends is None:
        return own
    parent = context.template.engine.get_template(extends.parent_name.resolve(context))
    return _find_block(context, parent, name)


@lru_cache(maxsize=64)
def _outline(tmpl: Template) -> tuple[dict[str, BlockNode], ExtendsNode | None]:
    """A compiled template's blocks by name (the first of each) and its ``{% extends %}``: the
    same for every page it renders, so walked once."""
    blocks: dict[str, BlockNode] = {}
    for node in tmpl.nodelist.get_nodes_by_type(BlockNode):
        blocks.setdefault(node.name, node)
    return blocks, next(iter(tmpl.nodelist.get_nodes_by_type(ExtendsNode)), None)


@register.inclusion_tag("portal/_share.html")
def share_procedure(procedure: Procedure) -> dict[str, sharing.Link]:
    return {"link": sharing.procedure_link(procedure)}


@register.inclusion_tag("portal/_share.html")
def share_comparison(procedures: Sequence[Procedure]) -> dict[str, sharing.Link]:
    return {"link": sharing.comparison_link(procedures)}
