"""The debrief: a few plain Chinese paragraphs a trainee reads first."""

from __future__ import annotations

from simulator.catalog.rubric import Rubric
from simulator.grading.result import GradeResult
from simulator.messages import N_, Said, both, joined, say

REASON_SEPARATOR = N_("gr_reason_sep")  # fail reasons are clauses: 「;」 between them


def paragraphs(result: GradeResult, rubric: Rubric, outcome_note: str | None = None) -> list[str]:
    verdict = say("gr_passed") if result.passed else say("gr_failed")
    out: list[str] = [say("gr_debrief_total", overall=result.overall, verdict=verdict,
                          floor=rubric.pass_rules.min_overall)]
    if result.fail_reasons:
        reasons = joined(result.fail_reasons, REASON_SEPARATOR)
        out.append(say("gr_debrief_fail_reasons", reasons=reasons))
    if outcome_note:
        out.append(outcome_note)
        praise = False  # the call's outcome comes first; no "做得最好" next to it
    else:
        praise = True
    ranked = sorted(result.dimensions.items(), key=lambda kv: kv[1].score)
    names = {d.id: both(d.name.zh, d.name.en) for d in rubric.dimensions}
    weakest, strongest = ranked[0], ranked[-1]
    if weakest[1].score >= 90 and praise:
        out.append(say("gr_debrief_all_solid"))
    elif not praise:
        out.append(say("gr_debrief_weakest", name=names[weakest[0]], score=weakest[1].score, summary=weakest[1].summary))
    else:
        out.append(say("gr_debrief_best_and_weakest", best=names[strongest[0]], best_score=strongest[1].score,
                       name=names[weakest[0]], score=weakest[1].score, summary=weakest[1].summary))
    fixes = [e for e in weakest[1].evidence if e.suggestion][:1]
    if fixes:
        out.append(say("gr_debrief_fix", where=_where(result, fixes[0].turn), suggestion=fixes[0].suggestion))
    if result.mode == "rules_only":
        out.append(say("gr_debrief_rules_only") if not result.judge else say("gr_debrief_judge_failed"))
    return out


def _where(result: GradeResult, turn: int) -> Said:
    """"你的第 3 句话" counts the trainee's own lines, as they remember the call (the grade's ``turn``
    stays the 0-based index of the transcript contract)."""
    ordinal = result.collector_ordinals.get(turn) if result.collector_ordinals else None
    return say("gr_where_line", n=ordinal) if ordinal else say("gr_where_turn", n=turn + 1)
