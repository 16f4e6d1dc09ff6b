"""How the multi-call cases play out over seeds (issue 21): promises kept, the debtor's starting trust per call,
and each call's situation, for a skilled, a pinned, a hollow and an over-reaching script.

    .venv/bin/python scripts/case_measure.py

Offline engine only (no database, no grade): each case's calls are played in turn, each from what the
previous ones left (``simulator/practice/cases/timeline.py``). The README's figures come from this.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "unit" / "engine")]

from scripts import coping_script  # noqa: E402  (tests/unit/engine/scripts.py: each archetype's coping lines)
from simulator.catalog.case_spec import load_cases  # noqa: E402
from simulator.catalog.loader import load_catalog  # noqa: E402
from simulator.catalog.schema import Scenario  # noqa: E402
from simulator.db.live_catalog import played_as  # noqa: E402
from simulator.engine.conversation import Conversation  # noqa: E402
from simulator.practice.cases.timeline import CallRecord, call_record, case_summary, next_call  # noqa: E402

SEEDS = 10
STYLES = ("coping", "pinned", "hollow", "overreach")


def lines(sc: Scenario, style: str) -> list[str]:
    cf, truth = sc.case_file, sc.hidden_truth
    title = "先生" if cf.gender == "male" else "女士"
    who = f"{cf.debtor_name[0]}{title}"
    hello = f"您好,我是{cf.lender}贷后服务部的小陈,工号0917,请问是{cf.debtor_name}{title}本人吗?"
    recap = f"那我跟您确认一下:{truth.earliest_date}前,还款{{amount}}元,通过官方APP还,到时候我会跟进确认,对吗?"
    if style == "coping":
        return coping_script(sc) + ["按时兑现对您的信用很重要。" + recap.format(amount=truth.can_pay_now)]
    if style == "hollow":
        return [hello, "我理解您的难处。", "您看什么时候能还上?", "好的,那就这样。"]
    if style == "overreach":
        return [hello, f"{who},这期是因为什么没还上?", "我理解。按时兑现承诺对您的信用很重要。",
                recap.format(amount=cf.overdue_amount)]
    return [hello, f"{who},这期是因为什么原因没还上呢?钱从哪里来?",
            "我理解您的难处。每一次约定都会记录在案,按时兑现对您的信用很重要。",
            f"您看{truth.earliest_date}前先还{truth.can_pay_now}元,可以吗?", recap.format(amount=truth.can_pay_now)]


def play_call(sc: Scenario, card, number: int, day: int, seed: int, style: str) -> CallRecord:
    convo = Conversation(sc, card, seed=seed)
    convo.open()
    analyses, intents = [], set()
    for line in lines(sc, style):
        if convo.ended:
            break
        analysis = convo.read(line)
        analyses.append(analysis.to_dict())
        intents.add(convo.respond(line, analysis).intent)
    return call_record(number, day, status="ended", outcome=convo.memory.outcome, memory=convo.snapshot(),
                       archetype=card.archetype, can_pay_now=sc.hidden_truth.can_pay_now, lines=analyses,
                       debtor_intents=frozenset(intents), said_date=sc.hidden_truth.earliest_date)


def main() -> None:
    catalog = load_catalog(ROOT / "personas", ROOT / "rubrics")
    for case_id, case in sorted(load_cases(ROOT / "personas" / "cases").items()):
        base = catalog.scenario(case.scenario)
        card = catalog.personas[base.persona]
        for style in STYLES:
            trust: dict[int, list[float]] = defaultdict(list)
            situations: Counter = Counter()
            kept = promised = 0
            for seed in range(SEEDS):
                records: list[CallRecord] = []
                while (following := next_call(case, base, card, records)) is not None:
                    number, fields = following
                    trust[number].append(fields["initial_state"]["trust"])
                    situations[(number, fields["situation"])] += 1
                    records.append(play_call(played_as(base, fields), card, number, fields["day"],
                                             seed * 7 + number, style))
                summary = case_summary(case, base, records)
                kept, promised = kept + summary["kept"], promised + summary["promises"]
            start = " → ".join(f"{sum(v) / len(v):.2f}" for _, v in sorted(trust.items()))
            broken = {n: c for (n, s), c in sorted(situations.items()) if s == "broken_promises"}
            print(f"{case_id:22s} {style:9s} kept {kept:2d}/{promised:2d} promises · starting trust {start} · "
                  f"屡次爽约 calls: {broken}")


if __name__ == "__main__":
    main()
