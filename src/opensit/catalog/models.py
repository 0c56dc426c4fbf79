"""The catalog's storage: each object is its canonical document (JSON) beside projection columns
for what is filtered, joined or sorted; plus revisions, the change log and the vocabularies.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opensit.core.models import Origin


class TourismObject(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PROPOSED = "proposed", _("Proposed")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")
        ARCHIVED = "archived", _("Archived")
        DELETED = "deleted", _("Deleted")

    id = models.CharField(primary_key=True, max_length=36, editable=False)
    slug = models.SlugField(max_length=100, unique=True)
    type = models.CharField(_("type"), max_length=40, db_index=True)
    type_root = models.CharField(max_length=40, db_index=True)
    name = models.CharField(_("name"), max_length=300, help_text=_("Sort key, first language"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    owner = models.ForeignKey(
        "network.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_objects",
        verbose_name=_("owner"),
    )
    coeditors = models.ManyToManyField(
        "network.Organisation", blank=True, related_name="coedited_objects"
    )
    source_system = models.CharField(max_length=32, blank=True, default="")
    source_id = models.CharField(max_length=128, blank=True, default="")
    commune_insee = models.CharField(max_length=5, blank=True, default="", db_index=True)
    department = models.CharField(max_length=3, blank=True, default="", db_index=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    first_date = models.DateField(null=True, blank=True, help_text=_("First event date"))
    last_date = models.DateField(null=True, blank=True, help_text=_("Last event date"))
    document = models.JSONField()
    content_hash = models.CharField(max_length=40)
    version = models.PositiveIntegerField(default=1, help_text=_("Number of the last revision"))
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(db_index=True)
    merged_into = models.CharField(max_length=36, blank=True, default="")
    providers = models.ManyToManyField(
        "network.Organisation",
        blank=True,
        related_name="provided_objects",
        verbose_name=_("providers"),
        help_text=_("Provider organisations whose members may propose changes to this object"),
    )
    source_fields = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Top-level document fields set by the import source (owned by it)"),
    )
    local_fields = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Source-owned fields overridden by a local edit, kept across imports"),
    )
    provenance = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Source references of the records merged into this one"),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_system", "source_id"],
                condition=~models.Q(source_system=""),
                name="unique_source_record",
            )
        ]
        indexes = [
            models.Index(fields=["status", "type"]),
            models.Index(fields=["latitude", "longitude"]),
            models.Index(fields=["first_date", "last_date"]),
        ]
        verbose_name = _("tourism object")
        verbose_name_plural = _("tourism objects")

    def __str__(self) -> str:
        return self.name


#: What each revision did, as the history screen names it (`Revision.action` holds the code).
REVISION_ACTIONS = {
    "create": _("Created"),
    "update": _("Changed"),
    "save": _("Saved"),
    "import": _("Imported"),
    "restore": _("Revision restored"),
    "publish": _("Published"),
    "unpublish": _("Unpublished"),
    "archive": _("Archived"),
    "delete": _("Deleted"),
    "transfer": _("Ownership transferred"),
    "submit": _("Submitted for publication"),
    "approve": _("Proposal approved"),
    "propose_create": _("Creation proposed"),
    "merge": _("Duplicate merged into it"),
    "merged": _("Merged into another object"),
    "vocabulary": _("Vocabulary code replaced"),
}


class Revision(models.Model):
    """A full copy of the document at each write: who, for which organisation, from where."""

    object = models.ForeignKey(TourismObject, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    document = models.JSONField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    organisation = models.ForeignKey(
        "network.Organisation", null=True, blank=True, on_delete=models.SET_NULL
    )
    origin = models.CharField(max_length=16)
    action = models.CharField(max_length=16)
    comment = models.TextField(blank=True, default="")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["object", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["object", "number"], name="unique_revision_number")
        ]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"{self.object_id} #{self.number}"

    def action_label(self) -> str:
        """The action in the reader's language; an unknown code (a future one) as itself."""
        return str(REVISION_ACTIONS.get(self.action, self.action))

    def origin_label(self) -> str:
        return str(Origin(self.origin).label) if self.origin in Origin.values else self.origin


class VocabularyEntry(models.Model):
    """One entry of the multilingual thesaurus (amenity, theme, label...)."""

    class Scheme(models.TextChoices):
        AMENITY = "amenity", _("Amenity")
        THEME = "theme", _("Theme")
        LABEL = "label", _("Label")
        CLASSIFICATION = "classification", _("Classification")
        ACCESSIBILITY = "accessibility", _("Accessibility")
        PAYMENT = "payment", _("Payment method")
        LANGUAGE = "language", _("Language")
        OTHER = "other", _("Other")

    scheme = models.CharField(max_length=20, choices=Scheme.choices, db_index=True)
    code = models.CharField(max_length=100, unique=True)
    labels = models.JSONField(default=dict)
    parent = models.CharField(max_length=100, blank=True, default="")
    datatourisme = models.CharField(max_length=200, blank=True, default="")
    apidae_ids = models.JSONField(default=list, blank=True)
    deprecated = models.BooleanField(default=False)
    replaced_by = models.CharField(max_length=100, blank=True, default="")
    created_by = models.ForeignKey(
        "network.Organisation", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["scheme", "code"]
        verbose_name = _("vocabulary entry")
        verbose_name_plural = _("vocabulary entries")

    def __str__(self) -> str:
        return self.labels.get("fr") or self.code


class Proposal(models.Model):
    """A pending revision: a change submitted by a contributor (or under review policy) while the
    published version stays live. Approval applies it through the normal update path."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Kind(models.TextChoices):
        UPDATE = "update", _("Modification")
        CREATE = "create", _("Creation")

    object = models.ForeignKey(TourismObject, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(
        _("kind"),
        max_length=8,
        choices=Kind.choices,
        default=Kind.UPDATE,
        help_text=_("A creation proposes a new object: approving it publishes the object"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    base_version = models.PositiveIntegerField(help_text=_("Object version the change was made on"))
    changes = models.JSONField(help_text=_("Top-level fields changed, with their new values"))
    removed = models.JSONField(default=list, blank=True, help_text=_("Top-level fields emptied"))
    comment = models.TextField(_("comment"), blank=True, default="")
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    origin = models.CharField(max_length=16, default="backoffice")
    created_at = models.DateTimeField(db_index=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_proposals",
    )
    review_comment = models.TextField(blank=True, default="")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    applied_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return f"{self.object_id} proposal {self.pk} ({self.status})"


class VocabularyRequest(models.Model):
    """A request by an organisation for a new shared vocabulary entry, reviewed by the network."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    scheme = models.CharField(max_length=20, choices=VocabularyEntry.Scheme.choices)
    code = models.CharField(max_length=100)
    labels = models.JSONField(default=dict)
    reason = models.TextField(blank=True, default="")
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "network.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(blank=True, default="")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("vocabulary request")
        verbose_name_plural = _("vocabulary requests")

    def __str__(self) -> str:
        return f"{self.scheme}:{self.code} ({self.status})"
