"""A case run as the API and the case page show it, in the reader's language (issue 21, item 3)."""

from __future__ import annotations

from typing import Any

from simulator.catalog.case_spec import CaseSpec
from simulator.catalog.schema import PersonaCard, Scenario
from simulator.messages import render
from simulator.practice.cases.service import CaseView
from simulator.practice.cases.timeline import CallRecord, call_date
from simulator.web.i18n import label


def case_card(case: CaseSpec, base: Scenario, card: PersonaCard, lang: str) -> dict[str, Any]:
    """One case on the list: who the debtor is and the calls of its timeline."""
    return {
        "id": case.id,
        "title": getattr(case.title, lang),
        "brief": getattr(case.brief, lang),
        "scenario": base.id,
        "archetype": card.archetype,
        "persona": getattr(card.name, lang),
        "debtor_name": base.case_file.debtor_name,
        "calls": [{"number": i + 1, "day": c.day, "stage": c.stage, "title": getattr(c.title, lang)}
                  for i, c in enumerate(case.calls)],
    }


def _call(record: CallRecord, case: CaseSpec, base: Scenario, lang: str, *, reveal: bool) -> dict[str, Any]:
    step = case.call(record.number)
    return {
        "number": record.number,
        "day": record.day,
        "date": call_date(base, record.day),
        "stage": step.stage if step else None,
        "title": getattr(step.title, lang) if step else "",
        "session_id": record.session_id,
        "page": f"/{'call' if record.mode == 'call' else 'practice'}/{record.session_id}",
        "status": record.status,
        "outcome": record.outcome,
        "score": record.score,
        "passed": record.passed,
        "promise": None if not record.promised else {
            "amount": record.amount,
            "vague": record.vague,
            "date": record.date,
            # Whether it was kept is known once its day has passed: at the next call, or when the case is over.
            "kept": record.kept if reveal else None,
            "why": render(record.why, lang, label) if reveal and record.why is not None else None,
        },
    }


def case_payload(view: CaseView, lang: str) -> dict[str, Any]:
    calls = [_call(r, view.case, view.base, lang, reveal=view.over or i + 1 < len(view.calls))
             for i, r in enumerate(view.calls)]
    summary = None
    if view.summary is not None:
        summary = {**view.summary, "lesson": render(view.summary["lesson"], lang, label) if view.summary["lesson"]
                   else None}
    upcoming = None
    if view.next is not None:
        upcoming = {**view.next, "title": view.next["title"][lang], "date": call_date(view.base, view.next["day"])}
    return {
        "run_id": view.run.id,
        "case": case_card(view.case, view.base, view.card, lang),
        "status": "closed" if view.over else "open",
        "owner": view.owner,
        "calls": calls,
        "next": upcoming,
        "summary": summary,
    }
