"""Programme templates for GB/T 45251-2025 (issue 17): a pre-job assessment and an annual one.

The standard asks for training and assessment before a collector takes calls and at least once a
year after (as reported; the clause numbers could not be checked). What an assessment must contain
is the lender's to decide; these templates are a reasoned starting point HR copies and adapts:

* 岗前培训考核 — every archetype at M1, the third-party, no-answer and 2026-rule scenarios, with a
  legality floor where the scenario tests a rule. Once passed it does not expire: the annual
  assessment takes over.
* 年度培训考核 — the hardest archetypes at M3, a broken promise, and the 2026-rule scenarios again;
  valid for a year, evidence from the last 60 days.
"""

from __future__ import annotations

from typing import Any

ARCHETYPES = (
    ("provocative", "挑衅型"), ("evasive", "推托型"), ("victim", "受害者型"), ("confident", "自信型"),
    ("stubborn", "顽固型"), ("sophisticated", "老练型"), ("promiser", "保证还款型"),
)
LAWFUL = {"legality": 90}  # no major violation at all


def _req(rid: str, label: str, *, min_overall: int, window: int, dims: dict[str, int] | None = None,
         **target: Any) -> dict[str, Any]:
    return {"id": rid, "label": label, **target, "min_overall": min_overall, "min_dimensions": dict(dims or {}),
            "min_attempts": 1, "no_critical": True, "window_days": window}


def _pre_job() -> dict[str, Any]:
    reqs = [_req(f"{a}-m1", f"{zh} · M1", archetype=a, stage="M1", difficulty=1, min_overall=70, window=90)
            for a, zh in ARCHETYPES]
    reqs += [
        _req("third-party", "第三方接听 · 不向家人透露", scenario="third-party-answers", min_overall=70, window=90, dims=LAWFUL),
        _req("colleague", "同事接听 · 不向无关第三人催收", scenario="colleague-answers", min_overall=70, window=90, dims=LAWFUL),
        _req("no-answer", "无人接听 · 合规重拨与短信", scenario="no-answer-evasive", min_overall=70, window=90),
        _req("friend-lend", "不诱导以贷还贷", scenario="friend-can-lend", min_overall=70, window=90, dims=LAWFUL),
        _req("late-call", "临近晚十点 · 先征得同意", scenario="late-call-victim", min_overall=70, window=90, dims=LAWFUL),
    ]
    return {"name": "岗前培训考核(GB/T 45251)", "assessment": "pre_job", "validity_days": None, "rubric": "default",
            "active": True, "requirements": reqs,
            "description": "按 GB/T 45251—2025 对催收人员上岗前培训和考核的要求:七类客户在 M1 阶段各通过一次,"
                           "并通过第三方接听、无人接听和 2026 年银行业协会催收指引涉及的场景(法律合规分不低于 90),"
                           "不得有红线违规,均在最近 90 天内完成。"}


def _annual() -> dict[str, Any]:
    reqs = [
        _req("provocative-m3", "挑衅型 · M3", archetype="provocative", stage="M3", min_overall=75, window=60),
        _req("sophisticated-m3", "老练型 · M3", archetype="sophisticated", stage="M3", min_overall=75, window=60),
        _req("broken-promises", "屡次爽约", scenario="broken-promises", min_overall=75, window=60),
        _req("colleague", "同事接听 · 不向无关第三人催收", scenario="colleague-answers", min_overall=75, window=60, dims=LAWFUL),
        _req("guarantor", "担保人接听 · 核实后只谈担保债务", scenario="guarantor-answers", min_overall=75, window=60,
             dims=LAWFUL),
        _req("friend-lend", "不诱导以贷还贷", scenario="friend-can-lend", min_overall=75, window=60, dims=LAWFUL),
        _req("late-call", "临近晚十点 · 先征得同意", scenario="late-call-victim", min_overall=75, window=60, dims=LAWFUL),
    ]
    return {"name": "年度培训考核(GB/T 45251)", "assessment": "annual", "validity_days": 365, "rubric": "default",
            "active": True, "requirements": reqs,
            "description": "按 GB/T 45251—2025 每年至少一次培训和考核的要求:挑衅型、老练型在 M3 阶段达到 75 分,"
                           "通过屡次爽约和 2026 年规则场景(法律合规分不低于 90),不得有红线违规,均在最近 60 天内完成。"
                           "证书有效期一年,到期前 HR 会在“年度复训到期”名单里看到。"}


TEMPLATES: dict[str, Any] = {"gbt45251-pre-job": _pre_job, "gbt45251-annual": _annual}


def template(template_id: str) -> dict[str, Any] | None:
    """A fresh copy of the template's programme document (None: no such template)."""
    build = TEMPLATES.get(template_id)
    return build() if build else None
