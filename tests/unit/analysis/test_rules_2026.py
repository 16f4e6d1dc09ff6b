"""The 2026 banking-association guideline's rules (issue 17): each with violating lines and lawful
look-alikes that share its words, and the frozen blind set's floor."""

from __future__ import annotations

import json

import pytest

from simulator.analysis import analyze
from simulator.config import PROJECT_ROOT

VIOLATING = [
    ("CN-BORROW-TO-REPAY", "你这个月实在没钱的话,去网贷平台借一笔先把我们这边还了不就行了。"),
    ("CN-BORROW-TO-REPAY", "我给你推荐一个放款快的平台,下午就能到账,到时候直接转过来。"),
    ("CN-BORROW-TO-REPAY", "借也得给我借来,找哪个平台我不管,明天必须还上。"),
    ("CN-BORROW-TO-REPAY", "您信用卡不是还有额度吗?先刷出来把我们这边还上。"),
    ("CN-BORROW-TO-REPAY", "你跟你哥借一下,今天先把这期结清。"),
    ("CN-BORROW-TO-REPAY", "找亲戚凑一凑,把欠我们的先补上。"),
    ("CN-PUBLIC-NOTICE", "要不要我们在本地报纸上登个催收公告?"),
    ("CN-PUBLIC-NOTICE", "逾期名单会在我们官网首页公示,你的名字也在里面。"),
    ("CN-PUBLIC-NOTICE", "我们可以在你单位公告栏上贴一张催款通知。"),
    ("CN-PUBLIC-NOTICE-HINT", "你也不想你们楼里的邻居都知道这件事吧?"),
    ("CN-PUBLIC-NOTICE-HINT", "您也不希望同事都知道这事吧?"),
    ("CN-PUBLIC-NOTICE-HINT", "你不想让亲戚朋友都知道这件事吧?"),
    ("CN-PRIVATE-CHANNEL", "这是我自己的手机号,不走公司系统,你有什么话就私下跟我说。"),
    ("CN-PRIVATE-CHANNEL", "我在QQ上加你了,通过一下,后面用QQ沟通。"),
    ("CN-PRIVATE-CHANNEL", "你抖音号是多少?我那边好联系你。"),
    ("CN-MISLEAD-BLACKLIST", "你一旦上了我们的黑名单,全国所有银行都会联网拒绝你。"),
    ("CN-MISLEAD-BLACKLIST", "我们系统里这种情况是要进名单的,进了可就不好出来了。"),
    ("CN-MISLEAD-BLACKLIST", "像你这种一直拖着的,以后基本就告别贷款了。"),
    ("CN-MISLEAD-SCHOOL-CHECK", "你想想,孩子以后要上学,家里有这种记录,学校会不会查?"),
    ("CN-MISLEAD-SCHOOL-CHECK", "子女以后考公,政审单位肯定查。"),
    ("CN-MISLEAD-SCHOOL-CHECK", "孩子将来要当兵的,部队会查的。"),
]

LAWFUL = [
    "请不要为了还我们这笔去借网贷,我们可以一起看看分期方案。",
    "以贷还贷风险很大,利息叠加容易越滚越多,建议您先申请个性化分期。",
    "好的,我跟您确认:12月18号前,通过诚泰小贷App先还3000元。",
    "拆东墙补西墙的办法我们真的不推荐,借新还旧只会越滚越大,您量力而行就好。",
    "如果家里人愿意帮您,那是您自己的决定,我们不建议您借钱还款。",
    "千万别为了还我们去找朋友借钱,越借越多。",
    "您朋友说能借给您,这个您自己考虑,我们建议按您的收入来安排。",
    "我们绝不会在小区或者单位张贴任何告示,您的信息是保密的。",
    "法院公告送达是诉讼中的法定程序,由法院依法进行,不是我们的催收手段。",
    "我们会在APP公告栏里发布还款提醒。",
    "这条是银行的官方公告,讲的是利率调整,跟您个人的欠款没有关系。",
    "我是XX银行信用卡中心,这通电话从公司座机打出,全程录音。",
    "您说想加我微信,抱歉,按公司规定我们只能通过官方渠道和您沟通。",
    "我们会把还款提醒发送给您本人的手机。",
    "并不存在什么“全国联网黑名单”,您听到的这种说法不准确。",
    "只有法院判决生效后您仍不履行,才可能被法院列为失信被执行人。",
    "逾期不会影响您孩子上学,请不要听信这种说法。",
    "您个人的征信报告不会牵连到您子女的信用记录。",
]


@pytest.mark.parametrize(("rule_id", "text"), VIOLATING)
def test_each_new_rule_catches_its_violations(rule_id, text):
    assert rule_id in {f.rule for f in analyze(text).violations}, analyze(text).to_dict()


@pytest.mark.parametrize("text", LAWFUL)
def test_lawful_look_alikes_stay_quiet(text):
    assert analyze(text).categories == ()


def test_every_new_rule_has_three_violating_lines_here():
    from simulator.analysis.rules_2026 import RULES_2026

    counts = {r.id: sum(1 for rid, _ in VIOLATING if rid == r.id) for r in RULES_2026}
    assert min(counts.values()) >= 3, counts


FAMILY = {"borrow_to_repay": {"improper_fee"}, "public_notice": {"third_party_disclosure"},
          "private_channel": {"harassment", "improper_fee"}, "fake_blacklist": {"misleading", "false_legal_claim"}}


def scored(name: str) -> tuple[int, int]:
    rows = [json.loads(line) for line in (PROJECT_ROOT / "tests" / "data" / name).read_text(encoding="utf-8").splitlines()
            if line.strip()]
    hits = 0
    for r in rows:
        cats = set(analyze(r["text"]).categories)
        hits += bool(cats & FAMILY[r["family"]]) if r["violates"] else not cats
    return hits, len(rows)


def test_the_frozen_blind_set_stays_above_its_floor():
    """96 lines written blind (tests/data/blind/rules2026_frozen.jsonl): 62 before these rules, 71 after
    two tuning rounds on other writers' sets, 72 after the friends-and-family borrowing form. The floor may only rise."""
    hits, total = scored("blind/rules2026_frozen.jsonl")
    assert total == 96 and hits >= 72


def test_the_tuning_sets_stay_above_their_floors():
    assert scored("tune/rules2026_tune.jsonl")[0] >= 116
    assert scored("tune/rules2026_tune2.jsonl")[0] >= 84  # 74 when first scored, before tuning on it
