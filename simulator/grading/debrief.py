"""The debrief: a few plain Chinese paragraphs a trainee reads first."""

from __future__ import annotations

from simulator.catalog.rubric import Rubric
from simulator.grading.result import GradeResult


def paragraphs(result: GradeResult, rubric: Rubric, outcome_note: str | None = None) -> list[str]:
    verdict = "通过" if result.passed else "未通过"
    out = [f"本次通话总分 {result.overall} 分,{verdict}(及格线 {rubric.pass_rules.min_overall} 分,且不得出现红线违规)。"]
    if result.fail_reasons:
        out.append("未通过原因:" + ";".join(result.fail_reasons) + "。")
    if outcome_note:
        out.append(outcome_note)
        praise = False  # the call's outcome comes first; no "做得最好" next to it
    else:
        praise = True
    ranked = sorted(result.dimensions.items(), key=lambda kv: kv[1].score)
    names = {d.id: d.name.zh for d in rubric.dimensions}
    weakest, strongest = ranked[0], ranked[-1]
    if weakest[1].score >= 90 and praise:
        out.append("四个维度表现都很扎实,保持这个节奏。")
    elif not praise:
        out.append(f"最需要加强的是「{names[weakest[0]]}」({weakest[1].score} 分):{weakest[1].summary}")
    else:
        out.append(f"做得最好的是「{names[strongest[0]]}」({strongest[1].score} 分);"
                   f"最需要加强的是「{names[weakest[0]]}」({weakest[1].score} 分):{weakest[1].summary}")
    fixes = [e for e in weakest[1].evidence if e.suggestion][:1]
    if fixes:
        out.append(f"建议把{_where(result, fixes[0].turn)}的说法换成:{fixes[0].suggestion}")
    if result.mode == "rules_only":
        note = "本次为规则评分(未配置评审模型)。" if not result.judge else "评审模型调用失败,本次仅按规则评分。"
        out.append(note)
    return out


def _where(result: GradeResult, turn: int) -> str:
    """"你的第 3 句话" counts the trainee's own lines, as they remember the call (the grade's ``turn``
    stays the 0-based index of the transcript contract)."""
    ordinal = result.collector_ordinals.get(turn) if result.collector_ordinals else None
    return f"你的第 {ordinal} 句话" if ordinal else f"第 {turn + 1} 轮"
