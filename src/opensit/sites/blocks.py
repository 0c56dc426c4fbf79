"""StreamField blocks that bring the catalog into editorial pages: a list of objects from a
selection, and a map of them. Shared by every page type that takes them."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


def selection_choices() -> list[tuple[str, str]]:
    """Every selection, by slug: a page names a selection, never its objects (they change)."""
    from opensit.diffusion.models import Selection

    return [("", "—")] + [(s.slug, s.name) for s in Selection.objects.order_by("name")]


class SelectionChoiceBlock(blocks.ChoiceBlock):
    """A selection's slug, chosen from the selections of the moment."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=selection_choices, **kwargs)

    def deconstruct(self) -> tuple[str, tuple, dict[str, Any]]:
        """Frozen in migrations as the text it stores: migrations never import live code
        (docs/architecture.md)."""
        kwargs = {k: v for k, v in self._constructor_kwargs.items() if k != "choices"}
        return ("wagtail.blocks.CharBlock", (), kwargs)


class ObjectListBlock(blocks.StructBlock):
    """The first objects of a selection, as cards linking to their detail pages."""

    title = blocks.CharBlock(label=_("title"), required=False)
    selection = SelectionChoiceBlock(label=_("selection"))
    count = blocks.IntegerBlock(label=_("how many"), default=6, min_value=1, max_value=48)

    class Meta:
        icon = "list-ul"
        label = _("List of objects")
        template = "sites/blocks/object_list.html"


class MapBlock(blocks.StructBlock):
    """The objects of a selection on a map (loaded when it scrolls into view)."""

    title = blocks.CharBlock(label=_("title"), required=False)
    selection = SelectionChoiceBlock(label=_("selection"))

    class Meta:
        icon = "site"
        label = _("Map")
        template = "sites/blocks/map.html"


class ImageBlock(blocks.StructBlock):
    """A photo of the media library, shown with its caption and its credit (the library's)."""

    image = ImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(
        label=_("text alternative"),
        required=False,
        help_text=_("What the photo shows, for those who cannot see it; empty: its title."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Photo")
        template = "sites/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quotation"))
    source = blocks.CharBlock(label=_("who said it"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quotation")
        template = "sites/blocks/quote.html"
