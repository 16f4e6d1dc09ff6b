"""Trends, frequent violations and the at-risk list: what HR scans a cohort for.

At-risk rules (thresholds are parameters; the dashboards expose ``inactive_days``):

* ``never`` — no graded practice at all;
* ``inactive`` — no graded practice for ``inactive_days`` or more;
* ``critical`` — ``critical_limit`` or more attempts with a critical violation in the last
  ``critical_window_days`` (one slip is a lesson; a pattern is a risk);
* ``falling`` — the mean overall of the last ``falling_span`` attempts is at least ``falling_points``
  below the mean of the ``falling_span`` before them *and* below ``falling_floor`` (the pass mark):
  a dip from 100 to 88 is noise between scenarios of different difficulty, a slide into failing is not.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import quantiles

from simulator.certification.rules.attempts import Attempt


@dataclass(frozen=True)
class TrendPoint:
    label: str  # "05-14" or an attempt's date
    values: dict[str, float]  # dimension → mean score
    n: int  # attempts behind the point
    day: date


def daily_means(attempts: Iterable[Attempt], dims: Sequence[str]) -> list[TrendPoint]:
    """One point per day with graded practice: the mean of each dimension that day."""
    by_day: dict[date, list[Attempt]] = defaultdict(list)
    for a in attempts:
        if a.mode != "incomplete":
            by_day[a.at.date()].append(a)
    return [TrendPoint(label=day.strftime("%m-%d"), day=day, n=len(group),
                       values={d: round(sum(a.dimensions.get(d, 0) for a in group) / len(group), 1) for d in dims})
            for day, group in sorted(by_day.items())]


def per_attempt(attempts: Iterable[Attempt], dims: Sequence[str]) -> list[TrendPoint]:
    """One point per graded attempt, oldest first (a single trainee's trend)."""
    return [TrendPoint(label=a.at.strftime("%m-%d"), day=a.at.date(), n=1,
                       values={d: float(a.dimensions.get(d, 0)) for d in dims})
            for a in sorted(attempts, key=lambda a: a.at) if a.mode != "incomplete"]


@dataclass(frozen=True)
class SpreadPoint:
    """One week of a cohort: the median of its trainees' mean overall scores, and the middle half."""

    label: str  # the week's Monday, "05-12"
    day: date
    median: float
    low: float  # 25th percentile
    high: float  # 75th percentile
    trainees: int


def _week(at: datetime) -> date:
    day = at.date()
    return day - timedelta(days=day.weekday())


def trainee_weeks(attempts: Iterable[Attempt]) -> dict[int, dict[date, float]]:
    """Each trainee's mean overall score per week (graded calls only)."""
    scores: dict[int, dict[date, list[int]]] = defaultdict(lambda: defaultdict(list))
    for a in attempts:
        if a.mode != "incomplete":
            scores[a.user_id][_week(a.at)].append(a.overall)
    return {uid: {week: round(sum(v) / len(v), 1) for week, v in sorted(weeks.items())}
            for uid, weeks in scores.items()}


def weekly_spread(attempts: Iterable[Attempt]) -> list[SpreadPoint]:
    """The cohort trend HR reads at a glance (issue 20): per week, each trainee counts once (their mean),
    the line is the median trainee and the band the middle half of the cohort."""
    by_week: dict[date, list[float]] = defaultdict(list)
    for weeks in trainee_weeks(attempts).values():
        for week, score in weeks.items():
            by_week[week].append(score)
    points = []
    for week, values in sorted(by_week.items()):
        values.sort()
        if len(values) > 1:
            low, mid, high = quantiles(values, n=4, method="inclusive")
        else:
            low = mid = high = values[0]
        points.append(SpreadPoint(week.strftime("%m-%d"), week, round(mid, 1), round(low, 1), round(high, 1),
                                  len(values)))
    return points


def top_violations(attempts: Iterable[Attempt], limit: int = 8) -> list[dict]:
    counts: Counter[str] = Counter()
    critical: Counter[str] = Counter()
    people: dict[str, set[int]] = defaultdict(set)
    for a in attempts:
        for category, severity in a.violations:
            counts[category] += 1
            critical[category] += severity == "critical"
            people[category].add(a.user_id)
    return [{"category": c, "count": n, "critical": critical[c], "trainees": len(people[c])}
            for c, n in counts.most_common(limit)]


@dataclass(frozen=True)
class RiskFlag:
    kind: str  # never | inactive | critical | falling
    value: int  # days, count or points

    def to_dict(self) -> dict:
        return {"kind": self.kind, "value": self.value}


def risk_flags(attempts: Sequence[Attempt], *, now: datetime, inactive_days: int = 7, critical_limit: int = 2,
               critical_window_days: int = 14, falling_span: int = 3, falling_points: int = 10,
               falling_floor: int = 70) -> list[RiskFlag]:
    if not attempts:
        return [RiskFlag("never", 0)]
    ordered = sorted(attempts, key=lambda a: a.at)
    flags: list[RiskFlag] = []
    idle = (now - ordered[-1].at).days
    if idle >= inactive_days:
        flags.append(RiskFlag("inactive", idle))
    recent = now - timedelta(days=critical_window_days)
    crit = sum(1 for a in ordered if a.critical and a.at >= recent)
    if crit >= critical_limit:
        flags.append(RiskFlag("critical", crit))
    scored = [a.overall for a in ordered if a.mode != "incomplete"]
    if len(scored) >= 2 * falling_span:
        last = sum(scored[-falling_span:]) / falling_span
        before = sum(scored[-2 * falling_span:-falling_span]) / falling_span
        if before - last >= falling_points and last < falling_floor:
            flags.append(RiskFlag("falling", round(before - last)))
    return flags


def at_risk(attempts_by_user: Mapping[int, Sequence[Attempt]], **kw) -> dict[int, list[RiskFlag]]:
    """Every trainee with at least one flag; pass every trainee (empty lists too) so ``never`` shows."""
    out = {uid: risk_flags(list(attempts), **kw) for uid, attempts in attempts_by_user.items()}
    return {uid: flags for uid, flags in out.items() if flags}
