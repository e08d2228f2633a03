"""Inline SVG charts for the HTML report: no script, no CDN, readable when printed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from markupsafe import Markup, escape

STATUS_COLOURS = {
    "sanctioned": "#2e7d32",
    "tolerated": "#f9a825",
    "unsanctioned": "#8e24aa",
    "prohibited": "#c62828",
}
SHADOW = "#c62828"
SANCTIONED = "#2e7d32"
LABEL_CHARS = 24


def _short(number: float) -> str:
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(number) >= limit:
            return f"{number / limit:.1f}{suffix}"
    return f"{number:.0f}"


def bar_chart(
    rows: Sequence[tuple[str, float, str]],
    *,
    width: int = 640,
    fmt: Callable[[float], str] = _short,
) -> Markup:
    """Horizontal bars: (label, value, colour) per row, largest first as given.

    `fmt` formats the value printed after each bar (e.g. bytes in KB/MB/GB).
    """
    if not rows:
        return Markup('<p class="empty">No data.</p>')
    bar_h, gap, label_w, value_w = 18, 6, 190, 80
    height = len(rows) * (bar_h + gap) + gap
    top = max(value for _, value, _ in rows) or 1
    span = width - label_w - value_w
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" style="max-width:{width}px">'
    ]
    for i, (label, value, colour) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        w = max(1.0, span * value / top)
        # 24 characters of a 12px label fit the 182px before the bars.
        text = escape(label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…")
        shown = escape(fmt(value))
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end" class="lbl">{text}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="2" '
            f'fill="{escape(colour)}"><title>{escape(label)}: {shown}</title></rect>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 13}" class="val">{shown}</text>'
        )
    parts.append("</svg>")
    # Safe: every label and tooltip went through escape(); the rest is numbers we format.
    return Markup("".join(parts))  # noqa: S704


def stacked_days(
    days: Sequence[tuple[date, int, int]], *, width: int = 900, height: int = 220
) -> Markup:
    """Requests per day, sanctioned (bottom, green) and shadow (top, red)."""
    if not days:
        return Markup('<p class="empty">No data.</p>')
    left, bottom, top_pad = 48, 28, 10
    plot_w, plot_h = width - left - 10, height - bottom - top_pad
    peak = max(s + u for _, s, u in days) or 1
    slot = plot_w / len(days)
    bar_w = max(1.0, min(36.0, slot * 0.8))
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'style="max-width:{width}px">',
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - 10}" y2="{top_pad + plot_h}" '
        'class="axis"/>',
    ]
    for fraction in (0.5, 1.0):
        y = top_pad + plot_h * (1 - fraction)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="val">'
            f"{_short(peak * fraction)}</text>"
        )
    every = max(1, len(days) // 10)
    for i, (day, sanctioned, shadow) in enumerate(days):
        x = left + i * slot + (slot - bar_w) / 2
        h_s = plot_h * sanctioned / peak
        h_u = plot_h * shadow / peak
        base = top_pad + plot_h
        tip = f"{day.isoformat()}: {sanctioned:,} sanctioned, {shadow:,} shadow"
        parts.append(
            f"<g><title>{escape(tip)}</title>"
            f'<rect x="{x:.1f}" y="{base - h_s:.1f}" width="{bar_w:.1f}" height="{h_s:.1f}" '
            f'fill="{SANCTIONED}"/>'
            f'<rect x="{x:.1f}" y="{base - h_s - h_u:.1f}" width="{bar_w:.1f}" '
            f'height="{h_u:.1f}" fill="{SHADOW}"/></g>'
        )
        if i % every == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{height - 10}" text-anchor="middle" '
                f'class="val">{day:%m-%d}</text>'
            )
    parts.append("</svg>")
    # Safe: every label and tooltip went through escape(); the rest is numbers we format.
    return Markup("".join(parts))  # noqa: S704
