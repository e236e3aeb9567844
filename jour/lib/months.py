"""Months and periods of local days: the months a period spans, their labels in a chart, its bounds in time."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format


def month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of every month from the one holding `start` to the one holding `end`."""
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def local_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The period's local days as times: [local midnight at `start`, local midnight after `end`)."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def month_labels(months: list[dt.date]) -> list[str]:
    """A chart's labels: "jan" … "dec" (lower case, as Swedish writes them) for up to twelve months, "2025-01"
    when there are more (the same month name would stand for two years)."""
    if len(months) > 12:
        return [date_format(month, "Y-m") for month in months]
    return [date_format(month, "b") for month in months]
