"""What the first screen of a debrief shows (issue 20): the verdict, the one change, the objectives
ticked or not, the previous attempt beside this one, and where to go next.

The grade itself is computed once, when the call ends (practice/debrief.py); this module only reads
it with the call's turns, so a debrief of any stored grade reads the same.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from simulator.catalog.loader import Catalog
from simulator.certification.path import my_path
from simulator.db import repository as repo
from simulator.db.models import PracticeSession, User
from simulator.grading.lesson import TurnLine, compare, one_change, ordinals
from simulator.practice import safeguards
from simulator.practice.debrief import grade_payload, mood_curve
from simulator.practice.hinting import hints_given
from simulator.web.i18n import N_, coping_lines, hint_view, translate


def turn_lines(db: Session, practice: PracticeSession) -> list[TurnLine]:
    return [TurnLine(index=t.index, speaker=t.speaker, text=t.text,
                     anger=float(t.state["anger"]) if t.speaker != "collector" and t.state and "anger" in t.state
                     else None)
            for t in repo.list_turns(session=db, session_id=practice.id)]


def debrief_view(db: Session, catalog: Catalog, practice: PracticeSession, grade: dict[str, Any] | None,
                 viewer: User, *, lang: str, view: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything above the transcript of an ended call. ``view`` is the session's catalog view (the
    versions it played), for the objectives' names in the reader's language and the coping notes."""
    lines = turn_lines(db, practice)
    numbers = ordinals(lines)
    seed = ((view or {}).get("persona") or {}).get("seed")
    out: dict[str, Any] = {"ordinals": numbers, "lesson": None, "objectives": [], "compare": None,
                           "next": None, "coping": None, "decompress": None, "left": False, "curves": None,
                           "hints": [hint_view(h, lang, seed) for h in hints_given(repo.list_turns(
                               session=db, session_id=practice.id))]}
    summary = practice.summary or {}
    if summary.get("hostile") and viewer.id == practice.user_id:  # a word after a very hostile call (issue 21)
        out["decompress"] = {"quote": safeguards.EMOTION_RULE, "source": safeguards.EMOTION_SOURCE,
                             "quote_en": translate(N_("decompress_rule_en"), lang) if lang != "zh" else None}
    out["left"] = bool(summary.get("left"))
    if grade is None:
        return out
    lesson = one_change(grade, lines)
    if lesson is not None:
        out["lesson"] = lesson.to_dict() | {"line": numbers.get(lesson.turn) if lesson.turn is not None else None}
    view = view or {}
    names = {o.get("id"): o.get(lang) or o.get("zh") for o in view.get("objectives", [])}
    out["objectives"] = [{"id": o.get("id"), "name": names.get(o.get("id")) or o.get("zh"), "met": o.get("met")}
                         for o in grade.get("objectives") or []]
    coping = coping_lines((view.get("persona") or {}).get("seed") or {}, lang)
    out["coping"] = coping[0] if coping else None
    # A branch (issue 21) stands beside the call it was taken from; any other call beside the previous attempt.
    previous = repo.previous_attempt(session=db, practice=practice) if not practice.branch_of else None
    if practice.branch_of:
        original = repo.get_practice_session(session=db, session_id=practice.branch_of)
        row = repo.current_grade(session=db, session_id=original.id) if original else None
        previous = (original, row) if original is not None and row is not None else None
    if previous is not None:
        before_session, before_row = previous
        before = grade_payload(before_row)
        before_lesson = one_change(before, turn_lines(db, before_session))
        out["compare"] = compare(grade, before, before_lesson) | {
            "session_id": before_session.id, "mode": before_session.mode,
            "started_at": before_session.started_at, "outcome": before_session.outcome,
            "branch": bool(practice.branch_of)}
        if practice.branch_of:  # both paths' state curves, side by side
            out["curves"] = {"original": mood_curve(db, before_session), "branch": mood_curve(db, practice)}
    if viewer.id == practice.user_id and viewer.role == "trainee":
        nxt = my_path(db, catalog, viewer, lang=lang).get("next")
        if nxt:
            out["next"] = nxt
    return out
