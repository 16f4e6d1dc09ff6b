"""Collector scripts used by the engine tests: one that follows each archetype's coping technique
(seed 001), and hostile ones that threaten or insult."""

from __future__ import annotations

from simulator.catalog.schema import Scenario


def coping_script(scenario: Scenario) -> list[str]:
    cf, truth = scenario.case_file, scenario.hidden_truth
    title = "先生" if cf.gender == "male" else "女士"
    who = f"{cf.debtor_name[0]}{title}"
    hello = f"您好,我是{cf.lender}贷后服务部的小陈,工号0917,请问是{cf.debtor_name}{title}本人吗?"
    pay = f"那我跟您确认一下:{truth.earliest_date}前,还款{truth.can_pay_now}元,通过官方APP还,对吗?"
    scripts = {
        "provocative": [
            hello,
            f"{who},您先别着急,有什么不满您慢慢说,我在听。",
            "我理解您的心情,电话一个接一个确实烦,换成我也会不舒服。",
            "您看这样行不行,我们这边可以帮您申请分两期还款,您看每期能承担多少?",
            pay,
        ],
        "evasive": [
            hello,
            f"{who},今天打电话就是想跟您把这笔款的事定下来,您现在方便说两句吗?",
            "跟我们协商其实是更好的选择,我本可以给您提供更灵活的还款方案。",
            "我们可以帮您申请先还一部分,剩下的再商量,您看什么时候能还?",
            pay,
        ],
        "victim": [
            hello,
            f"{who},您先别哭,慢慢说,我在听。",
            "我理解您现在真的很难,遇到这么多事,换谁都受不了。",
            "您放心,我们一起想办法。可以帮您申请分期,先还一部分也可以,您看每月能还多少?",
            pay,
        ],
        "confident": [
            hello,
            f"{who},您这笔款目前逾期{cf.days_overdue}天,应还{cf.overdue_amount}元。",
            "按照合同约定,逾期信息会如实报送征信系统,罚息也会按合同第七条继续计收。",
            "如果一直协商不成,公司有权依法向法院起诉,判决后仍不履行,可能被依法列为失信被执行人。",
            "所以对您来说,现在协商是更好的选择,我们可以帮您申请分两期,您看每期能还多少?",
            pay,
        ],
        "stubborn": [
            hello,
            "请问是什么原因导致这个月没能按时还款呢?",
            f"{who},您慢慢说,我在听。",
            "我理解,生意不好的时候压力确实大。",
            "我跟您解释一下,按照合同约定,逾期信息会如实报送征信系统,这个政策对每位客户都一样。",
            "按时还款能保住您的信用记录,以后办贷款、办信用卡都方便,早处理早主动。",
            "我们可以帮您申请分期,先还一部分也可以,您看每月能还多少?",
            "我们可以帮您申请分期,先还一部分也可以,剩下的分两个月还,您看行吗?",
            pay,
        ],
        "sophisticated": [
            hello,
            f"{who},您慢慢说,我在听。",
            "如果一直协商不成,公司有权依法向法院起诉,判决生效后仍不履行的,可能被依法列为失信被执行人。",
            "按照合同约定,逾期信息会如实报送征信系统,罚息也会按合同继续计收,这些您肯定比我清楚。",
            "我们可以帮您申请分两期还款,您看每期能承担多少?",
            pay,
        ],
        "promiser": [
            hello,
            f"{who},您看这笔款什么时候能还上?",
            "这次的承诺一定要兑现,如果再爽约,系统里会留下记录,也会影响您的征信。",
            pay,
            pay.replace("对吗", "这次一定要按时,可以吗"),
        ],
    }
    return scripts[scenario.persona]


def hostile_script(scenario: Scenario) -> list[str]:
    return [
        f"喂,{scenario.case_file.debtor_name}是吧?你欠的钱到底还不还?",
        "你这种老赖就是不要脸。",
        "再不还钱,小心你走夜路的时候出点什么事。",
        "今天不还,我就把你欠钱的事发到你通讯录里每一个人手机上。",
        "我们的人已经在你家楼下了,今天不还钱别想好过。",
        "你信不信我找几个兄弟过去把你店砸了?",
    ]
