"""The server is SIGKILLed while the model is still answering a turn, then started again: the trainee's
message is in the transcript, the missing reply is completed on the next read, and the call goes on."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from tests.fakes.openai_server import FakeOpenAI, Reply
from tests.faults.live_server import LiveServer

HELLO = "您好,我是安信消费金融的小陈,工号0917,请问是王建军先生本人吗?"
NEXT = "王先生,您先别着急,有什么不满您慢慢说,我在听。"


@pytest.fixture
def fake():
    with FakeOpenAI(Reply(text="你谁啊?有事快说!")) as server:
        yield server


@pytest.fixture
def server(tmp_path, fake):
    live = LiveServer(tmp_path, SIM_LLM_BASE_URL=fake.url, SIM_LLM_API_KEY="sk-test-not-real",
                      SIM_LLM_MODEL="fake-model", SIM_LLM_READ_TIMEOUT="60")
    live.add_user("erin")
    yield live.start()
    live.kill()


def test_a_turn_pending_when_the_server_dies_is_kept_and_completed_after_restart(server, fake):
    auth = server.token("erin")
    sid = httpx.post(server.base + "/api/sessions", json={"scenario_id": "provocative-m1"}, headers=auth).json()["id"]
    fake.queue(Reply(text="我不认识你!", first_token_delay=60))  # the model is still thinking when we kill

    def send() -> None:
        try:
            httpx.post(f"{server.base}/api/sessions/{sid}/turns", json={"text": HELLO}, headers=auth, timeout=90)
        except httpx.HTTPError:
            pass  # the connection dies with the server

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    deadline = time.time() + 15
    while not fake.chat_requests() and time.time() < deadline:
        time.sleep(0.05)
    assert fake.chat_requests(), "the model was never asked"
    server.kill()
    sender.join(timeout=10)

    on_disk = server.turns_on_disk(sid)
    assert on_disk[-1][1:3] == ("collector", HELLO)  # committed before the model was asked
    assert len(on_disk) == 2  # the opening line and the trainee's turn; no reply yet

    server.start()
    auth = server.token("erin")
    transcript = httpx.get(f"{server.base}/api/sessions/{sid}", headers=auth).json()["transcript"]
    assert [t["speaker"] for t in transcript] == ["debtor", "collector", "debtor"]
    assert transcript[1]["text"] == HELLO
    assert transcript[2]["fallback"] is True and transcript[2]["text"]
    assert server.turns_on_disk(sid)[2][4] == "interrupted"

    res = httpx.post(f"{server.base}/api/sessions/{sid}/turns", json={"text": NEXT}, headers=auth, timeout=30)
    assert res.status_code == 200, res.text
    assert res.json()["debtor"] == "你谁啊?有事快说!" and res.json()["fallback"] is False
    assert [row[1] for row in server.turns_on_disk(sid)] == ["debtor", "collector", "debtor", "collector", "debtor"]
