"""A scenario drafted from a real call (issue 21, item 7): the archetype guessed from the debtor's lines with
its reasons, case facts extracted, the debtor's lines proposed as bank lines, and personal data replaced
before anything is stored."""

from __future__ import annotations

import io
import re

from sqlmodel import Session, select

from simulator.db.models import CatalogDraft

CALL = """催收员: 您好,我是安信消费金融的小陈,请问是赵志强先生本人吗?
客户: 是我,赵志强。你们烦不烦啊?一天打八遍!
催收员: 赵先生,您这期7376元已经逾期8天了。您的手机13812345678还能联系吗?身份证号110101199003071234对吗?
客户: 我住在浙江省杭州市西湖区文三路88号3幢,有本事你们来啊!凭什么收罚息?
催收员: 您看什么时候能还?
客户: 下周,下周我一定还,赵志强说话算话。
"""
PERSONAL = ("赵志强", "13812345678", "110101199003071234", "文三路", "杭州市")


def _drafts(client) -> dict[str, str]:
    with Session(client.app.state.engine) as db:
        return {d.object_id: d.body for d in db.exec(select(CatalogDraft)).all()}


def test_a_call_becomes_two_drafts_with_the_archetype_guessed_and_no_personal_data(client, trainer):
    res = client.post("/api/authoring/from-call/text", json={"text": CALL, "stage": "M1"}, headers=trainer)
    assert res.status_code == 201, res.text
    out = res.json()
    assert out["archetype"] == "provocative" and out["reasons"]
    assert all(r["archetype"] == "provocative" for r in out["reasons"])
    assert out["facts"]["amount"] == 7376 and out["facts"]["days_overdue"] == 8
    assert out["facts"]["promises"] and "一定还" in out["facts"]["promises"][0]
    assert out["replaced"]["name"] >= 3 and out["replaced"]["phone"] == 1 and out["replaced"]["id_number"] == 1
    assert out["replaced"]["address"] == 1
    drafts = _drafts(client)
    persona, scenario = drafts[out["persona"]], drafts[out["scenario"]]
    for body in (persona, scenario):
        assert not any(p in body for p in PERSONAL), [p for p in PERSONAL if p in body]
    assert "你们烦不烦啊?一天打八遍" in persona and "{name}说话算话" in persona  # the debtor's own lines
    assert "overdue_amount: 7376" in scenario and "days_overdue: 8" in scenario


def test_the_persona_draft_is_a_valid_card_a_trainer_can_publish(client, trainer):
    out = client.post("/api/authoring/from-call/text", json={"text": CALL}, headers=trainer).json()
    res = client.post(f"/api/authoring/persona/{out['persona']}/publish", json={"note": "真实通话"}, headers=trainer)
    assert res.status_code == 201, res.text


def test_a_json_transcript_works_too(client, trainer):
    turns = [{"speaker": "collector", "text": "请问是孙丽娟女士吗?"},
             {"speaker": "debtor", "text": "我老公生病住院了,我真的没办法,家里就靠我一个人……"},
             {"speaker": "collector", "text": "您这笔1280元逾期40天了。"},
             {"speaker": "debtor", "text": "孩子还要上学,我也不容易啊。"}]
    res = client.post("/api/authoring/from-call", json={"id": "call-1", "stage": "M2", "turns": turns},
                      headers=trainer)
    assert res.status_code == 201, res.text
    out = res.json()
    assert out["archetype"] == "victim" and out["replaced"]["name"] >= 1
    scenario = _drafts(client)[out["scenario"]]
    assert "孙丽娟" not in scenario
    assert "刘秀兰" not in scenario and "客户甲" in scenario  # the built-in case's debtor is renamed too


def test_bad_input_is_refused_naming_the_field(client, trainer, trainee):
    no_debtor = client.post("/api/authoring/from-call/text", json={"text": "催收员: 您好"}, headers=trainer)
    assert no_debtor.status_code == 422 and "text" in no_debtor.json()["detail"]
    malformed = client.post("/api/authoring/from-call/text", json={"text": "随便写的一段话"}, headers=trainer)
    assert malformed.status_code == 422 and "line 1" in malformed.json()["detail"]
    assert client.post("/api/authoring/from-call/text", json={"text": ""}, headers=trainer).status_code == 422
    assert client.post("/api/authoring/from-call/text", json={"text": CALL}, headers=trainee).status_code == 403
    assert _drafts(client) == {}  # nothing stored for any of these


def test_the_page_takes_an_uploaded_file(client, trainer, browser_login):
    token = browser_login("tina")
    page = client.get("/trainer/from-call")
    assert page.status_code == 200 and 'id="from-call-form"' in page.text
    assert client.post("/trainer/from-call", data={"text": CALL}).status_code == 403
    res = client.post("/trainer/from-call", data={"csrf_token": token, "stage": "M1"},
                      files={"file": ("call.txt", io.BytesIO(CALL.encode()), "text/plain")})
    assert res.status_code == 201
    assert 'data-archetype="provocative"' in res.text and "已隐去的个人信息" in res.text
    persona = re.search(r'href="/trainer/personas/([^/]+)/edit" id="draft-persona"', res.text).group(1)
    editor = client.get(f"/trainer/personas/{persona}/edit").text
    assert "赵志强" not in editor and "13812345678" not in editor
    assert 'id="from-call-link"' in client.get("/trainer/personas").text


def test_an_unpublished_draft_does_not_break_export_all(client, trainer, browser_login):
    client.post("/api/authoring/from-call/text", json={"text": CALL}, headers=trainer)
    browser_login("tina")
    for segment in ("personas", "scenarios"):
        res = client.get(f"/trainer/{segment}/export")
        assert res.status_code == 200 and res.headers["content-type"] == "application/zip"
