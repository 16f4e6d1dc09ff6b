"""grade(): rules first, then the judge when a provider is given; one result shape (house rule 9).

Merging: for courtesy, pressure calibration and emotional control the final score is the mean of
the rule and judge scores. Legality is the lower of the two. The rule layer always wins on
critical violations: a critical rule finding fails the session whatever the judge says, and a
critical violation only the judge saw is listed for human review and scored as major, but does not
fail the session on its own.

``grade`` is pure and synchronous: it takes the judge's verdict, not the model. Asking the model is
``judge.ask`` (a coroutine on the caller's loop); ``grade_judged`` does both for callers that have
nothing to do in between. The web service asks the judge only after the session's end is committed.
"""

from __future__ import annotations

from simulator.catalog.rubric import Rubric, RulePack
from simulator.grading import debrief, judge, legality, objectives, outcome, phrasing
from simulator.grading.judge import JudgeVerdict
from simulator.grading.result import DimensionScore, Evidence, GradeResult, ViolationRecord
from simulator.grading.rules import apply_rules
from simulator.grading.transcript import Transcript
from simulator.llm.base import ChatProvider
from simulator.messages import Said, both, say, term

ALWAYS_CRITICAL = frozenset({"duty_of_care"})


async def grade_judged(
    transcript: Transcript, rubric: Rubric, pack: RulePack, provider: ChatProvider | None
) -> GradeResult:
    """Ask the judge (when a model is configured), then grade."""
    verdict = await judge.ask(provider, rubric, transcript) if provider is not None else None
    return grade(transcript, rubric, pack, verdict)


def grade(
    transcript: Transcript, rubric: Rubric, pack: RulePack, verdict: JudgeVerdict | None = None
) -> GradeResult:
    findings = apply_rules(transcript, pack)
    dims = findings.dimensions
    violations = list(findings.violations)
    _add_model_findings(dims, violations, transcript, pack)
    if verdict and verdict.output:
        _merge(dims, violations, verdict, transcript, pack)
    mode = "rules_judge" if verdict and verdict.output else "rules_only"
    overall = round(sum(d.weight * dims[d.id].score for d in rubric.dimensions) / 100)
    result_of_call = outcome.assess(findings.views, agreed=findings.agreed, situation=transcript.situation,
                                    archetype=transcript.archetype, stage=transcript.stage,
                                    hung_up=transcript.outcome == "hung_up")
    if result_of_call.angrier or result_of_call.empty:
        overall = min(overall, outcome.NOT_EXCELLENT_CAP)
    fail_reasons = _fail_reasons(rubric, overall, dims, violations, pack)
    if result_of_call.fail_reason:
        fail_reasons.append(result_of_call.fail_reason)
    result = GradeResult(
        overall=overall,
        passed=not fail_reasons,
        rubric=rubric.ref,
        rule_pack=f"{pack.id}@{pack.version}",
        mode=mode,
        dimensions={d.id: dims[d.id] for d in rubric.dimensions},
        violations=violations,
        fail_reasons=fail_reasons,
        judge=None if verdict is None else {"model": verdict.model, "prompt_hash": verdict.prompt_hash,
                                            "error": verdict.error},
        transcript_id=transcript.id,
        call_outcome=result_of_call.to_dict(),
        collector_ordinals={v.index: n for n, v in enumerate((v for v in findings.views if v.analysis), start=1)},
    )
    phrasing.apply(result, transcript, findings.views)
    result.objectives = objectives.assess(findings.views, findings.agreed, transcript.objectives,
                                          {v.category for v in violations}, rules={v.rule for v in violations}) or None
    note = result_of_call.debrief()
    facts = phrasing.facts(transcript, findings.views)
    result.debrief = debrief.paragraphs(result, rubric, phrasing.personalize(note, facts) if note else None)
    goals = objectives.debrief_line(result.objectives or [], transcript.objectives)
    if goals:
        result.debrief.insert(1 if not result.fail_reasons else 2, goals)
    return result


def _fail_reasons(rubric: Rubric, overall: int, dims: dict[str, DimensionScore], violations,
                  pack: RulePack) -> list[Said]:
    """Plain Chinese a trainee reads: category and dimension names, never their ids."""
    rules = rubric.pass_rules
    dim_names = {d.id: both(d.name.zh, d.name.en) for d in rubric.dimensions}
    reasons: list[Said] = []
    # A reply that ignores a debtor's wish to die fails the call under any rubric: safety is not a
    # pass rule a trainer can switch off.
    critical = [v for v in violations if v.source == "rules"
                and (v.category in rules.critical_categories or v.category in ALWAYS_CRITICAL)]
    if rules.fail_on_critical and critical:
        dims["legality"].score = 0
        cats = sorted({v.category for v in critical})
        reasons.append(say("gr_fail_red_line", cats=[term("cat", c, pack.categories[c].name if c in pack.categories else c)
                                                    for c in cats]))
    if overall < rules.min_overall:
        reasons.append(say("gr_fail_below_pass", overall=overall, floor=rules.min_overall))
    for dim, floor in rules.min_dimension.items():
        if dims[dim].score < floor:
            reasons.append(say("gr_fail_below_floor", name=dim_names.get(dim, dim), score=dims[dim].score, floor=floor))
    return reasons


def _add_model_findings(dims, violations: list[ViolationRecord], transcript: Transcript, pack: RulePack) -> None:
    """What a model reading found during the call and the rules did not: listed for a trainer's
    review and scored as a major finding, never failing the call on its own (a red line stays the
    rules' to call)."""
    seen = {(v.turn, v.category) for v in violations}
    legal = dims["legality"]
    for index, turn in enumerate(transcript.turns):
        for category in turn.model_findings or ():
            if turn.speaker != "collector" or (index, category) in seen or category not in pack.categories:
                continue
            cat = pack.categories[category]
            violations.append(ViolationRecord(
                category=category, severity="major" if cat.severity == "critical" else cat.severity, turn=index,
                quote=turn.text, rule="MODEL-READING", suggestion=cat.suggestion, description=cat.description,
                basis=cat.basis, source="model", needs_review=True))
            seen.add((index, category))
            legal.score = max(0, legal.score - (legality.FIRST_MAJOR_PENALTY if len(violations) == 1
                                                else legality.NEXT_MAJOR_PENALTY))
            legal.evidence.append(Evidence(index, turn.text, say("gr_model_reading", about=term("cat_about", category, cat.description)),
                                           suggestion=cat.suggestion))


def _merge(dims, violations: list[ViolationRecord], verdict: JudgeVerdict, transcript: Transcript, pack: RulePack) -> None:
    assert verdict.output is not None
    for dim_id, judged in verdict.output.dimensions.items():
        if dim_id not in dims:
            continue
        current = dims[dim_id]
        current.rules_score, current.judge_score = current.score, judged.score
        if dim_id == "legality":
            current.score = min(current.score, judged.score)
        else:
            current.score = round((current.score + judged.score) / 2)
        for ev in judged.evidence[:3]:
            current.evidence.append(Evidence(ev.turn, transcript.turns[ev.turn].text, say("gr_judge_note", note=ev.note),
                                             suggestion=judged.suggestion or None))
    seen = {(v.turn, v.category) for v in violations}
    for jv in verdict.output.violations:
        if (jv.turn, jv.category) in seen or transcript.turns[jv.turn].speaker != "collector":
            continue
        cat = pack.categories[jv.category]
        violations.append(ViolationRecord(
            category=jv.category, severity="major" if cat.severity == "critical" else cat.severity, turn=jv.turn,
            quote=transcript.turns[jv.turn].text, rule="JUDGE", suggestion=cat.suggestion,
            description=jv.note or cat.description, basis=cat.basis, source="judge",
            needs_review=cat.severity == "critical"))
