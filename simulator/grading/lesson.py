"""The one change a debrief leads with (issue 20).

Of everything a grade found, a trainee should leave with *one* thing to do differently: the line that
cost the most, quoted, with what to say instead. In order:

1. the most severe violation (a red line outranks everything else);
2. otherwise the weak line that cost the most: its dimension's shortfall plus how far the debtor's
   anger rose right after it;
3. otherwise the line after which the debtor's anger rose the most (a polite line can still land
   badly; the debrief says so instead of leaving an angry reply unexplained);
4. otherwise an objective the call did not meet;
5. otherwise nothing to change: the best line, to keep.

It reads the stored grade (design §6 shape) and the turns' states, so it works on every grade ever
stored, and it never rescores anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

SEVERITY = {"critical": 3, "major": 2, "minor": 1}
ANGER_JUMP = 0.15  # a rise the debrief explains on its own (the meters move 0.05–0.1 on an ordinary turn)


@dataclass(frozen=True)
class TurnLine:
    """One transcript turn as the lesson reads it (index is the transcript's 0-based index)."""

    index: int
    speaker: str
    text: str
    anger: float | None = None  # the debtor's anger after this turn (debtor turns only)


@dataclass
class Lesson:
    kind: str  # violation | weak_line | anger | objective | keep
    turn: int | None = None  # transcript index of the quoted line
    quote: str | None = None
    why: str | None = None  # the grader's note (Chinese)
    suggestion: str | None = None  # what to say instead
    why_said: dict[str, Any] | None = None  # how to say ``why`` in another language (messages.Said)
    suggestion_said: dict[str, Any] | None = None
    dimension: str | None = None
    category: str | None = None  # a violation's category
    severity: str | None = None
    objective: str | None = None  # an objective's id
    anger_before: int | None = None  # 0–100, around the quoted line
    anger_after: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def anger_around(turns: Sequence[TurnLine]) -> dict[int, tuple[float, float]]:
    """For each collector line: the debtor's anger before it (the last reply) and after it (the next)."""
    out: dict[int, tuple[float, float]] = {}
    last: float | None = None
    pending: list[int] = []
    for t in turns:
        if t.speaker == "collector":
            pending.append(t.index)
            continue
        if t.anger is None:
            continue
        if last is not None:
            for i in pending[-1:]:  # the reply answers the line just before it
                out[i] = (last, t.anger)
        pending = []
        last = t.anger
    return out


def _pct(x: float) -> int:
    return round(100 * x)


def one_change(grade: Mapping[str, Any], turns: Sequence[TurnLine]) -> Lesson | None:
    """The single most valuable change for this grade, or None when the grade has nothing to go on."""
    texts = {t.index: t.text for t in turns}
    moods = anger_around(turns)

    def with_mood(lesson: Lesson) -> Lesson:
        if lesson.turn is not None and lesson.turn in moods:
            before, after = moods[lesson.turn]
            lesson.anger_before, lesson.anger_after = _pct(before), _pct(after)
        return lesson

    violations = list(grade.get("violations") or [])
    if violations:
        v = min(violations, key=lambda v: (-SEVERITY.get(v.get("severity", ""), 0), v.get("turn", 0) < 0,
                                           v.get("turn", 0)))
        turn = v.get("turn", -1)
        return with_mood(Lesson(
            kind="violation", turn=turn if turn >= 0 else None, quote=v.get("quote") or texts.get(turn),
            why=v.get("description") or None, suggestion=v.get("suggestion") or None,
            why_said=v.get("description_said"), suggestion_said=v.get("suggestion_said"),
            category=v.get("category"), severity=v.get("severity")))

    dims: Mapping[str, Any] = grade.get("dimensions") or {}
    weak = []
    for dim_id, d in dims.items():
        for e in d.get("evidence", []):
            if e.get("positive") or not e.get("suggestion"):
                continue
            rise = max(0.0, moods[e["turn"]][1] - moods[e["turn"]][0]) if e["turn"] in moods else 0.0
            weak.append(((100 - int(d.get("score", 100))) + 100 * rise, -e["turn"], dim_id, e))
    if weak:
        _, _, dim_id, e = max(weak, key=lambda w: (w[0], w[1]))
        return with_mood(Lesson(kind="weak_line", turn=e["turn"], quote=e.get("quote") or texts.get(e["turn"]),
                                why=e.get("note"), suggestion=e.get("suggestion"), dimension=dim_id,
                                why_said=e.get("note_said"), suggestion_said=e.get("suggestion_said")))

    rises = [(after - before, -i, i) for i, (before, after) in moods.items() if after - before >= ANGER_JUMP]
    if rises:
        _, _, i = max(rises)
        return with_mood(Lesson(kind="anger", turn=i, quote=texts.get(i)))

    missed = [o for o in grade.get("objectives") or [] if o.get("met") is False]
    if missed:
        return Lesson(kind="objective", objective=missed[0].get("id"), why=str(missed[0].get("zh", "")))

    best = [(int(d.get("score", 0)), dim_id, e) for dim_id, d in dims.items()
            for e in d.get("evidence", []) if e.get("positive")]
    if best:
        _, dim_id, e = max(best, key=lambda b: (b[0], -b[2]["turn"]))
        return Lesson(kind="keep", turn=e["turn"], quote=e.get("quote") or texts.get(e["turn"]), why=e.get("note"),
                      why_said=e.get("note_said"), dimension=dim_id)
    return None


def ordinals(turns: Sequence[TurnLine]) -> dict[int, int]:
    """One numbering everywhere (issue 20): transcript index -> the trainee's n-th line. A debtor's
    reply carries the number of the line it answers (0 before the trainee has spoken)."""
    out: dict[int, int] = {}
    n = 0
    for t in turns:
        if t.speaker == "collector":
            n += 1
        out[t.index] = n
    return out


def compare(now: Mapping[str, Any], before: Mapping[str, Any], before_lesson: Lesson | None) -> dict[str, Any]:
    """The previous attempt at the same scenario beside this one: score per dimension and whether the
    change the last debrief asked for was made."""
    dims = []
    for dim_id, d in (now.get("dimensions") or {}).items():
        prev = (before.get("dimensions") or {}).get(dim_id)
        dims.append({"id": dim_id, "now": int(d.get("score", 0)),
                     "before": int(prev["score"]) if prev else None,
                     "delta": int(d.get("score", 0)) - int(prev["score"]) if prev else None})
    fixed: bool | None = None
    if before_lesson is not None:
        if before_lesson.kind == "violation":
            fixed = before_lesson.category not in {v.get("category") for v in now.get("violations") or []}
        elif before_lesson.kind == "weak_line" and before_lesson.dimension:
            prev_score = ((before.get("dimensions") or {}).get(before_lesson.dimension) or {}).get("score")
            cur = ((now.get("dimensions") or {}).get(before_lesson.dimension) or {}).get("score")
            fixed = cur is not None and prev_score is not None and cur > prev_score
        elif before_lesson.kind == "objective":
            fixed = any(o.get("id") == before_lesson.objective and o.get("met")
                        for o in now.get("objectives") or [])
    return {
        "overall": {"now": int(now.get("overall", 0)), "before": int(before.get("overall", 0)),
                    "delta": int(now.get("overall", 0)) - int(before.get("overall", 0))},
        "passed": {"now": bool(now.get("passed")), "before": bool(before.get("passed"))},
        "violations": {"now": len(now.get("violations") or []), "before": len(before.get("violations") or [])},
        "dimensions": dims,
        "last_change": before_lesson.to_dict() if before_lesson else None,
        "last_change_made": fixed,
    }
