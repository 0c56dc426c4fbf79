"""Diffusion: the registered consumers of the data (projects), their keys, selections and
webhooks, the rendered public JSON, the public change feed and usage accounting."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Selection(models.Model):
    """A named, saved set of objects, shared across projects and evaluated live.

    Either a stored query (a `SearchParams` dict) or a hand-picked list of object ids.
    """

    class Kind(models.TextChoices):
        QUERY = "query", _("Query")
        LIST = "list", _("Hand-picked list")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="selections"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    query = models.JSONField(_("query"), default=dict, blank=True)
    object_ids = models.JSONField(_("objects"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("selection")
        verbose_name_plural = _("selections")

    def __str__(self) -> str:
        return self.name


class DiffusionProject(models.Model):
    """A website, app or partner that reads the data, registered by an organisation."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending validation")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")

    class Scope(models.TextChoices):
        ALL = "all", _("Whole catalog")
        SELECTIONS = "selections", _("Some selections")

    class Tier(models.TextChoices):
        BASIC = "basic", _("Basic")
        STANDARD = "standard", _("Standard")
        PREMIUM = "premium", _("Premium")

    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="diffusion_projects"
    )
    name = models.CharField(_("name"), max_length=200)
    contact = models.CharField(_("contact"), max_length=200, blank=True, default="")
    url = models.URLField(_("website"), blank=True, default="")
    languages = models.JSONField(_("languages"), default=list, blank=True)
    intended_use = models.TextField(_("intended use"), blank=True, default="")
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices, default=Scope.ALL)
    selections = models.ManyToManyField(Selection, blank=True, related_name="projects")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    tier = models.CharField(_("tier"), max_length=12, choices=Tier.choices, default=Tier.BASIC)
    created_at = models.DateTimeField(auto_now_add=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["name"]
        verbose_name = _("diffusion project")
        verbose_name_plural = _("diffusion projects")

    def __str__(self) -> str:
        return self.name


class AccessRequest(models.Model):
    """A request for API access sent from the public page by someone with no account yet.

    A network admin accepts it (which registers the organisation if needed, the project, and
    invites the contact as the organisation's admin, who then makes keys in the back-office) or
    refuses it with a reason. The contact's name and email are private: they only reach the
    network admins and the emails sent to the contact."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")

    organisation_name = models.CharField(_("organisation"), max_length=200)
    contact_name = models.CharField(_("contact name"), max_length=200)
    email = models.EmailField(_("email"))
    project_name = models.CharField(_("project name"), max_length=200)
    url = models.URLField(_("website"), blank=True, default="")
    languages = models.JSONField(_("languages"), default=list)
    intended_use = models.TextField(_("intended use"))
    terms_accepted_at = models.DateTimeField(_("terms accepted on"))
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True, default="")
    project = models.ForeignKey(
        DiffusionProject, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API access request")
        verbose_name_plural = _("API access requests")

    def __str__(self) -> str:
        return f"{self.project_name} ({self.organisation_name})"


class ApiKey(models.Model):
    """Only a SHA-256 of the key is stored; the prefix finds it and names it in lists."""

    project = models.ForeignKey(DiffusionProject, on_delete=models.CASCADE, related_name="keys")
    name = models.CharField(_("name"), max_length=100, blank=True, default="")
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.prefix}…"


class PublicDocument(models.Model):
    """The public representation of a published object, rendered once per language at write
    time and served as stored bytes. `lang` "*" holds the all-languages form."""

    ALL_LANGUAGES = "*"

    object_id = models.CharField(max_length=36)
    lang = models.CharField(max_length=8)
    body = models.BinaryField()
    etag = models.CharField(max_length=40)
    updated_at = models.DateTimeField()
    stale_after = models.DateField(
        null=True, blank=True, help_text=_("A medium's publication ends: render again after")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["object_id", "lang"], name="one_public_doc_per_lang")
        ]
        verbose_name = _("public document")
        verbose_name_plural = _("public documents")

    def __str__(self) -> str:
        return f"{self.object_id} [{self.lang}]"


class FeedEntry(models.Model):
    """The public change log: its seq is the cursor of `/changes` and webhooks.

    Object entries come from catalog writes that touch the public state; selection entries
    record objects entering or leaving a selection (`selection` set)."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")
        DELETED = "deleted", _("Deleted")
        UNPUBLISHED = "unpublished", _("Unpublished")
        ADDED = "added", _("Added to a selection")
        REMOVED = "removed", _("Removed from a selection")

    seq = models.BigAutoField(primary_key=True)
    object_id = models.CharField(max_length=36, db_index=True)
    action = models.CharField(max_length=12, choices=Action.choices)
    selection = models.ForeignKey(
        Selection, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("feed entry")
        verbose_name_plural = _("feed entries")

    def __str__(self) -> str:
        return f"{self.seq} {self.action} {self.object_id}"


class Webhook(models.Model):
    project = models.ForeignKey(DiffusionProject, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=100)
    active = models.BooleanField(_("active"), default=True)
    last_seq = models.BigIntegerField(default=0, help_text=_("Last feed entry delivered"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One HTTP attempt to deliver a batch; a failed one carries when to try again."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    batch = models.CharField(max_length=36, db_index=True)
    attempt = models.PositiveIntegerField(default=1)
    first_seq = models.BigIntegerField()
    last_seq = models.BigIntegerField()
    payload = models.BinaryField()
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True, default="")
    success = models.BooleanField(default=False)
    gave_up = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.webhook_id} {self.batch} #{self.attempt}"


class UsageCounter(models.Model):
    """Requests and objects served per project, day and endpoint, flushed in batches."""

    project = models.ForeignKey(DiffusionProject, on_delete=models.CASCADE, related_name="usage")
    day = models.DateField()
    endpoint = models.CharField(max_length=60)
    requests = models.PositiveBigIntegerField(default=0)
    objects_served = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "day", "endpoint"], name="one_counter_per_day"
            )
        ]
        verbose_name = _("usage counter")
        verbose_name_plural = _("usage counters")

    def __str__(self) -> str:
        return f"{self.project_id} {self.day} {self.endpoint}: {self.requests}"


class UsageFlush(models.Model):
    """The last batch of shared usage counts written to the database, per Redis hash. Flushes
    are one at a time (a lock), so one row is enough: a flush that died after its commit and
    before deleting its batch from Redis leaves a batch the next flush finds here, and drops
    instead of counting it twice (`usage._flush_shared`)."""

    name = models.CharField(max_length=200, unique=True)
    batch = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.name}: {self.batch}"


class EmptySearch(models.Model):
    """A search that found nothing: what visitors look for and the catalog lacks."""

    project = models.ForeignKey(DiffusionProject, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    params_key = models.CharField(max_length=40)
    params = models.JSONField(default=dict)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "day", "params_key"], name="one_empty_search_per_day"
            )
        ]
        verbose_name = _("empty search")
        verbose_name_plural = _("empty searches")

    def __str__(self) -> str:
        return f"{self.project_id} {self.day} {self.params}"
