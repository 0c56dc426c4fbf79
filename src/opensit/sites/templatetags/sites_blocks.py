"""Tags of the catalog blocks of editorial pages (`sites.blocks`)."""

from typing import Any

from django import template
from django.utils.translation import get_language

from opensit.sites import cards

register = template.Library()

#: A map block shows at most this many objects.
MAP_LIMIT = 500


@register.simple_tag(takes_context=True)
def block_cards(context: dict[str, Any], value: Any) -> list[cards.Card]:
    """The cards of a block's selection that the site shows, in the page's language."""
    request = context["request"]
    limit = value.get("count") or MAP_LIMIT
    ids = cards.selection_ids(value.get("selection") or "", MAP_LIMIT)
    ids = cards.in_scope(request.destination, ids)[:limit]
    return cards.cards(ids, get_language())
