"""Dyad timeline plots: SVG written by hand (no plotting library), PNG through matplotlib when installed."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..errors import ConfigError
from .analysis import QUADS

COLORS = {"verbal_cooperation": "#8fbf8f", "material_cooperation": "#2e7d32",
          "verbal_conflict": "#ef9a9a", "material_conflict": "#c62828", "other": "#9e9e9e"}


def dyad_svg(result: dict[str, Any], width: int = 820, height: int = 360) -> str:
    """Stacked bars of events per period by quad class, with the mean score as a line."""
    tl = result["timeline"]
    left, right, top, bottom = 50, 20, 40, 70
    pw, ph = width - left - right, height - top - bottom
    n = max(len(tl), 1)
    ymax = max([r["count"] for r in tl] + [1])
    bw = pw / n
    title = f"{result['a']['label']} ↔ {result['b']['label']} — {result['events']} events, trend: " \
            f"{result['trend']['trend']} (z={result['trend'].get('z')})"
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">'),
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="20" font-size="13" direction="ltr">{escape(title)}</text>',
           f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="#333"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="#333"/>']
    for k in range(5):
        v = ymax * k / 4
        y = top + ph - ph * k / 4
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{v:.0f}</text>')
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#eee"/>')
    points = []
    for i, r in enumerate(tl):
        x = left + i * bw
        y = top + ph
        rest = r["count"] - sum(q["count"] for q in r["quad"].values())
        for q, c in [*((q, r["quad"][q]["count"]) for q in QUADS.values()), ("other", rest)]:
            if c <= 0:
                continue
            h = ph * c / ymax
            y -= h
            out.append(f'<rect x="{x + bw * 0.1:.1f}" y="{y:.1f}" width="{bw * 0.8:.1f}" height="{h:.1f}" '
                       f'fill="{COLORS[q]}"><title>{escape(r["period"])} {q}: {c}</title></rect>')
        if r["score_mean"] is not None:
            # scores run from -10 to +10 (PLOVER); drawn on the same height, 0 at mid-height
            sy = top + ph / 2 - (ph / 2) * r["score_mean"] / 10
            points.append(f"{x + bw / 2:.1f},{sy:.1f}")
        step = max(1, n // 12)
        if i % step == 0:
            out.append(f'<text x="{x + bw / 2:.1f}" y="{top + ph + 14}" text-anchor="end" '
                       f'transform="rotate(-45 {x + bw / 2:.1f} {top + ph + 14})">{escape(r["period"])}</text>')
    if len(points) > 1:
        out.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="#1565c0" stroke-width="1.5"/>')
    for i, (q, c) in enumerate(COLORS.items()):
        lx = left + i * 150
        out.append(f'<rect x="{lx}" y="{height - 16}" width="10" height="10" fill="{c}"/>')
        out.append(f'<text x="{lx + 14}" y="{height - 7}">{escape(q.replace("_", " "))}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_plot(result: dict[str, Any], path: str | Path) -> None:
    """Write the dyad plot as SVG, or PNG when matplotlib is installed."""
    path = Path(path)
    if path.suffix.lower() == ".svg":
        path.write_text(dyad_svg(result), encoding="utf-8")
        return
    if path.suffix.lower() != ".png":
        raise ConfigError(f"plot file must end in .svg or .png: {path}")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ConfigError("PNG plots need matplotlib (pip install matplotlib); write .svg instead") from exc
    tl = result["timeline"]
    labels = [r["period"] for r in tl]
    fig, ax = plt.subplots(figsize=(9, 4))
    bottom = [0] * len(tl)
    for q in QUADS.values():
        vals = [r["quad"][q]["count"] for r in tl]
        ax.bar(labels, vals, bottom=bottom, color=COLORS[q], label=q.replace("_", " "))
        bottom = [b + v for b, v in zip(bottom, vals)]
    ax.set_ylabel("events")
    ax.set_title(f"trend: {result['trend']['trend']} (z={result['trend'].get('z')})")
    ax.legend(fontsize=7)
    plt.xticks(rotation=45, ha="right", fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
