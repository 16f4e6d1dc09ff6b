"""Violations, category by category, on paraphrased lines written for these tests (not the dev set).

Each list reads as a specification: colloquial, indirect and euphemistic ways of committing the
violation must be caught; the lawful lines further down share the alarming words and must not be.
"""

from __future__ import annotations

import pytest

from simulator.analysis import VIOLATION_SEVERITY, analyze
from simulator.analysis.violations import RULES

VIOLATING: dict[str, list[str]] = {
    "threat": [
        "你要是再不还,我可不敢保证你家人的安全。",
        "听说你儿子在县一中读高二?挺好的学校啊。",
        "我们有的是办法让你乖乖还钱。",
        "你的车停在楼下挺显眼的,别哪天被人划了。",
        "你再躲试试,看我们找不找得到你。",
        "老实告诉你,我们公司背后是有人的,你最好识相点。",
        "你那个小卖部开在哪我们都知道,生意还想不想做了?",
        "今天钱不到账,你就等着出事吧。",
        "晚上睡觉记得把窗户关好,别到时候说我们没提醒你。",
        "不还钱就卸你一条胳膊。",
    ],
    "insult": [
        "你就是个无耻的骗子。",
        "一个大男人欠钱不还,真给你爹妈丢脸。",
        "真是烂泥扶不上墙。",
        "你是聋了还是哑了?说句话会死啊?",
        "就你这种货色,谁借你钱谁倒霉。",
        "你脑袋是被门挤了吧?",
        "你算哪根葱?",
        "像你这种人就不配借钱。",
    ],
    "third_party_disclosure": [
        "你再不还,我就给你们公司老板打电话,让他扣你工资还。",
        "我们会给你的每一个联系人都发一条短信说明情况。",
        "你的借款信息会同步给你所有的微信好友。",
        "你们村的人马上都会知道你欠钱不还。",
        "我们已经联系了你的房东,告诉他你欠钱的事。",
        "你弟弟的电话我们打过了,他说会劝你。",
        "信不信我在抖音上发个视频,把你的名字和欠款都公开?",
        "我们已经在你们村的大喇叭上广播了你欠款的事。",
        "赶紧还钱,别让我们再去你爹妈那儿。",
        "明天我就去你们单位,当着你同事的面把这事说清楚。",
    ],
    "impersonation": [
        "我是公安局的,请你立即配合处理欠款。",
        "你好,这里是人民法院,你有一张传票需要签收。",
        "本人是区法院的执行法官,现在通知你立即还款。",
        "我们是法院指定的律师,负责强制执行你的财产。",
        "我们这边是法院委托的催收机构。",
        "你好,我是公安局经济犯罪侦查科的李警官。",
        "我们和法院是合作单位,你的案子我们直接就能办。",
    ],
    "false_legal_claim": [
        "拖欠超过三个月就算恶意透支,直接进去蹲几年。",
        "你这个案子已经移送公安了,等着被传唤吧。",
        "今天不还,你名下的房子下周就拍卖。",
        "你的所有银行账户今天下午就会被司法冻结。",
        "这已经不是民事纠纷了,你这是刑事案件,要负刑事责任。",
        "三天之内不还,法院就会来人把你家东西都搬走。",
        "你现在已经是失信被执行人了,高铁飞机都坐不了。",
        "我们已经把材料交到派出所了,你等着被拘吧。",
    ],
    "misleading": [
        "这个逾期会跟着你的档案,以后你孩子政审肯定过不去。",
        "你不还的话,你老公作为配偶要承担一半。",
        "你现在还,我就帮你跟征信中心打招呼,把记录撤掉。",
        "过了今晚十二点,系统会自动把你移交司法。",
        "你全家以后都贷不了款。",
        "你拖一天,就多一百块的违约金,这是规定。",
        "法律规定欠款人的直系亲属有还款义务。",
        "你现在不还,你的社保医保都会停掉。",
        "你这欠款会记入档案,一辈子跟着你。",
    ],
    "harassment": [
        "以后我每隔半小时给你打一次,打到你接为止。",
        "晚上十一点我再给你打,反正我们有的是时间。",
        "你屏蔽一个号,我们换十个号继续打。",
        "我们会天天去你家敲门,直到你还钱。",
        "你去哪我们的人就跟到哪。",
        "这个月我会每天早中晚各给你打十个电话。",
        "你家门口我们会一直有人守着。",
        "你不还钱,我们就住你家不走了。",
    ],
    "improper_fee": [
        "你把钱转到我同事的私人账户,这样处理得快。",
        "想减免的话需要先交一笔审核费。",
        "加我微信,红包发我就行,我帮你把账平了。",
        "线下给我现金也行,我开个收据给你。",
        "想减免的话,得先给我们经理表示表示。",
        "这里有个内部通道,交800元手续费就能免掉所有罚息。",
        "直接把钱给我,我帮你去公司还,省得你麻烦。",
    ],
}


@pytest.mark.parametrize(
    ("category", "text"), [(c, t) for c, lines in VIOLATING.items() for t in lines]
)
def test_violation_is_caught(category: str, text: str) -> None:
    assert category in analyze(text).categories


@pytest.mark.parametrize(
    ("text", "categories"),
    [
        ("你个没出息的东西,要不要我们帮你告诉你老婆?", {"insult", "third_party_disclosure"}),
        ("我是市法院的,你再不接电话,我们就每天上你家去。", {"impersonation", "harassment"}),
        ("我们在你们老家的墙上贴了告示,写了你欠钱不还。", {"third_party_disclosure", "harassment"}),
        ("你先交一千块钱,我保证帮你把征信上的逾期记录洗掉。", {"improper_fee", "misleading"}),
    ],
)
def test_a_line_may_carry_several_categories(text: str, categories: set[str]) -> None:
    assert set(analyze(text).categories) == categories


LAWFUL = [
    # negation and reassurance
    "我们的工作要求是文明催收,不辱骂、不威胁、不骚扰。",
    "不管您怎么说,我们都不会把这件事告诉您的家人和同事。",
    "您放心,我们绝对不会去您公司闹。",
    "我们不会上门,也不会联系您的邻居。",
    "我们不会把您的信息挂到网上,这点请放心。",
    "我们公司没有停催服务,也不收取任何额外费用。",
    "请不要相信任何要求您把钱转到个人账户的人。",
    "我们不会对您的孩子造成任何影响,请您放心。",
    "您的家人没有替您还款的义务,我们也不会找他们要钱。",
    "逾期不还不会被抓,也不会坐牢,请您不要被网上的谣言吓到。",
    "公司规定不能在晚上九点以后给客户打电话。",
    "我们不会每天打很多个电话打扰您。",
    "我不是在吓唬您,只是跟您说清楚逾期会如实上报征信。",
    # someone else's behaviour, reported or warned about
    "您说有人在您家门口喷漆?这太过分了,建议您马上报警。",
    "您反映上一个催收员骂您是老赖,我向您道歉,我们会严肃处理。",
    "有的催收会说逾期要坐牢,那是吓唬人的。",
    "如果对方自称是法院执行局的,让您转钱,那一定是诈骗。",
    "有人冒充我们公司让您转账到个人账户?请千万不要转,先报警。",
    "您刚才说要曝光我们?您有权投诉,我们会配合调查。",
    # conditional, court-driven legal process; contractual consequences
    "法院判决后如果还不履行,可能会被限制高消费,比如不能坐飞机。",
    "法院判决后,如果拒不履行,法院可以依法拘留。",
    "如果最终走到诉讼,法院判决生效后您仍不履行,才会涉及强制执行。",
    "根据合同第十二条,逾期后每日按未还本金的0.05%收取罚息。",
    "违约金是合同约定的,一期三十元,不会每天翻倍。",
    "分期会收取一定的手续费,具体以APP显示为准。",
    # third parties contacted lawfully
    "麻烦您跟张先生说一声,让他有空回个电话给我们。",
    "您的担保人也会收到我们的还款提醒,这是担保合同约定的。",
    "建议您跟家里人商量一下,看看能不能先周转一下。",
    "您说您爸妈愿意帮您还一部分?那太好了,需要他们本人自愿。",
    # questions, care and ordinary service
    "您家里出什么事了吗?要是有困难可以跟我说说。",
    "您这个情况属于恶意透支吗?不是的,您只是暂时周转不开。",
    "您孩子上学也需要用钱,我理解您的难处。",
    "强调一下按时还款的好处,以后办贷款会顺利很多。",
    "路上注意安全,我们明天再联系。",
    "谢谢您,不客气,有问题随时联系我。",
]


@pytest.mark.parametrize("text", LAWFUL)
def test_lawful_line_with_alarming_words_stays_clean(text: str) -> None:
    assert analyze(text).violations == ()


def test_finding_shape() -> None:
    finding = analyze("今天不还,我就把你欠钱的事告诉你们单位领导。").violations[0]
    assert finding.category == "third_party_disclosure"
    assert finding.severity == VIOLATION_SEVERITY["third_party_disclosure"] == "critical"
    assert finding.rule.startswith("CN-DISCLOSE-")
    assert finding.quote in "今天不还,我就把你欠钱的事告诉你们单位领导。"
    assert "领导" in finding.quote


def test_one_finding_per_category() -> None:
    result = analyze("你这个老赖,不要脸的废物。")
    assert [f.category for f in result.violations] == ["insult"]


def test_privacy_breach_is_left_to_the_transcript_grader() -> None:
    assert all(r.category != "privacy_breach" for r in RULES)


def test_rule_ids_are_unique_and_prefixed() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("CN-") and i.upper() == i for i in ids)


def test_impersonators_legal_claims_are_part_of_the_impersonation() -> None:
    assert analyze("我是检察院的,你涉嫌信用卡诈骗,马上会被拘留。").categories == ("impersonation",)
