"""Views and clicks per widget and day: two numbers, nothing about the visitor (no cookie, no
IP address, no identifier). One upsert per count, on SQLite and PostgreSQL alike."""

from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from opensit.widgets.models import WidgetDailyCount


def record(widget_id: int, *, views: int = 0, clicks: int = 0) -> None:
    """Add to today's counts of the widget (created on its first count of the day)."""
    table = connection.ops.quote_name(WidgetDailyCount._meta.db_table)
    day = connection.ops.adapt_datefield_value(timezone.localdate())
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (widget_id, day, views, clicks) VALUES (%s, %s, %s, %s)"
            " ON CONFLICT (widget_id, day) DO UPDATE SET"
            f" views = {table}.views + excluded.views, clicks = {table}.clicks + excluded.clicks",
            [widget_id, day, views, clicks],
        )


def totals(widget_id: int, days: int = 30) -> tuple[int, int]:
    """(views, clicks) over the last `days` days, today included."""
    start = timezone.localdate() - timedelta(days=days - 1)
    found = WidgetDailyCount.objects.filter(widget_id=widget_id, day__gte=start).aggregate(
        views=Sum("views"), clicks=Sum("clicks")
    )
    return found["views"] or 0, found["clicks"] or 0


def daily(widget_id: int, days: int = 30) -> list[tuple[date, int, int]]:
    """(day, views, clicks) for each of the last `days` days, zero on quiet days."""
    start = timezone.localdate() - timedelta(days=days - 1)
    rows = {
        row.day: row for row in WidgetDailyCount.objects.filter(widget_id=widget_id, day__gte=start)
    }
    out = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        row = rows.get(day)
        out.append((day, row.views if row else 0, row.clicks if row else 0))
    return out
