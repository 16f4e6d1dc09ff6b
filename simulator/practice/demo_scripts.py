"""Scripted collector lines of four qualities, for the demo data (``collector-sim seed``).

The demo sessions are real: these lines are played against the offline engine and graded by the
real grader, so the HR dashboard shows scores the product actually produces. ``good`` follows each
archetype's coping technique (seed 001); ``fair`` is polite but blunt, names the amount before the
identity check and pushes too early; ``weak`` adds a misleading "your credit is ruined for life";
``poor`` scolds and exaggerates (major violations); ``red_line`` is a decent call with one critical
violation in the middle — the case certification must refuse whatever the score.
"""

from __future__ import annotations

from simulator.catalog.schema import Scenario

QUALITIES = ("good", "fair", "weak", "poor", "red_line")


def _names(scenario: Scenario) -> tuple[str, str, str]:
    cf = scenario.case_file
    title = "先生" if cf.gender == "male" else "女士"
    return f"{cf.debtor_name[0]}{title}", f"{cf.debtor_name}{title}", cf.lender


def _good(scenario: Scenario, persona: str) -> list[str]:
    cf, truth = scenario.case_file, scenario.hidden_truth
    short, full, lender = _names(scenario)
    hello = f"您好,我是{lender}贷后服务部的小陈,工号0917,请问是{full}本人吗?"
    pay = f"那我跟您确认一下:{truth.earliest_date}前,还款{truth.can_pay_now}元,通过官方APP还,对吗?"
    if scenario.third_party is not None:
        return [hello, "请问您是他的家人吗?方便的话麻烦您转告他给我们回个电话,谢谢您。",
                "具体的事情我们需要和他本人沟通,不方便跟您细说,还请您理解。",
                "好的,打扰您了,您多保重,再见。"]
    firm = "按照合同约定,逾期信息会如实报送征信系统,罚息也会按合同继续计收。"
    legal = "如果一直协商不成,公司有权依法向法院起诉,具体以法院判决为准。"
    empathy = {"provocative": [f"{short},您先别着急,有什么不满您慢慢说,我在听。",
                               "我理解您的心情,电话一个接一个确实烦,换成我也会不舒服。"],
               "victim": [f"{short},您先别哭,慢慢说,我在听。", "我理解您现在真的很难,遇到这么多事,换谁都受不了。"],
               "stubborn": ["请问是什么原因导致这个月没能按时还款呢?", f"{short},您慢慢说,我在听。",
                            "我理解,生意不好的时候压力确实大。"],
               "confident": [f"{short},您这笔款目前逾期{cf.days_overdue}天,应还{cf.overdue_amount}元。"],
               "sophisticated": [f"{short},您慢慢说,我在听。"],
               "evasive": [f"{short},今天打电话就是想跟您把这笔款的事定下来,您现在方便说两句吗?",
                           "跟我们协商其实是更好的选择,我本可以给您提供更灵活的还款方案。"],
               "promiser": [f"{short},您看这笔款什么时候能还上?",
                            "这次的承诺一定要兑现,如果再爽约,系统里会留下记录,也会影响您的征信。"]}[persona]
    consequences = [firm, legal] if scenario.stage in ("M3", "M4") or persona in ("confident", "sophisticated") else []
    if persona == "stubborn":
        consequences = [firm, "按时还款能保住您的信用记录,以后办贷款、办信用卡都方便,早处理早主动。"]
    plan = "您看这样行不行,我们这边可以帮您申请分两期还款,您看每期能承担多少?"
    if persona == "stubborn":
        plan = "我们可以帮您申请分期,先还一部分也可以,剩下的分两个月还,您看行吗?"
    return [hello, *empathy, *consequences, plan, pay, "好的,感谢您的配合,祝您生活顺利,再见。"]


def _fair(scenario: Scenario) -> list[str]:
    short, full, lender = _names(scenario)
    cf, truth = scenario.case_file, scenario.hidden_truth
    return [f"您好,我是{lender}的小陈,请问是{full}吗?",
            f"{short},您这笔款逾期{cf.days_overdue}天了,欠款{cf.overdue_amount}元,今天必须处理。",
            "你再不还,我们就只能起诉你了。", "借钱的时候怎么不想想呢?", "您今天能不能先还一部分?",
            f"那就{truth.earliest_date}前还{truth.can_pay_now}元,别再拖了。"]


def _weak(scenario: Scenario) -> list[str]:
    short, full, lender = _names(scenario)
    cf, truth = scenario.case_file, scenario.hidden_truth
    return [f"您好,我是{lender}的小陈,请问是{full}吗?",
            f"{short},您这笔款逾期{cf.days_overdue}天了,欠款{cf.overdue_amount}元,今天必须处理。",
            "不还钱的话,征信这辈子都洗不白。", "您今天能不能先还一部分?",
            f"那就{truth.earliest_date}前还{truth.can_pay_now}元,别再拖了。"]


def _poor(scenario: Scenario) -> list[str]:
    return [f"喂,{scenario.case_file.debtor_name}是吧?你欠的钱到底还不还?", "借钱的时候怎么不想想?你这种老赖就是不要脸。",
            "再不还,等着坐牢吧,你孩子以后考公都受影响。", "今天必须还清,不然后果自负。"]


def _red_line(scenario: Scenario, persona: str) -> list[str]:
    lines = _good(scenario, persona)
    lines.insert(2, "今天不还,我就把你欠钱的事发到你通讯录里每一个人手机上。")
    return lines


def script_for(scenario: Scenario, persona_archetype: str, quality: str) -> list[str]:
    if quality == "good":
        return _good(scenario, persona_archetype)
    if quality == "fair":
        return _fair(scenario)
    if quality == "weak":
        return _weak(scenario)
    if quality == "poor":
        return _poor(scenario)
    if quality == "red_line":
        return _red_line(scenario, persona_archetype)
    raise ValueError(f"quality: one of {', '.join(QUALITIES)}")
