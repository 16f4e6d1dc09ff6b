"""A line chart as plain geometry, drawn by a Jinja macro as inline SVG.

No chart library and no script (the CSP forbids inline script and style, and the service runs
offline): the server computes coordinates, the template writes ``<polyline>`` and ``<circle>``
elements, and the stylesheet colours each series by class.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from simulator.certification.rules.trends import SpreadPoint, TrendPoint


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
    left, right, top, bottom, y_grid = _frame(width, height)
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


@dataclass
class BandChart:
    """The cohort's median line over its middle-half band, with one faint line per trainee."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    median: Series
    band: str  # "x,y …" for <polygon points>: the 75th percentile left to right, the 25th back
    people: list[Series]  # key: the trainee's name
    x_labels: list[tuple[float, str]]
    y_grid: list[tuple[float, int]]

    @property
    def empty(self) -> bool:
        return not self.median.points


def band_chart(points: Sequence[SpreadPoint], people: Mapping[str, Mapping[date, float]], *, width: int = 680,
               height: int = 240, max_labels: int = 8) -> BandChart:
    """Weeks on the x axis (oldest left), scores 0–100 on the y axis."""
    left, right, top, bottom, y_grid = _frame(width, height)
    if not points:
        return BandChart(width, height, left, right, top, bottom, Series("median", ""), "", [], [], y_grid)
    step = (right - left) / max(len(points) - 1, 1)
    x_of = {p.day: (left + i * step if len(points) > 1 else (left + right) / 2) for i, p in enumerate(points)}

    def line(values: Sequence[tuple[float, float]]) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in values)

    median = [(x_of[p.day], _y(p.median, top, bottom)) for p in points]
    dots = [Dot(round(x, 1), round(y, 1), f"{p.label} · {p.median:g} ({p.low:g}–{p.high:g}, n={p.trainees})")
            for (x, y), p in zip(median, points, strict=True)]
    band = line([(x_of[p.day], _y(p.high, top, bottom)) for p in points]
                + [(x_of[p.day], _y(p.low, top, bottom)) for p in reversed(points)])
    lines = []
    for name, weeks in people.items():
        coords = [(x_of[w], _y(v, top, bottom)) for w, v in weeks.items() if w in x_of]
        dots_p = [Dot(round(x, 1), round(y, 1), f"{name} · {w.strftime('%m-%d')} · {v:g}")
                  for (x, y), (w, v) in zip(coords, [(w, v) for w, v in weeks.items() if w in x_of], strict=True)]
        lines.append(Series(name, line(coords), dots_p))
    every = max(1, -(-len(points) // max_labels))
    x_labels = [(round(x_of[points[i].day], 1), points[i].label) for i in range(0, len(points), every)]
    return BandChart(width, height, left, right, top, bottom, Series("median", line(median), dots), band, lines,
                     x_labels, y_grid)


def _frame(width: int, height: int) -> tuple[int, int, int, int, list[tuple[float, int]]]:
    """The plot area inside the margins (room for the y labels left, the x labels below) and the y grid."""
    left, right, top, bottom = 36, width - 12, 12, height - 28
    return left, right, top, bottom, [(_y(v, top, bottom), v) for v in (0, 25, 50, 75, 100)]


def _y(value: float, top: int, bottom: int) -> float:
    clamped = max(0.0, min(100.0, float(value)))
    return round(bottom - (bottom - top) * clamped / 100, 1)
