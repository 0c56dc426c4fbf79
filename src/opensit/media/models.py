"""The media library: Wagtail images and documents with a credit, a licence and a publication
end date, the rights the canonical document's media entries carry (catalog/document/media.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage, AbstractRendition

from opensit.core.licences import LICENCES

LICENCE_CHOICES = [(code, licence.name) for code, licence in LICENCES.items()]


class Rights(models.Model):
    """Who to credit, under which licence, and until when the medium may be diffused."""

    credit = models.CharField(
        _("credit"), max_length=255, blank=True, help_text=_("Photographer or rights holder")
    )
    licence = models.CharField(
        _("licence"), max_length=32, blank=True, choices=LICENCE_CHOICES, default=""
    )
    publication_end = models.DateField(
        _("publication end"), null=True, blank=True, help_text=_("Not diffused after this date.")
    )

    class Meta:
        abstract = True


class LibraryImage(AbstractImage, Rights):
    admin_form_fields = (
        "title",
        "file",
        "description",
        "credit",
        "licence",
        "publication_end",
        "collection",
        "tags",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_image", "Can choose image")]

    def __str__(self) -> str:
        return self.title


class LibraryRendition(AbstractRendition):
    image = models.ForeignKey(LibraryImage, related_name="renditions", on_delete=models.CASCADE)

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class LibraryDocument(AbstractDocument, Rights):
    admin_form_fields = (
        "title",
        "file",
        "credit",
        "licence",
        "publication_end",
        "collection",
        "tags",
    )

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        permissions = [("choose_document", "Can choose document")]

    def __str__(self) -> str:
        return self.title
