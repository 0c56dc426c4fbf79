"""The portable index tables: one row per published object, plus its vocabulary codes, opening
periods and event date spans, so that every filter is an indexed SQL condition.

Dates are stored as day numbers (`date.toordinal()`) and times as microseconds since the epoch:
integers compare the same way on SQLite and PostgreSQL and make portable keyset cursors.
The text and geography indexes are engine-specific and live outside the ORM (see backends).
"""

from django.db import models


class SearchEntry(models.Model):
    """A published object as the search engine sees it. Its integer id keys the FTS5 rowid, the
    R*Tree id (SQLite) and the tsvector row (PostgreSQL)."""

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
from opensit.search.synonym_models import Synonym  # noqa: E402,F401
