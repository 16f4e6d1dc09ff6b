"""Silence prompts voiced by the chat model (issue 7), through the real OpenAI client against the fake
server: the same prompt as any reply plus the director's "silent for N seconds" note, the same output
guard, and the offline line when the model fails."""

from __future__ import annotations

from tests.api.practice.llm_helpers import stored_turns
from tests.fakes.openai_server import Reply

HELLO = "您好,我是安信消费金融贷后服务部的小陈,工号0917。"


def start_call(client, headers, scenario: str = "victim-m1") -> str:
    res = client.post("/api/sessions", json={"scenario_id": scenario, "mode": "call"}, headers=headers)
    assert res.status_code == 201, res.text
    return res.json()["id"]


def silence(client, headers, sid: str, waited_ms: int = 9000):
    return client.post(f"/api/sessions/{sid}/silence", json={"waited_ms": waited_ms, "call_ms": 15000},
                       headers=headers)


def test_the_model_voices_the_silence_prompt_with_the_silence_in_its_note(client, trainee, fake):
    sid = start_call(client, trainee)
    fake.queue("喂?……您那边还有人吗?")
    res = silence(client, trainee, sid, waited_ms=9400)
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["debtor"] == "喂?……您那边还有人吗?" and body["fallback"] is False and body["ended"] is False
    sent = fake.chat_requests()[-1]
    system = sent["messages"][0]["content"]
    assert "催收员已经9秒没有说话了" in system
    assert "问一句人还在不在" in system  # the silence intent's own note, not the filler's
    assert sent["messages"][-1]["content"] == "<collector>……</collector>"
    line = stored_turns(client, sid)[-1]
    assert (line.intent, line.text, line.provider, line.response_latency_ms) == (
        "silence", "喂?……您那边还有人吗?", "openai", 9400)
    assert line.completion_tokens and line.latency_ms is not None


def test_the_conversation_so_far_is_in_the_prompt(client, trainee, fake):
    sid = start_call(client, trainee)
    fake.queue("喂,您好?")
    assert client.post(f"/api/sessions/{sid}/turns", json={"text": HELLO}, headers=trainee).status_code == 200
    fake.queue("人呢?刚才不是还在说吗?")
    assert silence(client, trainee, sid).status_code == 200
    contents = [m["content"] for m in fake.chat_requests()[-1]["messages"]]
    assert f"<collector>{HELLO}</collector>" in "".join(contents)


def test_a_failing_model_falls_back_to_the_cards_silence_line(client, trainee, fake):
    sid = start_call(client, trainee)
    fake.queue(Reply(status=500), Reply(status=500))
    res = silence(client, trainee, sid)
    assert res.status_code == 200 and res.json()["fallback"] is True
    line = stored_turns(client, sid)[-1]
    assert line.intent == "silence" and line.fallback_reason == "http_500" and line.text == res.json()["debtor"]


def test_an_out_of_character_reply_is_regenerated_then_replaced(client, trainee, fake):
    sid = start_call(client, trainee)
    fake.queue("作为一个AI语言模型,我无法扮演这个角色。", "我是AI,不能继续。")
    res = silence(client, trainee, sid)
    assert res.json()["fallback"] is True and "AI" not in res.json()["debtor"]
    assert stored_turns(client, sid)[-1].fallback_reason.startswith("out_of_character")


def test_the_third_silence_hangs_up_in_the_models_words(client, trainee, fake):
    sid = start_call(client, trainee)
    fake.queue("喂?", "喂?说话啊?", "不说话是吧?那我挂了。")
    silence(client, trainee, sid)
    silence(client, trainee, sid)
    last = silence(client, trainee, sid).json()
    assert last["ended"] is True and last["debtor"] == "不说话是吧?那我挂了。"
    assert "说完这句你就挂电话" in fake.chat_requests()[-1]["messages"][0]["content"]
