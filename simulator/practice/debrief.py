"""Ending a call: close the session, grade it against the rubric, keep every grade.

Grades are computed when a session ends, stored with the rubric version, rule-pack version and
(when a judge was used) the judge model and prompt hash; a trainer can re-compute, which adds a new
grade and keeps the old one.

With a judge model the work runs in three steps (house rule 2: commit before any model call): the
session's end is committed, the judge is awaited on the app's event loop with no transaction open,
then the grade is stored in a short transaction of its own. A slow or failing judge therefore never
holds a database lock, and never touches the async client from another loop (which broke the next
LLM-played turn).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from simulator.catalog.loader import Catalog
from simulator.catalog.rubric import Rubric
from simulator.catalog.schema import Scenario
from simulator.certification.service import certify_after_grade
from simulator.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from simulator.db import repository as repo
from simulator.db.inline import run_db
from simulator.db.live_catalog import session_catalog
from simulator.db.models import Grade, PracticeSession, User, utcnow
from simulator.grading import judge
from simulator.grading.grader import grade, grade_judged
from simulator.grading.judge import JudgeVerdict
from simulator.grading.transcript import Transcript, TranscriptTurn
from simulator.llm.base import ChatProvider
from simulator.practice import safeguards
from simulator.practice.calls import dialing
from simulator.practice.calls.service import with_call
from simulator.practice.clock import clock_start
from simulator.practice.service import complete_pending, load_session

REGRADE_ROLES = ("trainer", "admin")


def summary(db: Session, practice: PracticeSession) -> dict[str, Any]:
    turns = repo.list_turns(session=db, session_id=practice.id)
    end = practice.ended_at or utcnow()
    return {
        "id": practice.id,
        "outcome": practice.outcome,
        "state": practice.state,
        "turns": len(turns),
        "collector_turns": sum(1 for t in turns if t.speaker == "collector"),
        "duration_seconds": int((end - practice.started_at).total_seconds()),
        **safeguards.hostility(turns),  # issue 21: a word after a hostile call; the trainer sees exposure
    }


def session_transcript(db: Session, catalog: Catalog, practice: PracticeSession) -> Transcript:
    try:
        scenario: Scenario | None = session_catalog(db, catalog, practice)[1]  # the version it played
    except NotFound:
        scenario = None
    turns = repo.list_turns(session=db, session_id=practice.id)
    return Transcript(
        id=practice.id,
        scenario=practice.scenario_id,
        archetype=practice.archetype,
        stage=practice.stage,  # type: ignore[arg-type]
        situation=scenario.situation if scenario else None,
        outcome=practice.outcome,
        case=_case(scenario),
        objectives=[{"id": o.id, "zh": o.zh} for o in scenario.objectives] if scenario else None,
        clock_start=clock_start(practice, scenario),
        turns=[TranscriptTurn(speaker=t.speaker, text=t.text, state=t.state,  # type: ignore[arg-type]
                              model_findings=_model_findings(t.analysis), call_ms=t.call_ms) for t in turns],
    )


def _model_findings(analysis: dict[str, Any] | None) -> list[str] | None:
    """Violations a model reading added to this collector turn (None when no model read it)."""
    model = (analysis or {}).get("model")
    if not isinstance(model, dict):
        return None
    return [d["name"] for d in model.get("disagreements", []) if d.get("kind") == "violation_added"] or None


def _case(scenario: Scenario | None) -> dict[str, str | int | None] | None:
    """The case-file facts a better phrasing may use (what the trainee saw, never the hidden truth)."""
    if scenario is None:
        return None
    cf = scenario.case_file
    return {"debtor_name": cf.debtor_name, "gender": cf.gender, "lender": cf.lender,
            "overdue_amount": cf.overdue_amount, "due_date": cf.due_date, "days_overdue": cf.days_overdue}


def _rubric(catalog: Catalog, rubric_id: str = "default"):
    rubric = catalog.rubric(rubric_id)
    if rubric is None:
        raise NotFound(f"rubric: unknown rubric {rubric_id!r}", field="rubric")
    return rubric, catalog.rule_packs[rubric.rule_pack]


def to_judge(db: Session, catalog: Catalog, practice: PracticeSession,
             rubric_id: str = "default") -> tuple[Rubric, Transcript] | None:
    """What the judge reads for this session, or None when there is nothing to judge (nobody picked
    up, or the collector never spoke)."""
    rubric, pack = _rubric(catalog, rubric_id)
    if dialing.grade_if_unanswered(db, catalog, practice, rubric, pack) is not None:
        return None
    transcript = session_transcript(db, catalog, practice)
    if not any(t.speaker == "collector" for t in transcript.turns):
        return None
    return rubric, transcript


async def ask_judge(db: Session, catalog: Catalog, practice: PracticeSession, provider: ChatProvider | None,
                    rubric_id: str = "default") -> JudgeVerdict | None:
    """The judge's verdict on a session, asked on the caller's event loop with no transaction open."""
    if provider is None:
        return None
    material = await run_db(db, to_judge, db, catalog, practice, rubric_id)
    await run_db(db, db.rollback)  # reading opened a transaction: close it before the model is asked
    if material is None:
        return None
    return await judge.ask(provider, *material)


def grade_session(
    db: Session, catalog: Catalog, practice: PracticeSession, *, verdict: JudgeVerdict | None = None,
    by: User | None = None, rubric_id: str = "default",
) -> Grade:
    """Grade a session and store the grade (the caller commits). ``verdict`` is the judge's, when asked."""
    rubric, pack = _rubric(catalog, rubric_id)
    unanswered = dialing.grade_if_unanswered(db, catalog, practice, rubric, pack)  # nobody picked up (issue 7)
    transcript = session_transcript(db, catalog, practice) if unanswered is None else None
    if transcript is None or not any(t.speaker == "collector" for t in transcript.turns):
        result_dict = with_call(db, practice, unanswered or _empty_grade(rubric.ref, f"{pack.id}@{pack.version}"))
        row = Grade(session_id=practice.id, rubric=rubric.ref, rule_pack=result_dict["rule_pack"],
                    mode=result_dict["mode"], overall=result_dict["overall"], passed=result_dict["passed"],
                    result=result_dict, created_by=by.id if by else None)
        return repo.add_grade(session=db, grade=row)
    result = grade(transcript, rubric, pack, verdict)
    data = with_call(db, practice, result.to_dict())  # call mode: duration, talk ratio, silences (issue 7)
    row = Grade(
        session_id=practice.id, rubric=result.rubric, rule_pack=result.rule_pack, mode=result.mode,
        overall=result.overall, passed=result.passed, result=data,
        judge_model=(result.judge or {}).get("model") if result.mode == "rules_judge" else None,
        judge_prompt_hash=(result.judge or {}).get("prompt_hash") if result.judge else None,
        created_by=by.id if by else None,
    )
    return repo.add_grade(session=db, grade=row)


def _empty_grade(rubric_ref: str, pack_ref: str) -> dict[str, Any]:
    return {"overall": 0, "passed": False, "rubric": rubric_ref, "rule_pack": pack_ref, "mode": "incomplete",
            "dimensions": {}, "violations": [], "fail_reasons": ["通话中没有催收员发言,无法评分"],
            "debrief": ["通话中没有催收员发言,无法评分。"], "judge": None}


def grade_payload(row: Grade) -> dict[str, Any]:
    return {**row.result, "grade_id": row.id, "graded_at": row.created_at.isoformat()}


def close_session(db: Session, catalog: Catalog, user: User, session_id: str) -> tuple[PracticeSession, bool]:
    """End the call and commit (idempotent). Returns the session and whether it still needs a grade."""
    practice = load_session(db, user, session_id, write=True)
    safeguards.refuse_if_left(practice)
    if practice.status == "active":
        complete_pending(db, catalog, practice)
        practice.status = "ended"
        practice.ended_at = practice.ended_at or utcnow()
    practice.summary = with_call(db, practice, summary(db, practice))
    db.add(practice)
    db.commit()
    return practice, repo.current_grade(session=db, session_id=practice.id) is None


def leave_session(db: Session, user: User, session_id: str) -> PracticeSession:
    """「离开通话」: end a running call at once, with no grade, no score and nothing towards certification."""
    practice = load_session(db, user, session_id, write=True)
    if practice.status != "active":
        raise Conflict("session: this call has already ended", field="session_id")
    practice.status = "ended"
    practice.ended_at = utcnow()
    practice.summary = {**summary(db, practice), "left": True}
    db.add(practice)
    db.commit()
    return practice


def record_end_grade(db: Session, catalog: Catalog, practice: PracticeSession,
                      verdict: JudgeVerdict | None) -> dict[str, Any]:
    row = repo.current_grade(session=db, session_id=practice.id)  # a concurrent end may have graded it
    if row is None:
        row = grade_session(db, catalog, practice, verdict=verdict)
        certify_after_grade(db, practice.user_id)  # issue any certificate just earned (issue 6)
    db.commit()
    return {**grade_payload(row), "session": practice.summary}


async def end_session(
    db: Session, catalog: Catalog, user: User, session_id: str, *, provider: ChatProvider | None = None
) -> dict[str, Any]:
    """End the call (idempotent) and return the grade object of design §6 with the session summary."""
    practice, needs_grade = await run_db(db, close_session, db, catalog, user, session_id)
    verdict = await ask_judge(db, catalog, practice, provider) if needs_grade else None
    return await run_db(db, record_end_grade, db, catalog, practice, verdict)


def _regrade_target(db: Session, user: User, session_id: str) -> PracticeSession:
    if user.role not in REGRADE_ROLES:
        raise Forbidden("role: re-grading needs the role trainer or admin")
    practice = load_session(db, user, session_id)
    if practice.status != "ended":
        raise Conflict("session: the call is still in progress; end it first", field="session_id")
    safeguards.refuse_if_left(practice)
    return practice


def _record_regrade(db: Session, catalog: Catalog, user: User, practice: PracticeSession,
                    verdict: JudgeVerdict | None, rubric_id: str) -> dict[str, Any]:
    row = grade_session(db, catalog, practice, verdict=verdict, by=user, rubric_id=rubric_id)
    certify_after_grade(db, practice.user_id)  # issue any certificate just earned (issue 6)
    db.commit()
    return grade_payload(row)


async def regrade(
    db: Session, catalog: Catalog, user: User, session_id: str, *, provider: ChatProvider | None,
    rubric_id: str = "default",
) -> dict[str, Any]:
    practice = await run_db(db, _regrade_target, db, user, session_id)
    _rubric(catalog, rubric_id)  # an unknown rubric is a 404 before any model call
    verdict = await ask_judge(db, catalog, practice, provider, rubric_id)
    return await run_db(db, _record_regrade, db, catalog, user, practice, verdict, rubric_id)


def current_grade(db: Session, practice: PracticeSession) -> dict[str, Any] | None:
    row = repo.current_grade(session=db, session_id=practice.id)
    return grade_payload(row) if row else None


async def grade_upload(catalog: Catalog, user: User, transcript: Transcript, *, provider: ChatProvider | None,
                       rubric_id: str = "default") -> dict[str, Any]:
    """A trainer grades a transcript of a real call (not stored)."""
    if user.role not in REGRADE_ROLES:
        raise Forbidden("role: grading uploaded transcripts needs the role trainer or admin")
    check_upload_size(transcript)
    rubric, pack = _rubric(catalog, rubric_id)
    return (await grade_judged(transcript, rubric, pack, provider)).to_dict()


# A real collection call is a few dozen turns; these bounds keep one upload from costing seconds of CPU
# (a 200-turn upload of 9.9k-character turns took 19 s, issue 18). The plain-text form is capped at 100k.
MAX_UPLOAD_TURNS = 300
MAX_UPLOAD_CHARS = 100_000


def check_upload_size(transcript: Transcript) -> None:
    if len(transcript.turns) > MAX_UPLOAD_TURNS:
        raise InvalidInput(f"turns: at most {MAX_UPLOAD_TURNS} turns in one transcript", field="turns")
    if sum(len(t.text) for t in transcript.turns) > MAX_UPLOAD_CHARS:
        raise InvalidInput(f"turns: at most {MAX_UPLOAD_CHARS:,} characters in one transcript", field="turns")


def dimension_names(catalog: Catalog, rubric_id: str = "default") -> dict[str, dict[str, str]]:
    rubric = catalog.rubric(rubric_id)
    return {d.id: d.name.model_dump() for d in rubric.dimensions} if rubric else {}


def mood_curve(db: Session, practice: PracticeSession) -> dict[str, Any]:
    """The debtor's anger, trust and willingness after each reply, as chart geometry (0–100)."""
    from datetime import date

    from simulator.certification.rules.chart import line_chart
    from simulator.certification.rules.trends import TrendPoint
    from simulator.web.i18n import LANGS, label

    points, line = [], 0
    for t in repo.list_turns(session=db, session_id=practice.id):
        if t.speaker == "collector":
            line += 1  # one numbering (issue 20): a reply is plotted at the trainee's line it answers
        elif t.state:
            points.append(TrendPoint(label=str(line), n=1, day=date.today(),
                                     values={k: round(100 * float(v), 1) for k, v in t.state.items()}))
    keys = ["anger", "trust", "willingness"]
    return {"chart": line_chart(points, keys, height=200),
            "dimensions": {k: {lang: label("meter", k, lang) for lang in LANGS} for k in keys}}


async def grade_text(catalog: Catalog, user: User, text: str, *, stage: str, archetype: str | None,
                     provider: ChatProvider | None, rubric_id: str = "default") -> dict[str, Any]:
    """Grade a plain-text transcript ("催收员: …" / "客户: …"); a malformed one is a 422 naming the line."""
    from simulator.core.errors import InvalidInput
    from simulator.grading.transcript import TranscriptError, parse_plain_text

    try:
        transcript = parse_plain_text(text, stage=stage, archetype=archetype, origin="text")
    except TranscriptError as exc:
        raise InvalidInput(str(exc), field="text") from exc
    result = await grade_upload(catalog, user, transcript, provider=provider, rubric_id=rubric_id)
    result["turns"] = [t.model_dump(include={"speaker", "text"}) for t in transcript.turns]
    return result
