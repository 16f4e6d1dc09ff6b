"""Bounded context: a 60-turn call's prompt stops growing once the history budget is reached."""

from __future__ import annotations

from simulator.engine.history import Line, cost, summarize, trim
from simulator.llm.base import estimate_tokens
from tests.unit.engine.llm_fixtures import COLLECTOR, conversation, messages_for


def sixty_turns() -> list[str]:
    return [COLLECTOR[i % len(COLLECTOR)] for i in range(60)]


def prompt_tokens(messages) -> int:
    return sum(estimate_tokens(m["content"]) for m in messages)


def test_trim_keeps_everything_while_it_fits():
    lines = [Line("debtor", "喂?"), Line("collector", "您好"), Line("debtor", "谁啊?")]
    ctx = trim(lines, 1000)
    assert ctx.summary == "" and ctx.recent == lines and ctx.summarized == 0


def test_trim_respects_the_budget_and_starts_on_a_collector_line():
    lines = [Line("collector" if i % 2 else "debtor", "这是一句比较长的话,用来占用一些预算。" * 2) for i in range(40)]
    ctx = trim(lines, 300)
    assert sum(cost(line) for line in ctx.recent) <= 300
    assert ctx.recent[0].speaker == "collector"
    assert ctx.summarized == 40 - len(ctx.recent) and ctx.summary


def test_the_summary_is_built_from_the_transcript_and_bounded():
    older = []
    for i in range(200):
        older.append(Line("collector", f"您看{i}月前先还{1000 + i}元,可以吗?", ("offer_plan", "request_commitment"),
                          ("threat",) if i == 3 else ()))
        older.append(Line("debtor", f"第{i}次说:我没钱。"))
    text = summarize(older)
    assert "提过分期或先还一部分的方案(200次)" in text and "威胁" in text
    assert "1199元" in text and "1000元" not in text  # only the latest amounts
    assert "「第0次说:我没钱。」" in text and "「第199次说:我没钱。」" in text
    assert len(text) < 400
    assert summarize(older) == text  # deterministic


def test_a_sixty_turn_session_keeps_the_prompt_flat(catalog):
    lines = sixty_turns()
    sizes = []
    budget = 600
    for n in range(1, len(lines) + 1):
        convo, transcript, reply = conversation(catalog, "provocative-m1", lines[:n])
        if convo.ended:
            break
        sizes.append(prompt_tokens(messages_for(convo, transcript, reply, lines[n - 1], budget=budget)))
    assert len(sizes) >= 40
    plateau = sizes[25:]
    # flat: the late prompts vary by about one turn's size, and never exceed the early peak by more
    assert max(plateau) - min(plateau) < 150, sizes
    assert max(sizes) < sizes[0] + budget + 400, sizes
