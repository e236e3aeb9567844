"""Helpers for the long lists whose rows a view builds in Python (the occupancy board, every woman living here):
one reverse() and one date format lookup per list instead of one per row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import get_format


def url_for_pk(name: str) -> Callable[[int], str]:
    """reverse(name, args=[pk]) for many pks at the cost of one reverse(): the URL with a marker pk, split.

    A {% url %} costs tens of µs, and a list of every woman living here (~570 at national scale) links each
    of them once or twice."""
    marker = "987654321"
    prefix, suffix = reverse(name, args=[marker]).split(marker)
    return lambda pk: f"{prefix}{pk}{suffix}"


def short_dates() -> Callable[[dt.date | None], str]:
    """The template's `|date:"SHORT_DATE_FORMAT"` in the active language ("" for None), each date formatted once."""
    short, done = get_format("SHORT_DATE_FORMAT"), {}

    def formatted(value: dt.date | None) -> str:
        if value is None:
            return ""
        if value not in done:
            done[value] = dateformat.format(value, short)
        return done[value]

    return formatted
