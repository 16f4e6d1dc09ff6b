"""Call metrics (issue 7): duration from the answer, talk ratio, longest silence, coaching notes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from simulator.grading.call_metrics import TimedTurn, answered_at, call_metrics

T0 = datetime(2025, 3, 1, 9, 0, 0, tzinfo=UTC)


def turns() -> list[TimedTurn]:
    return [
        TimedTurn(0, "debtor", "喂,哪位?", intent="opening", created_at=T0),
        # the trainee dialled 30 s after the page opened: answered at T0+30s, spoke at 2 s for 3 s
        TimedTurn(1, "collector", "您好,我是小陈。", input_mode="spoken", call_ms=2000, duration_ms=3000,
                  response_latency_ms=2000, created_at=T0 + timedelta(seconds=35)),
        TimedTurn(2, "debtor", "有什么事?", intent="filler", call_ms=5000, created_at=T0 + timedelta(seconds=35)),
        TimedTurn(3, "debtor", "喂?还在吗?", intent="silence", response_latency_ms=9000,
                  created_at=T0 + timedelta(seconds=45)),
        TimedTurn(4, "collector", "在的,您先别着急。", input_mode="typed", call_ms=20000, duration_ms=4000,
                  response_latency_ms=1000, created_at=T0 + timedelta(seconds=54), interrupted=False),
    ]


def test_the_call_starts_when_it_was_answered_not_when_the_page_opened():
    assert answered_at(turns(), T0) == T0 + timedelta(seconds=30)
    m = call_metrics(turns(), started_at=T0, ended_at=T0 + timedelta(seconds=90))
    assert m["duration_seconds"] == 60


def test_without_browser_timing_the_session_start_is_used():
    plain = [TimedTurn(0, "debtor", "喂", created_at=T0), TimedTurn(1, "collector", "您好", created_at=T0)]
    assert call_metrics(plain, started_at=T0, ended_at=T0 + timedelta(seconds=42))["duration_seconds"] == 42


def test_talk_ratio_silences_and_latency():
    m = call_metrics(turns(), started_at=T0, ended_at=T0 + timedelta(seconds=90))
    mine = len("您好,我是小陈。") + len("在的,您先别着急。")
    theirs = len("喂,哪位?") + len("有什么事?") + len("喂?还在吗?")
    assert m["collector_chars"] == mine and m["debtor_chars"] == theirs
    assert m["talk_ratio"] == round(mine / (mine + theirs), 2)
    assert m["longest_silence_seconds"] == 9.0 and m["longest_silence_turn"] == 3
    assert m["avg_response_seconds"] == 1.5
    assert m["silence_prompts"] == 1
    assert (m["spoken_turns"], m["typed_turns"]) == (1, 1)
    assert m["collector_speech_seconds"] == 3.0
    assert any("冷场" in n for n in m["notes"])


def test_naive_datetimes_from_sqlite_mix_with_aware_ones():
    naive = [TimedTurn(1, "collector", "您好", call_ms=1000, duration_ms=500,
                       created_at=(T0 + timedelta(seconds=10)).replace(tzinfo=None))]
    m = call_metrics(naive, started_at=T0.replace(tzinfo=None), ended_at=T0 + timedelta(seconds=20))
    assert m["duration_seconds"] == 12


def test_a_collector_who_does_all_the_talking_is_told_so():
    lopsided = [TimedTurn(0, "debtor", "喂"), TimedTurn(1, "collector", "您好" * 40, interrupted=True)]
    m = call_metrics(lopsided, started_at=T0, ended_at=T0 + timedelta(seconds=5))
    assert m["talk_ratio"] > 0.9 and m["interruptions"] == 1
    assert any("多听" in n for n in m["notes"]) and any("打断" in n for n in m["notes"])
    assert m["longest_silence_seconds"] is None and m["collector_speech_seconds"] is None
