"""Geometry for the server-rendered SVG charts: no JavaScript, presentation attributes only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.formats import date_format

from .models import Channel

CHANNEL_COLOURS = {
    Channel.PHONE: "#5b2a6e",
    Channel.EMAIL: "#2a6e5b",
    Channel.CHAT: "#d08a1a",
    Channel.SMS: "#3a6ab0",
    Channel.MEETING: "#b02a37",
    Channel.OTHER: "#7a7a7a",
}
BAR_COLOUR = "#5b2a6e"


@dataclass
class Segment:
    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str


@dataclass
class Label:
    x: float
    y: float
    text: str


def _nice_max(value: int) -> int:
    if value <= 5:
        return 5
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = int(step * magnitude)
        if top >= value:
            return top
    return value


def monthly_stacked(per_month: dict[dt.date, dict[str, int]], *, width: int = 760, height: int = 260) -> dict:
    """Stacked bars: one per month, one colour per channel."""
    left, right, top, bottom = 44, 8, 10, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    months = list(per_month.items())
    peak = _nice_max(max((sum(counts.values()) for _m, counts in months), default=0))
    slot = plot_w / max(len(months), 1)
    bar_w = max(slot * 0.7, 1)
    segments, labels = [], []
    label_every = max(1, len(months) // 12)
    for i, (month, counts) in enumerate(months):
        x = left + i * slot + (slot - bar_w) / 2
        y = top + plot_h
        for channel in Channel:
            n = counts.get(channel.value, 0)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            title = f"{date_format(month, 'F Y')}: {channel.label} {n}"
            segments.append(
                Segment(round(x, 1), round(y, 1), round(bar_w, 1), round(h, 1), CHANNEL_COLOURS[channel], title)
            )
        if i % label_every == 0:
            text = date_format(month, "M") if len(months) <= 12 else date_format(month, "M y")
            labels.append(Label(round(x + bar_w / 2, 1), height - bottom + 16, text))
    ticks = [Label(left - 6, round(top + plot_h - plot_h * f, 1) + 4, str(int(peak * f))) for f in (0, 0.5, 1)]
    gridlines = [round(top + plot_h - plot_h * f, 1) for f in (0, 0.5, 1)]
    legend = [{"x": left + i * 120, "colour": CHANNEL_COLOURS[c], "label": c.label} for i, c in enumerate(Channel)]
    return {
        "width": width,
        "height": height + 24,
        "segments": segments,
        "labels": labels,
        "ticks": ticks,
        "gridlines": gridlines,
        "left": left,
        "right": width - right,
        "legend": legend,
        "legend_y": height + 8,
    }


def horizontal_bars(rows: list[tuple[str, int]], *, width: int = 520, bar_height: int = 20) -> dict:
    """One bar per (label, value), labels to the left."""
    left, gap = 200, 6
    peak = max((value for _label, value in rows), default=0) or 1
    plot_w = width - left - 50
    bars = []
    for i, (label, value) in enumerate(rows):
        y = i * (bar_height + gap)
        w = plot_w * value / peak
        bars.append(
            {
                "label": label,
                "value": value,
                "y": y,
                "text_y": y + bar_height * 0.7,
                "width": round(w, 1),
                "value_x": round(left + w + 4, 1),
            }
        )
    return {
        "width": width,
        "height": max(len(rows) * (bar_height + gap), bar_height),
        "bars": bars,
        "left": left,
        "label_x": left - 6,
        "bar_height": bar_height,
        "colour": BAR_COLOUR,
    }
