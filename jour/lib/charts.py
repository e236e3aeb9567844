"""SVG bar charts written in Python, for the pages and the PDFs alike: no JavaScript, presentation attributes only.

Written here rather than in templates: a year's chart is hundreds of numbers, and a template localises each number
it writes, which in Swedish gives coordinates such as width="270,0" (no SVG number). format_html() escapes the
texts and writes every number with a dot.

    stacked_bars(labels=["jan", "feb"], series=[Series("Telefon", [3, 5], "#5b2a6e")], title="…")
    horizontal_bars([("Telefon", 12), ("E-post", 3)], title="…")
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# Colours of the series in order, for charts whose series have no colour of their own.
PALETTE = ["#5b2a6e", "#c0588f", "#e8a33d", "#3f8f7a", "#6c8ebf", "#999999", "#a14d2a"]
FONT = "DejaVu Sans, sans-serif"  # the PDFs' font; browsers fall back to their sans-serif
AXIS_STEPS = 4
MOST_LABELS = 12  # more bars than this: every n-th bar is labelled
LINE = '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>'
TICK = '<text x="{}" y="{}" text-anchor="end" fill="#444444">{}</text>'


@dataclass(frozen=True)
class Series:
    name: str
    values: list[int]
    colour: str


def axis_ticks(value: int | float, *, steps: int = AXIS_STEPS) -> list[int]:
    """The axis from 0 up to at least `value` in `steps` equal whole-number steps of 1, 2, 2.5 or 5 times a
    power of ten (25 and 250, never 2.5); at least 1 per step, so an empty chart still has an axis."""
    needed = max(value, steps) / steps
    magnitude = 10 ** (len(str(int(needed))) - 1)
    step = next(
        int(factor * magnitude)
        for factor in (1, 2, 2.5, 5, 10)
        if factor * magnitude >= needed and factor * magnitude == int(factor * magnitude)
    )
    return [step * i for i in range(steps + 1)]


def _open_svg(*, width: int, height: int, title: str, css_class: str, font_size: int) -> list[SafeString]:
    return [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="{}" viewBox="0 0 {} {}" width="{}" height="{}" '
            'role="img" aria-label="{}" font-family="{}" font-size="{}">',
            css_class,
            width,
            height,
            width,
            height,
            title,
            FONT,
            font_size,
        ),
        format_html("<title>{}</title>", title),
    ]


def _close_svg(parts: list[SafeString]) -> SafeString:
    parts.append(mark_safe("</svg>"))  # noqa: S308 - a constant
    return mark_safe("\n".join(parts))  # noqa: S308 - every part is from format_html


def stacked_bars(
    *,
    labels: list[str],
    series: list[Series],
    title: str,
    tooltips: list[str] | None = None,
    width: int = 640,
    height: int = 284,
    css_class: str = "chart-svg",
) -> SafeString:
    """A stacked bar per label (e.g. per month), one colour per series, a legend of every series under the axis.
    Each segment's tooltip is "<tooltip of its bar>: <series> <value>" (the bar's label unless given)."""
    left, right, top, bottom = 44, 12, 12, 58
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(s.values[i] if i < len(s.values) else 0 for s in series) for i in range(len(labels))]
    ticks = axis_ticks(max(totals, default=0))
    peak = ticks[-1]
    slot = plot_w / max(len(labels), 1)
    bar_w = max(slot * 0.7, 1)
    label_every = max(1, len(labels) // MOST_LABELS)
    base_y = top + plot_h
    parts = _open_svg(width=width, height=height, title=title, css_class=css_class, font_size=10)
    for tick in ticks:
        y = round(base_y - plot_h * tick / peak, 1)
        parts.append(format_html(LINE, left, y, width - right, y, "#dddddd"))
        parts.append(format_html(TICK, left - 4, round(y + 3, 1), tick))
    for i, label in enumerate(labels):
        x = left + i * slot + (slot - bar_w) / 2
        y = base_y
        for s in series:
            value = s.values[i] if i < len(s.values) else 0
            if not value:
                continue
            h = plot_h * value / peak
            y -= h
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {} {}</title></rect>',
                    round(x, 1),
                    round(y, 1),
                    round(bar_w, 1),
                    round(h, 1),
                    s.colour,
                    tooltips[i] if tooltips else label,
                    s.name,
                    value,
                )
            )
        if i % label_every == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" fill="#444444">{}</text>',
                    round(x + bar_w / 2, 1),
                    base_y + 13,
                    label,
                )
            )
    parts.append(format_html(LINE, left, base_y, width - right, base_y, "#444444"))
    x, legend_y = left, height - 18
    for s in series:
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" fill="#222222">{}</text>',
                round(x, 1),
                legend_y - 9,
                s.colour,
                round(x + 14, 1),
                legend_y,
                s.name,
            )
        )
        x += 22 + 6.5 * len(s.name)
    return _close_svg(parts)


def horizontal_bars(
    rows: list[tuple[str, int]], *, title: str, width: int = 520, bar_height: int = 20, colour: str = PALETTE[0]
) -> SafeString:
    """One bar per (label, value), labels to the left, each value after its bar; the longest bar fills the width."""
    left, gap = 200, 6
    peak = max((value for _label, value in rows), default=0) or 1
    plot_w = width - left - 50
    height = max(len(rows) * (bar_height + gap), bar_height)
    parts = _open_svg(width=width, height=height, title=title, css_class="chart-svg", font_size=12)
    for i, (label, value) in enumerate(rows):
        y = i * (bar_height + gap)
        text_y = round(y + bar_height * 0.7, 1)
        w = round(plot_w * value / peak, 1)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" fill="#212529">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>'
                '<text x="{}" y="{}" fill="#212529">{}</text>',
                left - 6,
                text_y,
                label,
                left,
                y,
                w,
                bar_height,
                colour,
                label,
                value,
                round(left + w + 4, 1),
                text_y,
                value,
            )
        )
    return _close_svg(parts)
