"""Who is due for the annual re-assessment (GB/T 45251-2025): a year after the last pre-job or annual
assessment certificate; HR looks 30, 60 or 90 days ahead."""

from __future__ import annotations

from datetime import UTC, date, datetime

from simulator.certification.rules.reassessment import AssessmentCert, due_list, due_row

TODAY = date(2026, 12, 6)


def cert(user_id: int, issued: str, kind: str = "annual", revoked: bool = False) -> AssessmentCert:
    return AssessmentCert(user_id, f"{kind} programme", kind, datetime.fromisoformat(issued).replace(tzinfo=UTC), revoked)


def test_the_next_assessment_is_due_a_year_after_the_last():
    row = due_row(1, [cert(1, "2026-01-20", "pre_job")], TODAY)
    assert (row.status, row.due_on, row.days_left, row.window) == ("due", date(2027, 1, 20), 45, 60)
    assert row.last_kind == "pre_job"


def test_the_newest_pre_job_or_annual_certificate_counts_and_others_do_not():
    certs = [cert(1, "2025-03-01", "pre_job"), cert(1, "2026-02-01"), cert(1, "2026-11-01", "other"),
             cert(1, "2026-06-01", revoked=True)]
    row = due_row(1, certs, TODAY)
    assert row.last_assessed == date(2026, 2, 1) and row.due_on == date(2027, 2, 1) and row.window == 60


def test_overdue_never_and_later():
    assert due_row(1, [cert(1, "2025-11-01")], TODAY).status == "overdue"
    assert due_row(1, [cert(1, "2025-11-01")], TODAY).days_left == -35
    assert due_row(1, [cert(1, "2026-11-01", "other")], TODAY).status == "never"
    assert due_row(1, [cert(1, "2026-06-01")], TODAY).status == "later"
    assert due_row(1, [cert(1, "2026-06-01")], TODAY, within=30).status == "later"
    assert due_row(1, [cert(1, "2026-01-01")], TODAY, within=30).status == "due"


def test_the_list_puts_the_most_urgent_first():
    certs = [cert(1, "2026-06-01"), cert(2, "2025-12-01"), cert(3, "2026-01-10"), cert(5, "2026-01-02")]
    rows = due_list([1, 2, 3, 4, 5], certs, TODAY)
    assert [(r.user_id, r.status) for r in rows] == [(2, "overdue"), (5, "due"), (3, "due"), (4, "never"), (1, "later")]
