"""Many trainees at once against a model server that fails some requests (HTTP errors, rate limits,
timeouts, streams cut half-way, malformed chunks): every turn is answered — by the model or, marked,
by the offline engine —, no turn is lost and no request is a 5xx. A real uvicorn process."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from simulator.catalog.loader import Catalog
from simulator.practice.demo_scripts import script_for
from tests.fakes.openai_server import FakeOpenAI, Reply
from tests.faults.live_server import LiveServer

SESSIONS = 12
TURNS = 5
SCENARIOS = ("provocative-m1", "victim-m1", "evasive-m1", "promiser-m1")
FAULTS = (
    Reply(text="你谁啊?有事快说!"),
    Reply(status=500),
    Reply(text="我现在手头真的紧,你们别老打了。", chunk_delay=0.01),
    Reply(status=429),
    Reply(text="行行行,你说吧,我听着呢。"),
    Reply(text="这个……", delay=1.5),  # past the 0.5 s read timeout
    Reply(text="钱的事我知道,可我现在真拿不出来。", cut_after=2),
    Reply(text="你们能不能别催了?", malformed_after=1),
    Reply(text="我下个月发了工资再说吧。"),
    Reply(status=503),
)


@pytest.fixture
def fake():
    with FakeOpenAI() as server:
        server.queue(*itertools.islice(itertools.cycle(FAULTS), 400))
        yield server


@pytest.fixture
def server(tmp_path, fake):
    live = LiveServer(tmp_path, SIM_LLM_BASE_URL=fake.url, SIM_LLM_API_KEY="sk-test-not-real",
                      SIM_LLM_MODEL="fake-model", SIM_LLM_READ_TIMEOUT="0.5", SIM_LLM_CONNECT_TIMEOUT="1",
                      SIM_LLM_RETRY_BACKOFF="0.05")
    live.add_user("trainee")  # one account, many sessions: each session is its own conversation
    yield live.start()
    live.kill()


def test_every_turn_is_answered_and_none_is_lost_when_the_model_fails_under_load(server, fake, catalog: Catalog):
    auth = server.token("trainee")

    def practise(n: int) -> tuple[str, list[int], int]:
        scenario = catalog.scenario(SCENARIOS[n % len(SCENARIOS)])
        lines = script_for(scenario, catalog.personas[scenario.persona].archetype, "good")[:TURNS]
        with httpx.Client(base_url=server.base, headers=auth, timeout=30) as http:
            sid = http.post("/api/sessions", json={"scenario_id": scenario.id}).json()["id"]
            statuses, accepted = [], 0
            for i, line in enumerate(lines):
                route = "turns/stream" if i % 2 else "turns"  # the browser's route and the API's
                res = http.post(f"/api/sessions/{sid}/{route}", json={"text": line})
                statuses.append(res.status_code)
                if res.status_code == 409:  # the debtor hung up: the call is over, not an error
                    break
                accepted += res.status_code == 200
                if route == "turns/stream":
                    assert "event: done" in res.text
            return sid, statuses, accepted

    with ThreadPoolExecutor(SESSIONS) as pool:
        results = list(pool.map(practise, range(SESSIONS)))

    assert all(code < 500 for _, statuses, _ in results for code in statuses), results
    fallbacks = 0
    for sid, _statuses, accepted in results:
        turns = server.turns_on_disk(sid)
        speakers = [speaker for _, speaker, _, _, _ in turns]
        assert speakers.count("collector") == accepted, f"{sid}: a trainee turn was lost"
        assert speakers[1:] == ["collector", "debtor"] * accepted, f"{sid}: a turn has no reply: {speakers}"
        for _, speaker, text, fallback, reason in turns[1:]:
            assert text, f"{sid}: an empty line"
            if speaker != "collector" and fallback:
                fallbacks += 1
                assert reason, f"{sid}: a fallback without its reason"
    assert fallbacks >= 5  # the faults did happen, and were answered offline and marked
    assert len(fake.chat_requests()) >= SESSIONS * 2
