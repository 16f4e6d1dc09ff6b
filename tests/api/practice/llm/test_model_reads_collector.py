"""Opt-in: the model also reads each collector turn (SIM_LLM_READS_COLLECTOR, issue 16).

The trainee's words are committed before the model reads them; what the model adds (a veiled
threat the rules miss) reaches the debtor and the grade as a finding for trainer review; a failed
reading leaves the offline analyzer alone and the turn is still answered.
"""

from __future__ import annotations

import json

from tests.api.practice.llm_helpers import add_user, llm_client, llm_settings, stored_turns
from tests.api.practice.test_pages import login
from tests.fakes.openai_server import Reply

HELLO = "您好,我是恒达小贷贷后服务部的小陈,工号0917。请问是王建军先生吗?"
VEILED = "您那辆白色的车天天停在小区门口,挺显眼的,晚上可得看好了。"
DIMS = ("courtesy", "legality", "pressure_calibration", "emotional_control")


def reading(**kw) -> str:
    return json.dumps({"moves": [], "violations": [], "pressure": 1, "questions": [], "empathy": "none", **kw})


def test_the_models_reading_reaches_the_debtor_the_transcript_and_the_grade(tmp_path, fake):
    with llm_client(llm_settings(tmp_path, fake, llm_reads_collector=True)) as client:
        alice = add_user(client, "alice")
        sid = client.post("/api/sessions", json={"scenario_id": "provocative-m1"}, headers=alice).json()["id"]
        fake.queue(Reply(text=reading(moves=["greeting", "self_identification", "identity_verification"])), "是我,咋了?")
        assert client.post(f"/api/sessions/{sid}/turns", json={"text": HELLO}, headers=alice).status_code == 200
        calm = stored_turns(client, sid)[-1].state["anger"]
        fake.queue(Reply(text=reading(violations=["threat"], pressure=3)), "你这是在威胁我?我现在就报警!")
        res = client.post(f"/api/sessions/{sid}/turns", json={"text": VEILED}, headers=alice)
        assert res.status_code == 200 and res.json()["debtor"] == "你这是在威胁我?我现在就报警!"
        requests = fake.chat_requests()
        assert requests[-2]["temperature"] == 0 and "stream" not in requests[-2]  # the reading, then the voice
        assert requests[-2]["messages"][1]["content"].endswith(f"<collector>{VEILED}</collector>")
        collector = [t for t in stored_turns(client, sid) if t.speaker == "collector"][-1]
        assert "threat" in [v["category"] for v in collector.analysis["violations"]]
        assert collector.analysis["model"]["disagreements"][0] == {
            "kind": "violation_added", "name": "threat", "rules": False, "model": True}
        debtor = stored_turns(client, sid)[-1]
        # the debtor heard the threat the rules missed: angrier, and the call ends on it
        assert debtor.state["anger"] > calm and res.json()["outcome"] == "hung_up"
        fake.queue(Reply(text=json.dumps({"dimensions": {d: {"score": 70} for d in DIMS}, "violations": []})))
        grade = client.post(f"/api/sessions/{sid}/end", headers=alice).json()
        flagged = [v for v in grade["violations"] if v["source"] == "model"]
        assert flagged and flagged[0]["category"] == "threat" and flagged[0]["needs_review"] is True
        assert flagged[0]["severity"] == "major"  # a model's finding never fails a call on its own
        assert grade["dimensions"]["legality"]["score"] < 100  # it is scored as a major finding
        add_user(client, "root", "admin")
        login(client, "root")
        page = client.get(f"/trainer/review/{sid}")  # where a trainer reviews the call
        assert page.status_code == 200 and "模型读法与规则不同" in page.text and "+ 威胁恐吓" in page.text


def test_a_reading_that_fails_leaves_the_offline_analysis_and_the_turn_is_answered(tmp_path, fake):
    with llm_client(llm_settings(tmp_path, fake, llm_reads_collector=True)) as client:
        alice = add_user(client, "alice")
        sid = client.post("/api/sessions", json={"scenario_id": "provocative-m1"}, headers=alice).json()["id"]
        fake.queue(Reply(text="这不是JSON"), "你谁啊?")
        res = client.post(f"/api/sessions/{sid}/turns", json={"text": HELLO}, headers=alice)
        assert res.status_code == 200 and res.json()["debtor"] == "你谁啊?" and res.json()["fallback"] is False
        collector = [t for t in stored_turns(client, sid) if t.speaker == "collector"][-1]
        assert "model" not in collector.analysis and collector.text == HELLO
        add_user(client, "root", "admin")
        login(client, "root")
        page = client.get(f"/trainer/review/{sid}")  # a turn the model did not read renders as before
        assert page.status_code == 200 and "模型读法与规则不同" not in page.text


def test_reading_is_off_by_default(tmp_path, fake):
    with llm_client(llm_settings(tmp_path, fake)) as client:
        alice = add_user(client, "alice")
        sid = client.post("/api/sessions", json={"scenario_id": "provocative-m1"}, headers=alice).json()["id"]
        fake.queue("你谁啊?")
        client.post(f"/api/sessions/{sid}/turns", json={"text": HELLO}, headers=alice)
        assert all(r.get("stream") for r in fake.chat_requests())
