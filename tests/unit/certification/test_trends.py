"""At-risk rules, frequent violations, trend points and the SVG geometry."""

from __future__ import annotations

from simulator.certification.rules.chart import line_chart
from simulator.certification.rules.trends import daily_means, per_attempt, risk_flags, top_violations
from tests.unit.certification.helpers import DIMS, NOW, attempt


def kinds(attempts, **kw) -> dict[str, int]:
    return {f.kind: f.value for f in risk_flags(attempts, now=NOW, **kw)}


def test_never_and_inactive():
    assert kinds([]) == {"never": 0}
    assert kinds([attempt(days_ago=9)]) == {"inactive": 9}
    assert kinds([attempt(days_ago=9)], inactive_days=10) == {}


def test_repeated_critical_violations_in_the_recent_window():
    assert kinds([attempt(critical=1, days_ago=1)]) == {}  # one slip
    assert kinds([attempt(critical=1, days_ago=1), attempt(critical=1, days_ago=3)]) == {"critical": 2}
    assert kinds([attempt(critical=1, days_ago=1), attempt(critical=1, days_ago=30)]) == {}


def test_falling_scores_need_a_real_drop_into_failing():
    falling = [attempt(overall=s, days_ago=10 - i, n=i) for i, s in enumerate([95, 92, 90, 60, 55, 50])]
    assert kinds(falling)["falling"] == 37
    noise = [attempt(overall=s, days_ago=10 - i, n=i) for i, s in enumerate([100, 100, 100, 85, 88, 86])]
    assert "falling" not in kinds(noise)
    assert "falling" not in kinds(falling[:5])  # too few calls to tell


def test_top_violations_count_people_and_critical():
    attempts = [attempt(critical=2, user_id=1), attempt(critical=1, user_id=2), attempt(user_id=3)]
    assert top_violations(attempts) == [{"category": "threat", "count": 3, "critical": 3, "trainees": 2}]


def test_daily_means_and_per_attempt_points():
    attempts = [attempt(days_ago=1, dims={**DIMS, "legality": 60}), attempt(days_ago=1.1, n=1), attempt(days_ago=3)]
    days = daily_means(attempts, list(DIMS))
    assert [p.n for p in days] == [1, 2] and days[1].values["legality"] == 75.0
    assert len(per_attempt(attempts, list(DIMS))) == 3


def test_the_chart_is_plain_geometry_inside_the_viewbox():
    chart = line_chart(daily_means([attempt(days_ago=d, n=d) for d in range(1, 12)], list(DIMS)), list(DIMS))
    assert len(chart.series) == 4 and len(chart.x_labels) <= 8
    for s in chart.series:
        for pair in s.points.split():
            x, y = map(float, pair.split(","))
            assert chart.left <= x <= chart.right and chart.top <= y <= chart.bottom
    assert line_chart([], list(DIMS)).empty
    single = line_chart(daily_means([attempt()], list(DIMS)), list(DIMS))
    assert single.series[0].points.count(",") == 1


def test_the_weekly_spread_counts_each_trainee_once_and_gives_the_median_and_middle_half():
    from simulator.certification.rules.trends import trainee_weeks, weekly_spread

    # one week: trainee 1 called three times (mean 60), trainees 2–4 once each
    same_week = [attempt(user_id=1, overall=s, days_ago=0.1 * i, n=i) for i, s in enumerate([50, 60, 70])]
    same_week += [attempt(user_id=u, overall=s, days_ago=0.2, n=10 + u) for u, s in ((2, 80), (3, 90), (4, 100))]
    [point] = [p for p in weekly_spread(same_week)]
    assert point.trainees == 4 and point.median == 85.0  # 60, 80, 90, 100 → not 80 (the mean of six calls)
    assert (point.low, point.high) == (75.0, 92.5)
    assert trainee_weeks(same_week)[1] == {point.day: 60.0}
    assert weekly_spread([attempt(mode="incomplete")]) == []


def test_the_band_chart_draws_the_median_over_the_band_and_a_line_per_trainee():
    from simulator.certification.rules.chart import band_chart
    from simulator.certification.rules.trends import trainee_weeks, weekly_spread

    calls = [attempt(user_id=u, overall=60 + 10 * u, days_ago=d, n=u) for u in (1, 2, 3) for d in (1, 8, 15)]
    points = weekly_spread(calls)
    chart = band_chart(points, {f"学员{u}": w for u, w in trainee_weeks(calls).items()})
    assert len(chart.median.points.split()) == len(points) and len(chart.people) == 3
    assert len(chart.band.split()) == 2 * len(points)  # the upper edge, then the lower one back
    assert band_chart([], {}).empty
