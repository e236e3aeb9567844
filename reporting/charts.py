"""Server-side SVG bar charts for the report (no JavaScript; presentation attributes only, no style attributes)."""

from __future__ import annotations

from django.utils.html import escape

WIDTH = 640
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 58
PALETTE = ["#5b2a6e", "#c0588f", "#e8a33d", "#3f8f7a", "#6c8ebf", "#999999", "#a14d2a"]


def _nice_max(value: int) -> int:
    """The top of the axis: four equal whole-number steps of 1, 2, 2.5 or 5 times a power of ten."""
    needed = max(value, 4) / 4
    magnitude = 10 ** (len(str(int(needed))) - 1)
    for factor in (1, 2, 5, 10):
        step = magnitude * factor
        if step >= needed:
            return int(step * 4)
    return int(needed * 4)


def stacked_bars(*, labels: list[str], series: list[tuple[str, list[int]]], title: str) -> str:
    """A stacked bar per label (e.g. month), one colour per series, with a legend under the axis."""
    totals = [sum(values[i] for _name, values in series) for i in range(len(labels))]
    top = _nice_max(max(totals, default=0))
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(labels), 1)
    bar_w = slot * 0.7
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}" '
        'font-family="DejaVu Sans, sans-serif" font-size="10">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in range(5):
        value = top * tick / 4
        y = TOP + plot_h - plot_h * tick / 4
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#dddddd"/>')
        parts.append(f'<text x="{LEFT - 4}" y="{y + 3:.1f}" text-anchor="end" fill="#444444">{value:g}</text>')
    for i, label in enumerate(labels):
        x = LEFT + i * slot + (slot - bar_w) / 2
        base = TOP + plot_h
        for index, (_name, values) in enumerate(series):
            value = values[i] if i < len(values) else 0
            if not value:
                continue
            h = plot_h * value / top
            base -= h
            colour = PALETTE[index % len(PALETTE)]
            parts.append(f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{colour}"/>')
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{TOP + plot_h + 13}" text-anchor="middle" fill="#444444">'
            f"{escape(label)}</text>"
        )
    parts.append(f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#444444"/>')
    x = LEFT
    legend_y = HEIGHT - 18
    for index, (name, _values) in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="{legend_y - 9}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="{legend_y}" fill="#222222">{escape(name)}</text>')
        x += 22 + 6.5 * len(name)
    parts.append("</svg>")
    return "".join(parts)
