"""What imports leave behind: a run record per import, the raw payload of every source record
(so a mapping fix can re-map without re-fetching) and per-record issues naming source and field."""

import zlib

import orjson
import zstandard
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class ImportRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCESS = "success", _("Success")
        PARTIAL = "partial", _("Finished with errors")
        FAILED = "failed", _("Failed")
        ABORTED = "aborted", _("Aborted (strict mode), nothing written")

    source = models.CharField(_("source"), max_length=32)
    path = models.CharField(_("path"), max_length=1000)
    owner = models.ForeignKey(
        "network.Organisation", null=True, blank=True, on_delete=models.SET_NULL
    )
    strict = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    duration = models.FloatField(_("duration (s)"), default=0)
    read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    deleted = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    unknown_keys = models.JSONField(
        default=dict, blank=True, help_text=_("Source keys with no mapping, and their counts")
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M} ({self.status})"


class ImportIssue(models.Model):
    class Level(models.TextChoices):
        WARNING = "warning", _("Warning")
        ERROR = "error", _("Error")

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="issues")
    level = models.CharField(max_length=8, choices=Level.choices)
    source_id = models.CharField(max_length=128, blank=True)
    file = models.CharField(max_length=1000, blank=True)
    field = models.CharField(max_length=200, blank=True)
    message = models.TextField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        where = " ".join(part for part in (self.file, self.source_id, self.field) if part)
        return f"{self.level}: {where}: {self.message}"


class SourceRecord(models.Model):
    """The raw payload of one source record, compressed, with the hash that detects changes."""

    system = models.CharField(max_length=32)
    source_id = models.CharField(max_length=128)
    object_id = models.CharField(max_length=36, db_index=True)
    payload_hash = models.CharField(max_length=40)
    mapping_version = models.PositiveIntegerField(default=1)
    compressed_payload = models.BinaryField()
    last_run = models.ForeignKey(ImportRun, null=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["system", "source_id"], name="unique_source_payload")
        ]

    def __str__(self) -> str:
        return f"{self.system}:{self.source_id}"

    @staticmethod
    def compress(payload: bytes) -> bytes:
        """Zstandard level 1: a fifth of the size, four times faster than zlib's fastest level
        (which earlier runs used: `decompress` reads both)."""
        return _compressor().compress(payload)

    @staticmethod
    def decompress(data: bytes) -> bytes:
        data = bytes(data)
        if data[:4] == ZSTD_MAGIC:
            return zstandard.ZstdDecompressor().decompress(data)
        return zlib.decompress(data)

    @property
    def payload(self) -> object:
        return orjson.loads(self.decompress(self.compressed_payload))


ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_compressors: list[zstandard.ZstdCompressor] = []


def _compressor() -> zstandard.ZstdCompressor:
    """One compressor per process (they are not thread-safe; imports run in one thread)."""
    if not _compressors:
        _compressors.append(zstandard.ZstdCompressor(level=1))
    return _compressors[0]


class SourcePolicy(models.Model):
    """How the media of a source are diffused (`connectors.media_policy`): the licence of media
    the source gives none (the terms under which producers give media to that network), and
    what becomes of media marked "all rights reserved". One row per source system, and
    optionally one per owner organisation, which wins for that organisation's imports."""

    class Reserved(models.TextChoices):
        NETWORK = "network", _("Diffused under the network's terms, with their credit")
        WITHHOLD = "withhold", _("Kept out of public outputs")

    system = models.CharField(_("source system"), max_length=32)
    owner = models.ForeignKey(
        "network.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        verbose_name=_("owner"),
        help_text=_("Only for imports owned by this organisation; empty: every import"),
    )
    media_licence = models.CharField(
        _("licence of media without one"),
        max_length=32,
        blank=True,
        help_text=_("A licence code; empty: the default (OPENSIT_MEDIA_DEFAULT_LICENCE)"),
    )
    reserved_media = models.CharField(
        _("media marked all rights reserved"),
        max_length=16,
        choices=Reserved.choices,
        default=Reserved.NETWORK,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["system", "owner__slug"]
        verbose_name = _("source media policy")
        verbose_name_plural = _("source media policies")
        constraints = [
            models.UniqueConstraint(
                fields=["system", "owner"],
                condition=models.Q(owner__isnull=False),
                name="one_policy_per_source_and_owner",
            ),
            models.UniqueConstraint(
                fields=["system"],
                condition=models.Q(owner__isnull=True),
                name="one_policy_per_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.system} ({self.owner.slug})" if self.owner_id else self.system


class Source(models.Model):
    """A source the platform pulls on a schedule (`connectors.sources`): an Apidae project, a
    DATAtourisme flux or another OpenSIT's JSON Lines. Its credential is kept encrypted
    (`connectors.credentials`): it must be sent to the source, so it cannot be hashed."""

    class Kind(models.TextChoices):
        APIDAE = "apidae", _("Apidae project (API v002)")
        DATATOURISME = "datatourisme", _("DATAtourisme flux (zip)")
        JSONL = "jsonl", _("OpenSIT JSON Lines")

    class ApidaeMode(models.TextChoices):
        SEARCH = "search", _("Search: every page of the project's search, on the schedule")
        EXPORT = "export", _("Export: the zips Apidae announces to the notification address")

    class Schedule(models.TextChoices):
        MANUAL = "manual", _("Only when run by hand")
        DAILY = "daily", _("Every day at a set time")
        INTERVAL = "interval", _("Every N hours")

    class FieldPolicy(models.TextChoices):
        NETWORK = "", _("The network's default (OPENSIT_IMPORT_FIELD_POLICY)")
        REFUSE = "refuse", _("Refuse local edits of the fields the source fills")
        OVERRIDE = "override", _("Keep local edits as overrides the next run leaves alone")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    owner = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="sources",
        verbose_name=_("owner organisation"),
        help_text=_("The organisation that owns the objects this source brings"),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    url = models.URLField(
        _("URL"),
        max_length=1000,
        help_text=_(
            "Apidae: the API's base address; DATAtourisme: the flux's zip; "
            "OpenSIT: the JSON Lines export"
        ),
    )
    project_id = models.CharField(_("Apidae project id"), max_length=32, blank=True)
    apidae_mode = models.CharField(
        _("Apidae mode"),
        max_length=16,
        choices=ApidaeMode.choices,
        default=ApidaeMode.SEARCH,
        help_text=_(
            "Export: Apidae notifies each export of the project to the source's notification "
            "address, and the run imports its zip (deleted objects included)"
        ),
    )
    #: SHA-256 of the secret of the notification address (shown once, never stored plain).
    notification_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    encrypted_key = models.TextField(blank=True, editable=False)
    key_hint = models.CharField(max_length=8, blank=True, editable=False)
    schedule = models.CharField(
        _("schedule"), max_length=16, choices=Schedule.choices, default=Schedule.DAILY
    )
    daily_at = models.TimeField(_("daily at"), null=True, blank=True)
    interval_hours = models.PositiveSmallIntegerField(_("every (hours)"), null=True, blank=True)
    next_run_at = models.DateTimeField(_("next run"), null=True, blank=True, db_index=True)
    field_policy = models.CharField(
        _("field ownership policy"),
        max_length=16,
        choices=FieldPolicy.choices,
        blank=True,
        default=FieldPolicy.NETWORK,
    )
    delete_absent = models.BooleanField(
        _("delete what the source no longer lists"),
        default=True,
        help_text=_(
            "The source gives its whole listing: objects of an earlier run that it no longer "
            "lists are deleted (tombstones)"
        ),
    )
    timeout = models.FloatField(_("timeout (s)"), default=60)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.name

    @property
    def schedule_label(self) -> str:
        """The schedule as the screens say it: "Every day at 03:30", "Every 6 hours"."""
        if self.schedule == self.Schedule.DAILY and self.daily_at is not None:
            return _("Every day at %(time)s") % {"time": self.daily_at.strftime("%H:%M")}
        if self.schedule == self.Schedule.INTERVAL and self.interval_hours:
            return ngettext("Every hour", "Every %(n)d hours", self.interval_hours) % {
                "n": self.interval_hours
            }
        return str(self.get_schedule_display())

    @property
    def exports(self) -> bool:
        """An Apidae source fed by the exports Apidae notifies, not by its search."""
        return self.kind == self.Kind.APIDAE and self.apidae_mode == self.ApidaeMode.EXPORT

    @property
    def has_key(self) -> bool:
        return bool(self.encrypted_key)

    @property
    def masked_key(self) -> str:
        """What the screens show of the key: its last characters only."""
        return f"…{self.key_hint}" if self.encrypted_key else ""


class SourceRun(models.Model):
    """One run of a source (or of an uploaded file): its stage and progress while it runs, what
    was fetched, and the import run whose counts and issues make its report."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        FETCHING = "fetching", _("Downloading")
        IMPORTING = "importing", _("Importing")
        SUCCESS = "success", _("Success")
        PARTIAL = "partial", _("Finished with errors")
        FAILED = "failed", _("Failed")

    FINISHED = (Status.SUCCESS, Status.PARTIAL, Status.FAILED)

    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.CASCADE, related_name="runs"
    )
    kind = models.CharField(_("kind"), max_length=32)
    label = models.CharField(_("label"), max_length=300)
    owner = models.ForeignKey(
        "network.Organisation", null=True, blank=True, on_delete=models.SET_NULL
    )
    started_by = models.CharField(_("started by"), max_length=200, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    fetched_bytes = models.BigIntegerField(_("fetched bytes"), default=0)
    fetched_path = models.CharField(max_length=1000, blank=True)
    import_run = models.OneToOneField(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="source_run"
    )
    error = models.TextField(_("error"), blank=True)
    #: An Apidae export's notification (`urlRecuperation`, `urlConfirmation`,
    #: `reinitialisation`, `ponctuel`): the run imports that zip instead of searching.
    notification = models.JSONField(default=dict, blank=True)
    confirmed_at = models.DateTimeField(_("export confirmed to Apidae at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("source run")
        verbose_name_plural = _("source runs")

    def __str__(self) -> str:
        return f"{self.label} #{self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED
