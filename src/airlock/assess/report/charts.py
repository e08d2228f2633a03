"""Inline SVG charts for the HTML report: no script, no CDN, readable when printed."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from airlock.assess.model import Hierarchy, TraitScore


def colour(score: float) -> str:
    return "#2e7d32" if score >= 75 else "#f9a825" if score >= 50 else "#c62828"


def trait_bars(traits: Sequence[TraitScore], width: int = 640) -> Markup:
    """One horizontal 0-100 bar per trait, with the 75 (data-ready) line."""
    bar_h, gap, label_w = 26, 10, 200
    height = len(traits) * (bar_h + gap) + gap + 16
    span = width - label_w - 50
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'style="max-width:{width}px" xmlns="http://www.w3.org/2000/svg">']  # fmt: skip
    for i, trait in enumerate(traits):
        y = gap + i * (bar_h + gap)
        w = max(1.0, span * trait.score / 100)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end" class="lbl">'
            f"{escape(trait.name)}</text>"
            f'<rect x="{label_w}" y="{y}" width="{span}" height="{bar_h}" fill="#eee" rx="3"/>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="3" '
            f'fill="{colour(trait.score)}"><title>{escape(trait.name)}: {trait.score}'
            f"</title></rect>"
            f'<text x="{label_w + span + 8}" y="{y + 18}" class="val">{trait.score}</text>'
        )
    x75 = label_w + span * 0.75
    parts.append(f'<line x1="{x75:.1f}" y1="4" x2="{x75:.1f}" y2="{height - 14}" class="ready"/>'
                 f'<text x="{x75:.1f}" y="{height - 2}" text-anchor="middle" class="val">'
                 "data-ready 75</text></svg>")  # fmt: skip
    # Safe: names went through escape(); the rest is numbers we format.
    return Markup("".join(parts))  # noqa: S704


def pyramid(hierarchy: Hierarchy, width: int = 420) -> Markup:
    """The hierarchy of needs as a pyramid, bottom stage first; reached stages in green."""
    stages = hierarchy.stages
    step_h = 38
    height = step_h * len(stages) + 4
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'style="max-width:{width}px" xmlns="http://www.w3.org/2000/svg">']  # fmt: skip
    for i, stage in enumerate(stages):
        level = len(stages) - 1 - i
        y = 2 + level * step_h
        half = width / 2 * (0.35 + 0.65 * (i + 1) / len(stages))
        half_top = width / 2 * (0.35 + 0.65 * i / len(stages))
        cx = width / 2
        fill = "#2e7d32" if stage.reached else "#bdbdbd"
        tip = stage.name + (" (reached)" if stage.reached else ": " + "; ".join(stage.blockers))
        points = (f"{cx - half_top:.1f},{y} {cx + half_top:.1f},{y} "
                  f"{cx + half:.1f},{y + step_h - 3} {cx - half:.1f},{y + step_h - 3}")  # fmt: skip
        parts.append(
            f'<g><title>{escape(tip)}</title><polygon points="{points}" fill="{fill}"/>'
            f'<text x="{cx}" y="{y + 23}" text-anchor="middle" class="stage">'
            f"{escape(stage.name)}</text></g>"
        )
    parts.append("</svg>")
    # Safe: names and tooltips went through escape(); the rest is numbers we format.
    return Markup("".join(parts))  # noqa: S704


def share_bar(share: float | None, width: int = 90) -> Markup:
    """A small inline bar for a 0..1 share (bad when high)."""
    if share is None:
        return Markup("")
    w = max(0.0, min(1.0, share)) * width
    fill = "#c62828" if share >= 0.2 else "#f9a825" if share >= 0.05 else "#2e7d32"
    return Markup(  # noqa: S704 - numbers only
        f'<svg width="{width}" height="10" xmlns="http://www.w3.org/2000/svg">'
        f'<rect width="{width}" height="10" fill="#eee"/>'
        f'<rect width="{w:.1f}" height="10" fill="{fill}"/></svg>'
    )
