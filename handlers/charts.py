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


def progress_chart(
    title: str, bars: Sequence[tuple[str, float]], xlabel: str, elapsed: float | None = None, elapsed_label: str = ""
) -> bytes:
    """A horizontal bar per manager (completion share, best on top), labelled in Chinese, with the 100% line and,
    for a period still running, the time-elapsed line (时序进度) that a share should have reached by now. Bars keep
    their thickness whatever the count: one person is one slim bar, fifty get a taller figure and smaller labels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    font = FontProperties(fname=str(cjk_font()))
    ordered = sorted(bars, key=lambda bar: bar[1])
    crowded = len(ordered) > 20
    per_bar = 0.28 if crowded else 0.42
    figure = Figure(figsize=(7, max(2.6, per_bar * len(ordered) + 1.4)), dpi=110)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    names = [name for name, _ in ordered]
    values = [value * 100 for _, value in ordered]
    on_pace = elapsed * 100 if elapsed is not None else 60  # below the time-elapsed line is behind: orange
    colours = ["#2e7d32" if v >= 100 else "#1565c0" if v >= on_pace else "#e65100" for v in values]
    axes.barh(range(len(values)), values, color=colours, height=0.6)
    axes.set_ylim(-0.8, max(len(values), 3) - 0.2)  # one or two bars stay slim instead of filling the figure
    label_size = 7 if crowded else 9
    axes.set_yticks(range(len(values)), labels=names, fontproperties=font, fontsize=label_size)
    axes.axvline(100, color="#9e9e9e", linestyle="--", linewidth=1)
    if elapsed is not None:
        axes.axvline(elapsed * 100, color="#c62828", linestyle=":", linewidth=1.5, label=elapsed_label)
        axes.legend(prop=font, loc="lower right", frameon=False)
    for index, value in enumerate(values):
        axes.text(value + 1, index, f"{value:.0f}%", va="center", fontproperties=font, fontsize=label_size)
    axes.set_xlim(0, max(110, max(values, default=0) + 15))
    axes.set_title(title, fontproperties=font)
    axes.set_xlabel(xlabel, fontproperties=font)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
