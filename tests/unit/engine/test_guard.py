"""The output guard: cleaning, the length limit, and replies that leave character."""

from __future__ import annotations

import pytest

from simulator.engine.guard import StreamGuard, clean, guard, limit, problem_of

NAMES = ("王建军",)


@pytest.mark.parametrize(("raw", "expected"), [
    ("债务人:你谁啊?", "你谁啊?"),
    ("客户：行了行了,知道了。", "行了行了,知道了。"),
    ("王建军:我跟你说,别打了!", "我跟你说,别打了!"),
    ("王建军(客户):月底给你。", "月底给你。"),
    ("(叹气)我也没办法啊。", "我也没办法啊。"),
    ("[笑]你们可真会说。", "你们可真会说。"),
    ("*sighs* 唉,行吧。", "唉,行吧。"),
    ("【愤怒地】凭什么?", "凭什么?"),
    ("“我又没说不还!”", "我又没说不还!"),
    ("「月底肯定还。」", "月底肯定还。"),
    ("<think>他在共情,我该软一点。</think>行吧,你说。", "行吧,你说。"),
    ("行了\n别打了", "行了,别打了"),
    ("（喂!我没听错,你叫啥名字啊?", "喂!我没听错,你叫啥名字啊?"),  # an opener never closed (a 270M model)
])
def test_clean_strips_labels_directions_quotes_and_think_blocks(raw, expected):
    assert clean(raw, NAMES) == expected


def test_clean_keeps_a_colon_that_is_not_a_label():
    assert clean("我跟你说:你们有完没完!", NAMES) == "我跟你说:你们有完没完!"


def test_limit_cuts_at_a_sentence_boundary():
    text = "我跟你说,你们这样天天打电话不行。我生意还做不做了?你们农行那边从来没这样!"
    cut = limit(text, 30)
    assert len(cut) <= 30 and cut.endswith("?") and text.startswith(cut)


def test_limit_falls_back_to_a_clause_then_a_hard_cut():
    assert limit("我跟你说你们这样天天打电话,我生意还做不做了你们农行那边从来没这样", 20).endswith("…")
    assert len(limit("啊" * 50, 20)) == 20


def test_limit_keeps_at_most_three_sentences():
    assert limit("行。好。嗯。再说。", 100) == "行。好。嗯。"


@pytest.mark.parametrize(("text", "problem"), [
    ("作为一个AI助手,我不能扮演这个角色。", "mentions_ai"),
    ("我是一个语言模型,无法真正还款。", "mentions_ai"),
    ("As an assistant I cannot do that.", "mentions_ai"),
    ("我是恒达小贷的催收员小陈,请您尽快还款。", "speaks_as_collector"),
    ("您的欠款已经逾期8天了。", "speaks_as_collector"),
    ("你应该先表示理解,再提出还款方案。", "coaches_collector"),
    ("建议你换个说法,别这么冲。", "coaches_collector"),
    ("OK, I will pay the money next Monday.", "not_chinese"),
    ("", "empty"),
    ("好的,我同意还款。", "unearned_agreement"),
    ("行,我今天就去还钱。", "unearned_agreement"),
])
def test_out_of_character_replies_are_caught(text, problem):
    assert problem_of(text, intent="challenge") == problem


@pytest.mark.parametrize("text", [
    "你应该先去问问你们公司!",  # an angry debtor, not a coach
    "我是说你们催收员能不能别一天打八遍?",
    "我马上还不了,你急也没用。",
    "我不同意还款,这罚息不合理。",
    "你要我马上还?怎么可能。",
    "你们这APP我都卸了,OK?",
    "你是机器人吧?怎么老说一样的话。",
])
def test_in_character_lines_pass(text):
    assert problem_of(text, intent="challenge") is None


def test_agreement_is_fine_when_the_engine_decided_it():
    assert problem_of("行,10月31日我还7376元。", intent="agreeing", agreed=True) is None
    assert problem_of("好的,我同意还款。", intent="confirm_details", agreed=True) is None


def test_a_reply_that_also_speaks_for_the_collector_is_rejected():
    verdict = guard("王建军:你谁啊?\n催收员:我是恒达小贷的小陈。", max_chars=70, names=NAMES)
    assert verdict.problem == "speaks_as_collector"


def test_guard_returns_clean_limited_text():
    verdict = guard("王建军:(拍桌子)“我跟你说,你们这样天天打电话不行。我生意还做不做了?”", max_chars=20, names=NAMES)
    assert verdict.problem is None and verdict.text == "我跟你说,你们这样天天打电话不行。"


def feed_all(sg: StreamGuard, pieces: list[str]) -> str:
    return "".join(sg.feed(p) for p in pieces)


def test_stream_guard_holds_back_a_label_and_a_direction_until_they_can_be_stripped():
    sg = StreamGuard(max_chars=70, names=NAMES)
    shown = []
    for piece in ["王", "建军", ":", "(叹", "气)", "我跟", "你说", ",别打了!"]:
        shown.append(sg.feed(piece))
    assert shown[:5] == ["", "", "", "", ""]
    assert "".join(shown) == "我跟你说,别打了!"
    assert sg.finish().text == "我跟你说,别打了!"


def test_stream_guard_shows_the_first_piece_at_once_when_it_cannot_be_a_label():
    sg = StreamGuard(max_chars=70, names=NAMES)
    assert sg.feed("喂?") == "喂?"


def test_stream_guard_flags_leaving_character_early():
    sg = StreamGuard(max_chars=70, names=NAMES)
    feed_all(sg, ["作为", "一个", "AI"])
    assert sg.problem == "mentions_ai"


def test_stream_guard_does_not_judge_agreement_before_the_end():
    sg = StreamGuard(max_chars=70, names=NAMES, intent="challenge")
    assert feed_all(sg, ["我马上", "还"]) and sg.problem is None
    feed_all(sg, ["不了!"])
    assert sg.problem is None and sg.finish().problem is None


def test_stream_guard_caps_at_max_chars_and_says_when_enough():
    sg = StreamGuard(max_chars=10, names=NAMES)
    shown = feed_all(sg, ["一二三四五六七八九十"] * 3)
    assert shown == "一二三四五六七八九十" and sg.enough
