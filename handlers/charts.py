"""Charts as PNG bytes, with Chinese labels in a CJK font from an installed package (Debian fonts-wqy-microhei
or fonts-noto-cjk); matplotlib's Agg canvas is used directly, so no global pyplot state is shared between users.
matplotlib is imported on the first chart, not at start-up (it costs most of a second)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from pathlib import Path

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
FONT_NAMES = ("wqy-microhei.ttc", "wqy-zenhei.ttc", "NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf")


class ChartUnavailable(Exception):
    """No CJK font is installed, so a chart would show boxes instead of Chinese."""


@cache
def cjk_font() -> Path:
    for name in FONT_NAMES:
        for root in FONT_DIRS:
            found = next(root.rglob(name), None) if root.is_dir() else None
            if found is not None:
                return found
    raise ChartUnavailable()


def progress_chart(title: str, bars: Sequence[tuple[str, float]], xlabel: str) -> bytes:
    """A horizontal bar per manager (completion share, sorted best first), labelled in Chinese."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    font = FontProperties(fname=str(cjk_font()))
    ordered = sorted(bars, key=lambda bar: bar[1])
    height = max(2.5, 0.45 * len(ordered) + 1.2)
    figure = Figure(figsize=(7, height), dpi=110)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    names = [name for name, _ in ordered]
    values = [value * 100 for _, value in ordered]
    colours = ["#2e7d32" if v >= 100 else "#1565c0" if v >= 60 else "#e65100" for v in values]
    axes.barh(range(len(values)), values, color=colours)
    axes.set_yticks(range(len(values)), labels=names, fontproperties=font)
    axes.axvline(100, color="#9e9e9e", linestyle="--", linewidth=1)
    for index, value in enumerate(values):
        axes.text(value + 1, index, f"{value:.0f}%", va="center", fontproperties=font, fontsize=9)
    axes.set_xlim(0, max(110, max(values, default=0) + 15))
    axes.set_title(title, fontproperties=font)
    axes.set_xlabel(xlabel, fontproperties=font)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
