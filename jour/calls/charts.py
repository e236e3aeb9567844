"""Geometry for the server-rendered SVG charts: no JavaScript, presentation attributes only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

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


# The SVG itself, written here rather than in templates: a year's chart is ~600 values, and a template
# localises each number it writes, which in Swedish gave coordinates such as width="270,0" (invalid SVG).
# format_html() escapes the texts and writes numbers with a dot.


def monthly_stacked_svg(chart: dict, *, labelledby: str) -> SafeString:
    parts = [
        format_html(
            '<svg class="chart-svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-labelledby="{}" '
            'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="11">',
            chart["width"],
            chart["height"],
            chart["width"],
            chart["height"],
            labelledby,
        )
    ]
    parts += [
        format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#dee2e6" stroke-width="1"/>',
            chart["left"],
            chart["right"],
            y,
            y,
        )
        for y in chart["gridlines"]
    ]
    parts += [
        format_html('<text x="{}" y="{}" text-anchor="end" fill="#6c757d">{}</text>', t.x, t.y, t.text)
        for t in chart["ticks"]
    ]
    parts += [
        format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
            s.x,
            s.y,
            s.width,
            s.height,
            s.fill,
            s.title,
        )
        for s in chart["segments"]
    ]
    parts += [
        format_html('<text x="{}" y="{}" text-anchor="middle" fill="#212529">{}</text>', label.x, label.y, label.text)
        for label in chart["labels"]
    ]
    legend_y = chart["legend_y"]
    parts += [
        format_html(
            '<rect x="{}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" fill="#212529">{}</text>',
            item["x"],
            legend_y,
            item["colour"],
            item["x"] + 14,
            legend_y + 9,
            item["label"],
        )
        for item in chart["legend"]
    ]
    parts.append(mark_safe("</svg>"))  # noqa: S308 - a constant
    return mark_safe("\n".join(parts))  # noqa: S308 - every part is from format_html


def horizontal_bars_svg(chart: dict, *, title: str) -> SafeString:
    parts = [
        format_html(
            '<svg class="chart-svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}" '
            'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="12">',
            chart["width"],
            chart["height"],
            chart["width"],
            chart["height"],
            title,
        ),
        format_html("<title>{}</title>", title),
    ]
    for bar in chart["bars"]:
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" fill="#212529">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>'
                '<text x="{}" y="{}" fill="#212529">{}</text>',
                chart["label_x"],
                bar["text_y"],
                bar["label"],
                chart["left"],
                bar["y"],
                bar["width"],
                chart["bar_height"],
                chart["colour"],
                bar["label"],
                bar["value"],
                bar["value_x"],
                bar["text_y"],
                bar["value"],
            )
        )
    parts.append(mark_safe("</svg>"))  # noqa: S308 - a constant
    return mark_safe("\n".join(parts))  # noqa: S308 - every part is from format_html
