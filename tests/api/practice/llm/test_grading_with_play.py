"""Grading with a judge model never interferes with play (issue 16).

The judge is asked on the app's own event loop after the session's end is committed: the next
LLM-played turn still reaches the model, another writer is never locked out while the judge thinks,
and this holds on SQLite and on PostgreSQL (``make test-postgres`` runs this file against it).
"""

from __future__ import annotations

import json

from sqlmodel import Session, select

from simulator.accounts.service import create_user
from simulator.db.models import PracticeSession
from simulator.llm.base import Completion
from tests.api.practice.llm_helpers import add_user, llm_client, llm_settings, run_database_url, stored_turns
from tests.fakes.openai_server import Reply

HELLO = "您好,我是恒达小贷贷后服务部的小陈,工号0917。请问是王建军先生吗?"
DIMS = ("courtesy", "legality", "pressure_calibration", "emotional_control")


def judge_json(score: int = 70) -> str:
    return json.dumps({"dimensions": {d: {"score": score, "evidence": [], "suggestion": ""} for d in DIMS},
                       "violations": []}, ensure_ascii=False)


def start(client, headers, scenario="provocative-m1") -> str:
    res = client.post("/api/sessions", json={"scenario_id": scenario}, headers=headers)
    assert res.status_code == 201, res.text
    return res.json()["id"]


def file_backed_client(tmp_path, fake):
    """An app on a database file (or the run's PostgreSQL): a second connection sees only what is committed."""
    return llm_client(llm_settings(tmp_path, fake, database_url=run_database_url(f"sqlite:///{tmp_path / 'sim.db'}")))


def test_after_a_judged_end_the_next_llm_turn_still_reaches_the_model(tmp_path, fake):
    with file_backed_client(tmp_path, fake) as client:
        alice = add_user(client, "alice")
        first = start(client, alice)
        fake.queue("你谁啊?有事快说!")
        assert client.post(f"/api/sessions/{first}/turns", json={"text": HELLO}, headers=alice).json()["fallback"] is False
        fake.queue(Reply(text=judge_json(70)))
        ended = client.post(f"/api/sessions/{first}/end", headers=alice)
        assert ended.status_code == 200, ended.text
        assert ended.json()["mode"] == "rules_judge" and ended.json()["judge"]["error"] is None
        second = start(client, alice)
        fake.queue("又是你们,烦不烦啊!")
        res = client.post(f"/api/sessions/{second}/turns", json={"text": HELLO}, headers=alice)
        assert res.status_code == 200, res.text
        assert res.json()["fallback"] is False and res.json()["debtor"] == "又是你们,烦不烦啊!"
        assert stored_turns(client, second)[-1].fallback_reason is None
        judged = [r for r in fake.chat_requests() if not r.get("stream")]
        assert len(judged) == 1 and judged[0]["temperature"] == 0


class WatchingJudge:
    """A judge that, while it is being asked, looks at the database from another connection."""

    name = "watching"
    model = "watching-1"

    def __init__(self, engine, session_id: str) -> None:
        self.engine, self.session_id = engine, session_id
        self.seen_status: str | None = None

    async def complete(self, messages, *, temperature=0.7, max_tokens=None, json_mode=False) -> Completion:
        with Session(self.engine) as other:
            row = other.exec(select(PracticeSession).where(PracticeSession.id == self.session_id)).one()
            self.seen_status = row.status  # visible to another connection only once committed
            create_user(other, username="writer-during-judge", role="trainee", password="correct-horse-9")
            other.commit()  # on SQLite this raises "database is locked" if the end is still uncommitted
        return Completion(text=judge_json(80), model=self.model)

    async def stream(self, messages, **_):  # pragma: no cover - the judge is never streamed
        raise AssertionError("the judge does not stream")
        yield ""


def test_the_end_is_committed_before_the_judge_is_asked(tmp_path, fake):
    with file_backed_client(tmp_path, fake) as client:
        alice = add_user(client, "alice")
        sid = start(client, alice)
        fake.queue("你谁啊?")
        client.post(f"/api/sessions/{sid}/turns", json={"text": HELLO}, headers=alice)
        watcher = WatchingJudge(client.app.state.engine, sid)
        client.app.state.provider = watcher
        res = client.post(f"/api/sessions/{sid}/end", headers=alice)
        assert res.status_code == 200, res.text
        assert watcher.seen_status == "ended"
        assert res.json()["mode"] == "rules_judge" and res.json()["judge"]["model"] == "watching-1"
        again = client.post(f"/api/sessions/{sid}/end", headers=alice)  # idempotent: no second grade, no call
        assert again.json()["grade_id"] == res.json()["grade_id"]
