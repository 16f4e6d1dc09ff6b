"""The rubric and rule-pack editors (issue 5, item 3): trainers load, save and publish; a house rule
tested live on the draft fires without publishing and, once published, flags a re-graded call."""

from __future__ import annotations

import re

import pytest

HOUSE = {"custom_rules.id": "HOUSE-ULTIMATUM", "custom_rules.category": "misleading", "custom_rules.match": "phrase",
         "custom_rules.patterns": "最后通牒", "custom_rules.unless": "", "custom_rules.banned_outright": "no",
         "custom_rules.description": "公司禁止对客户说“最后通牒”。",
         "custom_rules.suggestion": "请您在月底前处理,有困难可以跟我说。",
         "custom_rules.should_fire": "这是最后通牒。", "custom_rules.should_not_fire": "这不是最后通牒。"}


def page_form(html: str, form_id: str) -> list[tuple[str, str]]:
    """The fields a browser would post for form ``form_id`` of ``html`` (inputs, textareas, selects)."""
    import html as h

    block = re.search(rf'<form[^>]*id="{form_id}".*?</form>', html, re.S).group(0)
    items: list[tuple[str, str]] = []
    tags = r"<(input)\b([^>]*)>()|<(?:(textarea)\b([^>]*)>(.*?)</textarea>)|<(?:(select)\b([^>]*)>(.*?)</select>)"
    for m in re.finditer(tags, block, re.S):
        tag = [g for g in (m.group(1, 2, 3), m.group(4, 5, 6), m.group(7, 8, 9)) if g[0]][0]
        kind, attrs, rest = tag
        name = re.search(r'name="([^"]+)"', attrs)
        if not name:
            continue
        if kind == "input":
            if 'type="checkbox"' in attrs and "checked" not in attrs:
                continue
            value = re.search(r'value="([^"]*)"', attrs)
            items.append((name.group(1), h.unescape(value.group(1)) if value else ("on" if "checkbox" in attrs else "")))
        elif kind == "textarea":
            items.append((name.group(1), h.unescape(rest.removeprefix("\n"))))
        else:
            chosen = re.search(r'<option value="([^"]*)"[^>]*selected', rest) or re.search(r'<option value="([^"]*)"', rest)
            items.append((name.group(1), h.unescape(chosen.group(1)) if chosen else ""))
    return items


def replace(items: list[tuple[str, str]], **changes: str) -> list[tuple[str, str]]:
    return [(k, changes.get(k.replace(".", "__"), v)) for k, v in items]


def post(client, url: str, items: list[tuple[str, str]], **kwargs):
    """Post repeated fields in page order (the client takes a dict of lists for that)."""
    data: dict[str, list[str]] = {}
    for key, value in items:
        data.setdefault(key, []).append(value)
    return client.post(url, data=data, **kwargs)


@pytest.fixture
def tina(client, browser_login, trainer) -> str:
    return browser_login("tina")


def test_trainer_sees_the_rubrics_and_rule_packs(client, tina):
    page = client.get("/trainer/rubrics")
    assert page.status_code == 200
    assert 'href="/trainer/rubrics/default/edit"' in page.text and 'href="/trainer/rules/cn/edit"' in page.text


def test_the_rubric_form_shows_weights_adding_up_to_100(client, tina):
    page = client.get("/trainer/rubrics/default/edit")
    assert page.status_code == 200
    assert re.search(r'id="weights-sum">100<', page.text)
    assert "/static/js/rubric_editor.js" in page.text and "<script>" not in page.text and "onclick" not in page.text


def test_weights_that_miss_100_are_refused_naming_the_sum_and_nothing_is_saved(client, tina):
    form = page_form(client.get("/trainer/rubrics/default/edit").text, "rubric-form")
    res = post(client, "/trainer/rubrics/default/edit", replace(form, dimensions__0__weight="40") + [("action", "save")])
    assert res.status_code == 422
    assert "weights must sum to 100 (got 105)" in res.text and 'id="weights-sum">105<' in res.text
    assert 'id="draft-badge"' not in client.get("/trainer/rubrics/default/edit").text


def test_save_then_publish_a_rubric_change(client, tina, catalog, make_user):
    form = page_form(client.get("/trainer/rubrics/default/edit").text, "rubric-form")
    res = post(client, "/trainer/rubrics/default/edit", replace(form, pass_rules__min_overall="75") + [("action", "save")],
               follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"].endswith("?saved=1")
    page = client.get(res.headers["location"])
    assert 'id="draft-badge"' in page.text and 'name="pass_rules.min_overall" value="75"' in page.text
    res = post(client, "/trainer/rubrics/default/edit",
               page_form(page.text, "rubric-form") + [("action", "publish"), ("note", "及格线 75")], follow_redirects=False)
    # the pass mark decides who passes: HR or an admin approves it before it goes live (issue 18)
    assert res.status_code == 303 and res.headers["location"].endswith("?pending=1")
    assert 'id="flash-pending"' in client.get(res.headers["location"]).text
    assert client.app.state.live_catalog.get().rubric("default").pass_rules.min_overall == 70
    hr = make_user("hana", "hr")
    approved = client.post("/api/hr/approvals/rubric/default/approve", headers=hr)
    assert approved.status_code == 201, approved.text
    res = client.get("/trainer/rubrics/default/edit")
    published = client.app.state.live_catalog.get().rubric("default")
    assert published.pass_rules.min_overall == 75 and published.version > catalog.rubric("default").version
    assert 'href="/trainer/rubrics/default/versions"' in res.text
    versions = client.get("/trainer/rubrics/default/versions")
    assert versions.status_code == 200 and "及格线 75" in versions.text


def test_the_yaml_tab_saves_too_and_reports_the_line_of_a_problem(client, tina):
    page = client.get("/trainer/rules/cn/edit").text
    body = re.search(r'<textarea name="body" id="yaml-body"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    import html as h

    broken = h.unescape(body) + "custom_rules:\n- id: HOUSE-X\n  category: nope\n"
    res = client.post("/trainer/rules/cn/edit", data={"csrf_token": tina, "mode": "yaml", "body": broken,
                                                     "action": "save"})
    assert res.status_code == 422 and 'data-field="custom_rules.0.category"' in res.text
    assert 'class="bad-line"' in res.text


def test_a_draft_house_rule_fires_in_the_live_tester_without_publishing(client, tina):
    form = page_form(client.get("/trainer/rules/cn/edit").text, "pack-form")
    draft = replace(form, **{k.replace(".", "__"): v for k, v in HOUSE.items()})
    res = post(client, "/api/trainer/rule-packs/cn/test", draft + [("text", "王先生,这是最后通牒。")],
               headers={"X-CSRF-Token": tina})
    assert res.status_code == 200, res.text
    [hit] = res.json()["violations"]
    assert (hit["rule"], hit["source"], hit["pattern"]) == ("HOUSE-ULTIMATUM", "house", "最后通牒")
    assert client.post("/api/trainer/rule-test", json={"text": "这是最后通牒"},
                       headers={"X-CSRF-Token": tina}).json()["violations"] == []
    assert 'id="draft-badge"' not in client.get("/trainer/rules/cn/edit").text  # nothing was saved
    assert post(client, "/api/trainer/rule-packs/cn/test", draft + [("text", "这是最后通牒")]).status_code == 403


def test_a_house_rule_that_misses_its_example_cannot_be_published(client, tina):
    form = page_form(client.get("/trainer/rules/cn/edit").text, "pack-form")
    wrong = {**HOUSE, "custom_rules.should_fire": "这是最后通牒。\n这是最后一次机会。"}
    res = post(client, "/trainer/rules/cn/edit",
               replace(form, **{k.replace(".", "__"): v for k, v in wrong.items()}) + [("action", "publish")])
    assert res.status_code == 422 and "custom_rules.0.should_fire.1" in res.text
    assert "the rule does not fire on its own example" in res.text


def test_a_published_house_rule_flags_a_regraded_call(client, tina, trainee, admin):
    sid = client.post("/api/sessions", json={"scenario_id": "promiser-m3"}, headers=trainee).json()["id"]
    client.post(f"/api/sessions/{sid}/turns", json={"text": "您好,我是安信消费金融的小陈,请问是本人吗?"}, headers=trainee)
    client.post(f"/api/sessions/{sid}/turns", json={"text": "这是最后通牒,月底前必须还清。"}, headers=trainee)
    before = client.post(f"/api/sessions/{sid}/end", headers=trainee).json()
    assert not any(v["rule"] == "HOUSE-ULTIMATUM" for v in before["violations"])
    form = page_form(client.get("/trainer/rules/cn/edit").text, "pack-form")
    res = post(client, "/trainer/rules/cn/edit",
               replace(form, **{k.replace(".", "__"): v for k, v in HOUSE.items()}) + [("action", "publish")],
               follow_redirects=False)
    assert res.status_code == 303, res.text
    after = client.post(f"/api/sessions/{sid}/grade", headers=admin).json()
    [hit] = [v for v in after["violations"] if v["rule"] == "HOUSE-ULTIMATUM"]
    assert hit["quote"] == "最后通牒" and hit["category"] == "misleading" and hit["turn"] >= 1
    assert after["rule_pack"] != before["rule_pack"]


def test_trainees_get_403_and_forms_need_csrf(client, browser_login, trainee, trainer):
    browser_login("alice")
    for url in ("/trainer/rubrics", "/trainer/rubrics/default/edit", "/trainer/rules/cn/edit"):
        assert client.get(url).status_code == 403
    assert client.post("/trainer/rules/cn/edit", data={"action": "save", "mode": "yaml", "body": "x"}).status_code == 403
    csrf = browser_login("tina")
    assert client.post("/trainer/rules/cn/edit", data={"action": "save", "mode": "yaml", "body": "x"}).status_code == 403
    assert client.post("/trainer/rules/cn/edit", data={"action": "save", "mode": "yaml", "body": "x",
                                                      "csrf_token": csrf}).status_code == 422
    assert client.get("/trainer/rules/nope/edit").status_code == 404


def test_a_pack_with_the_most_house_rules_a_pack_may_have_fits_in_one_form(client, tina):
    form = page_form(client.get("/trainer/rules/cn/edit").text, "pack-form")
    rows = []
    for n in range(100):  # RulePack.custom_rules allows 100: over a thousand form fields
        row = HOUSE | {"custom_rules.id": f"HOUSE-R{n}", "custom_rules.patterns": f"禁用说法{n}号",
                       "custom_rules.should_fire": "", "custom_rules.should_not_fire": ""}
        rows += list(row.items())
    res = post(client, "/api/trainer/rule-packs/cn/test", form + rows + [("text", "您这是禁用说法99号吧")],
               headers={"X-CSRF-Token": tina})
    assert res.status_code == 200, res.text
    assert [v["rule"] for v in res.json()["violations"]] == ["HOUSE-R99"] and res.json()["house_rules"] == 100
