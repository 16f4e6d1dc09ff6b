"""Prometheus metrics (``GET /metrics``): what the turn path costs, how the model behaves, what is stored.

Hot-path metrics (HTTP requests, turn latency, LLM latency and fallbacks, database errors) are plain
``prometheus_client`` objects updated in place: an observation is a lock and an add (microseconds).
Counts that live in the database (grades by mode and result, active sessions) are read at scrape time,
so every worker reports the same numbers and nothing on the turn path maintains them.

Several workers: set ``PROMETHEUS_MULTIPROC_DIR`` to an empty directory before the processes start;
each worker then writes its samples to files there and a scrape of any worker sums them
(prometheus_client's multiprocess mode). Empty the directory on every (re)start.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector

disable_created_metrics()  # no ``*_created`` series: half the scrape, nothing a dashboard uses
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# The turn budget is p99 <= 25 ms (design §10): fine buckets at the low end, then up to a slow model.
TURN_BUCKETS = (0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
LLM_BUCKETS = (0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0, 13.0, 21.0, 30.0, 60.0)
TURN_ROUTES = frozenset({"/api/sessions/{session_id}/turns", "/api/sessions/{session_id}/turns/stream"})

HTTP_REQUESTS = Counter("sim_http_requests_total", "HTTP requests by route template and status",
                        ("method", "route", "status"))
HTTP_SECONDS = Histogram("sim_http_request_duration_seconds", "HTTP request duration by route template",
                         ("method", "route"))
TURN_REQUEST_SECONDS = Histogram(
    "sim_turn_request_seconds", "The whole trainee-turn request, until the last byte of the reply is sent",
    ("route",), buckets=TURN_BUCKETS)
TURN_REPLY_SECONDS = Histogram(
    "sim_turn_reply_seconds", "Reply generation: from the trainee's message to the debtor's reply stored",
    ("engine",), buckets=TURN_BUCKETS)
LLM_SECONDS = Histogram("sim_llm_latency_seconds", "Model reply latency (whole streamed reply)",
                        buckets=LLM_BUCKETS)
LLM_TTFT_SECONDS = Histogram("sim_llm_ttft_seconds", "Model time to first token", buckets=LLM_BUCKETS)
LLM_FALLBACKS = Counter("sim_llm_fallbacks_total", "Turns the offline engine answered instead of the model",
                        ("reason",))
LLM_GUARD_REJECTIONS = Counter("sim_llm_guard_rejections_total",
                               "Model attempts at a debtor line the output guard rejected, by reason", ("reason",))
LLM_READINGS = Counter("sim_llm_collector_readings_total",
                       "Collector turns the model was asked to read (opt-in), by result: ok or why not", ("result",))
DB_ERRORS = Counter("sim_db_errors_total", "Database errors answered with 503, by exception class", ("kind",))


def fallback_reason_label(reason: str | None) -> str:
    """Bounded label values: ``out_of_character:<why>`` is counted as ``out_of_character``."""
    return (reason or "unknown").split(":", 1)[0][:32]


def observe_voiced(*, fallback: bool, reason: str | None, latency_ms: int | None, ttft_ms: int | None,
                   rejected: Sequence[str] = ()) -> None:
    """One LLM-attempted reply: each attempt the guard rejected, by reason; latency and TTFT when the
    model answered, else the fallback reason."""
    for why in rejected:
        LLM_GUARD_REJECTIONS.labels(why[:32]).inc()
    if fallback:
        LLM_FALLBACKS.labels(fallback_reason_label(reason)).inc()
        return
    if latency_ms is not None:
        LLM_SECONDS.observe(latency_ms / 1000)
    if ttft_ms is not None:
        LLM_TTFT_SECONDS.observe(ttft_ms / 1000)


@dataclass(frozen=True)
class StoredCounts:
    """What the database says at scrape time."""

    grades: dict[tuple[str, bool], int]  # (grade mode, passed) -> rows
    active_sessions: int


class _StoredCollector:
    def __init__(self, counts: StoredCounts, active_minutes: int) -> None:
        self.counts = counts
        self.active_minutes = active_minutes

    def collect(self) -> Iterable[Metric]:
        grades = CounterMetricFamily("sim_grades", "Stored grades by grading mode and result",
                                     labels=("mode", "result"))
        for (mode, passed), n in sorted(self.counts.grades.items()):
            grades.add_metric((mode, "pass" if passed else "fail"), n)
        yield grades
        yield GaugeMetricFamily(
            "sim_active_sessions",
            f"Practice sessions not ended with a turn in the last {self.active_minutes} minutes",
            value=self.counts.active_sessions)


def exposition(counts: StoredCounts, *, active_minutes: int, multiproc_dir: str | None = None) -> bytes:
    """The text format: this process's metrics (or all workers' in multiprocess mode) plus the stored counts."""
    from prometheus_client import REGISTRY

    if multiproc_dir:
        live = CollectorRegistry()
        MultiProcessCollector(live, path=multiproc_dir)
    else:
        live = REGISTRY
    stored = CollectorRegistry()
    stored.register(_StoredCollector(counts, active_minutes))
    return generate_latest(live) + generate_latest(stored)
