"""The portable index tables: one row per published object, plus its vocabulary codes, opening
periods and event date spans, so that every filter is an indexed SQL condition.

Dates are stored as day numbers (`date.toordinal()`) and times as microseconds since the epoch:
integers compare the same way on SQLite and PostgreSQL and make portable keyset cursors.
The text and geography indexes are engine-specific and live outside the ORM (see backends).
"""

from django.db import models


class SearchEntry(models.Model):
    """A published object as the search engine sees it. Its integer id keys the text index's
    documents (`search_document`, Tantivy's `entry` field) and the R*Tree id (SQLite)."""

    object_id = models.CharField(max_length=36, unique=True)
    type = models.CharField(max_length=40, db_index=True)
    type_root = models.CharField(max_length=40)
    owner_id = models.BigIntegerField(null=True, db_index=True)
    commune_insee = models.CharField(max_length=5, db_index=True)
    department = models.CharField(max_length=3, db_index=True)
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    name_key = models.CharField(max_length=300, db_index=True)
    updated_us = models.BigIntegerField(db_index=True)
    first_day = models.IntegerField(null=True, db_index=True)
    shuffle = models.BigIntegerField()

    class Meta:
        db_table = "search_entry"
        # Department (+ root type) filters, their page by name and their facets read this
        # index alone.
        indexes = [
            models.Index(
                fields=["department", "type_root", "name_key", "type", "commune_insee"],
                name="search_entry_place_root",
            )
        ]

    def __str__(self) -> str:
        return self.object_id


class SearchCode(models.Model):
    """A vocabulary code of an object: scheme theme, amenity or label (labels and
    classifications share the `label` scheme, as the `labels` filter covers both)."""

    entry_id = models.BigIntegerField()
    scheme = models.CharField(max_length=12)
    code = models.CharField(max_length=100)

    class Meta:
        db_table = "search_code"
        indexes = [
            models.Index(fields=["scheme", "code", "entry_id"], name="search_code_lookup"),
            models.Index(fields=["entry_id", "scheme", "code"], name="search_code_of_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme}:{self.code}"


class SearchOpening(models.Model):
    """An opening (or closure) period: day range, weekday bit mask (Monday = 1), and for yearly
    periods the month-day range (MMDD), which may wrap over the new year."""

    entry_id = models.BigIntegerField(db_index=True)
    start_day = models.IntegerField()
    end_day = models.IntegerField()
    weekday_mask = models.SmallIntegerField()
    yearly = models.BooleanField()
    start_md = models.SmallIntegerField()
    end_md = models.SmallIntegerField()
    closed = models.BooleanField()

    class Meta:
        db_table = "search_opening"
        indexes = [models.Index(fields=["start_day", "end_day"], name="search_opening_days")]

    def __str__(self) -> str:
        return f"{self.start_day}-{self.end_day}"


class SearchEventSpan(models.Model):
    """A run of consecutive event days, from an occurrence or an expanded recurrence rule, cut
    in pieces of at most `indexer.SPAN_DAYS` days (a window query then reads a short range)."""

    entry_id = models.BigIntegerField(db_index=True)
    start_day = models.IntegerField()
    end_day = models.IntegerField()

    class Meta:
        db_table = "search_event_span"
        indexes = [
            models.Index(fields=["start_day", "end_day", "entry_id"], name="search_event_range")
        ]

    def __str__(self) -> str:
        return f"{self.start_day}-{self.end_day}"


class SearchDocument(models.Model):
    """What the text index holds for one entry (Tantivy's fields, as JSON): the index is
    rebuilt from these rows and follows them through `SearchTextLog` (see `textindex`)."""

    entry_id = models.BigIntegerField(primary_key=True)
    body = models.TextField()

    class Meta:
        db_table = "search_document"

    def __str__(self) -> str:
        return str(self.entry_id)


class SearchMention(models.Model):
    """How many other objects name this one in their texts (`mentions.py`), by object id so
    that it outlives the object's index entries."""

    object_id = models.CharField(max_length=36, primary_key=True)
    count = models.IntegerField()

    class Meta:
        db_table = "search_mention"

    def __str__(self) -> str:
        return f"{self.object_id}: {self.count}"


class SearchTextLog(models.Model):
    """One change of the text index: an entry added (`add`) or removed (`del`). The token
    tells a text index whether the row it applied last is still the database's."""

    seq = models.BigAutoField(primary_key=True)
    entry_id = models.BigIntegerField()
    op = models.CharField(max_length=3)
    token = models.CharField(max_length=32)

    class Meta:
        db_table = "search_text_log"

    def __str__(self) -> str:
        return f"{self.seq} {self.op} {self.entry_id}"


from opensit.search.synonym_models import Synonym  # noqa: E402,F401
