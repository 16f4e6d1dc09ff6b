"""Better phrasings that fit the call: filled from the case and suited to the listener (issue 15).

Rule suggestions are written once, with a sample case ("刘建国先生", "2350元", "11月28日",
"××消费金融"). Before a trainee reads one, the sample is replaced by this call's own facts — the
case file the trainee saw when the call came from a scenario, otherwise what the collector said in
the call (the name asked after, the amount stated, the date offered). A suggestion that talks about
the debt is never offered for a turn spoken to someone not liable for it: there the only lawful
line is a request to call back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from simulator.grading.context import TurnView
from simulator.grading.result import GradeResult
from simulator.grading.transcript import Transcript
from simulator.messages import Said, say

_SAMPLE_NAME = re.compile(r"刘建国先生|××先生(?:[（(]女士[)）])?|X先生")
_SAMPLE_LENDER = re.compile(r"(?:XX|××)(?:消费金融|公司)")
_SAMPLE_AMOUNT = re.compile(r"2350元|1280元|××元|X元")
_SAMPLE_DATE = re.compile(r"11月28日")  # a payment date: the one offered in the call
_SAMPLE_DUE = re.compile(r"3月18号")  # the missed due date
_SAMPLE_DAYS = re.compile(r"逾期40天")
# Debt talk a relative or colleague must not hear (legality.DEBT_TALK's core).
_DEBT_WORDS = re.compile(r"欠|逾期|还款|还上|还清|罚息|征信|起诉|金额|元|承诺|爽约")
_NAME_ASKED = re.compile(r"(?:是|找)([\u4e00-\u9fff]{2,3}?)(先生|女士|小姐)")


@dataclass(frozen=True)
class CaseFacts:
    name: str | None = None  # "刘秀兰"
    title: str = "先生(女士)"
    lender: str | None = None
    amount: int | None = None
    due: str | None = None
    days: int | None = None
    date: str | None = None  # a date offered in the call

    @property
    def addressee(self) -> str:
        return f"{self.name}{self.title}" if self.name else f"××{self.title}"


def facts(transcript: Transcript, views: list[TurnView]) -> CaseFacts:
    case = transcript.case or {}
    name = case.get("debtor_name")
    title = {"male": "先生", "female": "女士"}.get(str(case.get("gender")), "先生(女士)")
    if not name:
        for v in views:
            m = _NAME_ASKED.search(v.text) if v.analysis is not None else None
            if m:
                name, title = m.group(1), m.group(2)
                break
    final = views[-1].call if views and views[-1].call is not None else None
    offer = final.concrete_offer() if final else None
    return CaseFacts(
        name=name, title=title, lender=case.get("lender"),
        amount=case.get("overdue_amount") or (final.stated_amount if final else None),
        due=case.get("due_date"), days=case.get("days_overdue"),
        date=(offer or {}).get("date") if offer else None,
    )


def personalize(text: str, f: CaseFacts) -> str:
    """``text`` with the sample case replaced by this call's facts; a ``Said`` keeps its key, its quoted
    line personalized."""
    if isinstance(text, Said):
        return Said(text.key, **{k: personalize(v, f) if isinstance(v, str) else v for k, v in text.values.items()})
    out = _SAMPLE_NAME.sub(f.addressee, text)
    if f.lender:
        out = _SAMPLE_LENDER.sub(f.lender, out)
    if f.amount:
        out = _SAMPLE_AMOUNT.sub(f"{f.amount}元", out)
    # a payment date only from the call; the missed due date is no date to pay by
    out = _SAMPLE_DATE.sub(f.date or "X月X日", out)
    if f.due:
        out = _SAMPLE_DUE.sub(f.due, out)
    if f.days:
        out = _SAMPLE_DAYS.sub(f"逾期{f.days}天", out)
    return out


# After a family has said the borrower died, nobody is asked to "pass on" a call-back or to confirm
# they are the borrower: the next step is condolence and the documents.
_NOT_FOR_THE_BEREAVED = re.compile(r"转告|回(?:个)?电话|本人吗|身份证后四位")
BEREAVED = say("gr_sug_condolence_first",
               line="请您节哀。麻烦您方便时提供一下死亡证明,我们核实后会按流程处理,不会再打扰您家里。")


def callback_only(f: CaseFacts) -> Said:
    who = f.name or "他"
    return say("gr_sug_pass_on_only", line=f"麻烦您转告{who}方便的时候给我们回个电话,谢谢您。")


def apply(result: GradeResult, transcript: Transcript, views: list[TurnView]) -> None:
    """Rewrite every suggestion of ``result`` in place for this call and its listener."""
    f = facts(transcript, views)
    by_index = {v.index: v for v in views}

    def fit(turn: int, suggestion: str | None) -> str | None:
        if not suggestion:
            return suggestion
        view = by_index.get(turn)
        if view is not None and view.bereaved and _NOT_FOR_THE_BEREAVED.search(suggestion):
            return BEREAVED
        if view is not None and view.third_party_on_line and not view.guarantor_on_line and not view.bereaved \
                and _DEBT_WORDS.search(suggestion):
            return callback_only(f)
        return personalize(suggestion, f)

    for dim in result.dimensions.values():
        for ev in dim.evidence:
            ev.suggestion = fit(ev.turn, ev.suggestion)
    for v in result.violations:
        v.suggestion = fit(v.turn, v.suggestion) or v.suggestion
