"""A line chart as plain geometry, drawn by a Jinja macro as inline SVG.

No chart library and no script (the CSP forbids inline script and style, and the service runs
offline): the server computes coordinates, the template writes ``<polyline>`` and ``<circle>``
elements, and the stylesheet colours each series by class.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from simulator.certification.rules.trends import TrendPoint


@dataclass
class Dot:
    x: float
    y: float
    label: str  # tooltip text (<title>)


@dataclass
class Series:
    key: str
    points: str  # "x,y x,y …" for <polyline points>
    dots: list[Dot] = field(default_factory=list)


@dataclass
class Chart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    series: list[Series]
    x_labels: list[tuple[float, str]]
    y_grid: list[tuple[float, int]]

    @property
    def empty(self) -> bool:
        return not self.series


def line_chart(points: Sequence[TrendPoint], keys: Sequence[str], *, width: int = 680, height: int = 240,
               max_labels: int = 8) -> Chart:
    """Scores 0–100 on the y axis, the points evenly spaced on the x axis (oldest left)."""
    left, right, top, bottom = 36, width - 12, 12, height - 28
    y_grid = [(_y(v, top, bottom), v) for v in (0, 25, 50, 75, 100)]
    if not points:
        return Chart(width, height, left, right, top, bottom, [], [], y_grid)
    step = (right - left) / max(len(points) - 1, 1)
    xs = [left + i * step if len(points) > 1 else (left + right) / 2 for i in range(len(points))]
    series = []
    for key in keys:
        coords = [(x, _y(p.values.get(key, 0), top, bottom)) for x, p in zip(xs, points, strict=True)]
        dots = [Dot(round(x, 1), round(y, 1), f"{p.label} · {p.values.get(key, 0):g}")
                for (x, y), p in zip(coords, points, strict=True)]
        series.append(Series(key, " ".join(f"{x:.1f},{y:.1f}" for x, y in coords), dots))
    every = max(1, -(-len(points) // max_labels))
    x_labels = [(round(xs[i], 1), points[i].label) for i in range(0, len(points), every)]
    return Chart(width, height, left, right, top, bottom, series, x_labels, y_grid)


def _y(value: float, top: int, bottom: int) -> float:
    clamped = max(0.0, min(100.0, float(value)))
    return round(bottom - (bottom - top) * clamped / 100, 1)
