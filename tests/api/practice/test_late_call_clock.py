"""A scenario set at a time of day shows the call's simulated clock (issue 17): the trainee sees it
advance next to the transcript, and the grade reads the same clock."""

from __future__ import annotations

import re


def test_the_turn_reply_and_the_page_carry_the_clock(client, trainee, browser_login):
    sid = client.post("/api/sessions", json={"scenario_id": "late-call-victim"}, headers=trainee).json()["id"]
    first = client.post(f"/api/sessions/{sid}/turns", json={"text": "您好,请问是蒋丽华女士本人吗?我是安信消费金融的小陈。"},
                        headers=trainee).json()
    second = client.post(f"/api/sessions/{sid}/turns", json={"text": "蒋女士您好,您这期1063元逾期11天了,是遇到什么难处了吗?"},
                         headers=trainee).json()
    assert re.fullmatch(r"21:5\d", first["clock"]) and "21:55" <= first["clock"] < second["clock"]
    browser_login("alice")
    page = client.get(f"/practice/{sid}").text
    assert 'id="sim-clock"' in page and f"<time>{second['clock']}</time>" in page


def test_a_scenario_without_a_time_of_day_has_no_clock(client, trainee, browser_login):
    sid = client.post("/api/sessions", json={"scenario_id": "victim-m1"}, headers=trainee).json()["id"]
    reply = client.post(f"/api/sessions/{sid}/turns", json={"text": "您好,请问是刘秀兰女士吗?"}, headers=trainee).json()
    assert reply["clock"] is None
    browser_login("alice")
    assert 'id="sim-clock"' not in client.get(f"/practice/{sid}").text


def test_the_stream_ends_with_the_clock(client, trainee):
    sid = client.post("/api/sessions", json={"scenario_id": "late-call-victim"}, headers=trainee).json()["id"]
    res = client.post(f"/api/sessions/{sid}/turns/stream", json={"text": "您好,请问是蒋丽华女士本人吗?"}, headers=trainee)
    done = res.text.split("event: done")[1]
    assert re.search(r'"clock": "21:5\d"', done)
