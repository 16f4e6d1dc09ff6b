"""The authoring pages (issue 5) as a browser posts them: the forms rendered by the templates are read
back from the HTML and posted, so a field the template misnames fails here. Invalid input comes back
on the same page naming the field (and the YAML line) with nothing saved; trainees get 403 everywhere;
the preview answers JSON and never creates a practice session.
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser

import pytest
from sqlmodel import Session, select

from simulator.db.models import CatalogDraft, Cohort, CohortMember, PracticeSession, User

PAGES = [
    "/trainer/personas", "/trainer/scenarios", "/trainer/personas/provocative/edit",
    "/trainer/scenarios/new", "/trainer/scenarios/provocative-m1/edit", "/trainer/personas/provocative/versions",
    "/trainer/personas/provocative/versions/1", "/trainer/scenarios/provocative-m1/versions",
    "/trainer/personas/export", "/trainer/personas/provocative/export",
]
POSTS = [
    "/trainer/personas/clone", "/trainer/scenarios/clone", "/trainer/personas/provocative/edit",
    "/trainer/personas/provocative/preview", "/trainer/personas/provocative/discard",
    "/trainer/personas/provocative/rollback", "/trainer/personas/import", "/trainer/scenarios/new",
    "/trainer/scenarios/provocative-m1/edit", "/trainer/scenarios/provocative-m1/cohorts",
]


class FormReader(HTMLParser):
    """The fields a browser would submit for the form with ``form_id`` (inputs, textareas, selects, checkboxes)."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.items = form_id, False, []
        self._text: tuple[str, list[str]] | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "name" not in a and tag != "option":
            return
        if tag == "input" and a.get("type") not in ("submit", "file"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.items.append((a["name"], a.get("value") or "on"))
            else:
                self.items.append((a["name"], a.get("value") or ""))
        elif tag == "textarea":
            self._text = (a["name"], [])
        elif tag == "select":
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select:
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self._text:
            self._text[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._text:
            name, parts = self._text
            self.items.append((name, "".join(parts).removeprefix("\n")))
            self._text = None
        elif tag == "select" and self._select:
            chosen = [v for v, sel in self._options if sel] or [v for v, _ in self._options[:1]]
            self.items.append((self._select, chosen[0] if chosen else ""))
            self._select = None


def form_of(html: str, form_id: str) -> list[tuple[str, str]]:
    reader = FormReader(form_id)
    reader.feed(html)
    assert reader.items, f"no form #{form_id} on the page"
    return reader.items


def as_data(items: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Form fields for the test client: repeated names keep their page order."""
    data: dict[str, list[str]] = {}
    for k, v in items:
        data.setdefault(k, []).append(v)
    return data


def replace(items: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    return [(k, value if k == name else v) for k, v in items]


@pytest.fixture
def author(client, trainer, browser_login):
    return browser_login("tina")


def _clone(client, csrf: str, source: str = "provocative", new_id: str = "property-fee", segment: str = "personas"):
    return client.post(f"/trainer/{segment}/clone", data={"source": source, "new_id": new_id, "csrf_token": csrf},
                       follow_redirects=False)


def _draft(client, kind: str, object_id: str) -> CatalogDraft | None:
    with Session(client.app.state.engine) as db:
        return db.exec(select(CatalogDraft).where(CatalogDraft.kind == kind, CatalogDraft.object_id == object_id)).first()


def test_a_trainee_gets_403_on_every_authoring_page_and_form(client, trainee, browser_login):
    csrf = browser_login("alice")
    for path in PAGES:
        assert client.get(path).status_code == 403, path
    for path in POSTS:
        assert client.post(path, data={"csrf_token": csrf}).status_code == 403, path


def test_forms_without_the_csrf_token_are_refused(client, author):
    assert _clone(client, "wrong-token").status_code == 403
    assert client.post("/trainer/personas/provocative/preview", data={"mode": "form"}).status_code == 403
    assert _draft(client, "persona", "property-fee") is None


def test_clone_edit_in_the_form_and_publish_a_new_product_line(client, author):
    res = _clone(client, author)
    assert res.status_code == 303 and res.headers["location"].startswith("/trainer/personas/property-fee/edit")
    page = client.get("/trainer/personas/property-fee/edit")
    assert page.status_code == 200 and "草稿" in page.text
    items = form_of(page.text, "persona-form")
    items = replace(items, "name.zh", "物业费拖欠户")
    items = replace(items, "summary.zh", "小区业主,对物业服务不满,拖欠了一年的物业费。")
    items = [(k, v) for k, v in items if k != "bank.opening.hostile"] + [("bank.opening.hostile", "物业的?你们先把电梯修好再说!")]
    res = client.post("/trainer/personas/property-fee/edit", data=as_data(items + [("action", "publish"), ("note", "物业费产品线")]),
                      follow_redirects=False)
    assert res.status_code == 303 and "published=1" in res.headers["location"]
    assert _draft(client, "persona", "property-fee") is None
    listing = client.get("/trainer/personas").text
    assert "property-fee" in listing and "物业费拖欠户" in listing and "自建" in listing
    yaml_text = client.get("/trainer/personas/property-fee/export").text
    assert "物业的?你们先把电梯修好再说!" in yaml_text and "name:\n  zh: 物业费拖欠户" in yaml_text
    versions = client.get("/trainer/personas/property-fee/versions").text
    assert "物业费产品线" in versions and "tina" in versions


def test_a_yaml_syntax_error_comes_back_with_its_line_and_nothing_is_saved(client, author):
    page = client.get("/trainer/personas/provocative/edit")
    items = form_of(page.text, "yaml-form")
    body = dict(items)["body"]
    broken = body.replace("archetype: provocative", "archetype: [provocative", 1)
    line = broken.splitlines().index("archetype: [provocative") + 1
    res = client.post("/trainer/personas/provocative/edit", data=as_data(replace(items, "body", broken) + [("action", "save")]))
    assert res.status_code == 422
    assert any(f'<li value="{n}" class="bad-line"' in res.text for n in (line, line + 1))  # the parser's line
    assert "第几行" in res.text and "YAML" in res.text
    assert _draft(client, "persona", "provocative") is None


def test_an_empty_required_intent_is_named_on_the_bank_and_nothing_is_saved(client, author):
    items = form_of(client.get("/trainer/personas/provocative/edit").text, "persona-form")
    items = [(k, v) for k, v in items if not k.startswith("bank.excuse.")]
    res = client.post("/trainer/personas/provocative/edit", data=as_data(items + [("action", "save")]))
    assert res.status_code == 422
    assert 'id="bank-error"' in res.text and "excuse" in res.text
    assert 'class="bank-intent invalid" data-intent="excuse"' in res.text
    assert _draft(client, "persona", "provocative") is None


def test_a_bad_number_is_marked_on_its_reaction_row(client, author):
    items = form_of(client.get("/trainer/personas/provocative/edit").text, "persona-form")
    first = next(i for i, (k, _) in enumerate(items) if k == "reactions.delta.anger")
    items[first] = ("reactions.delta.anger", "很多")
    res = client.post("/trainer/personas/provocative/edit", data=as_data(items + [("action", "save")]))
    assert res.status_code == 422
    assert "reactions.0.delta.anger" in res.text and 'class="row-invalid' in res.text
    assert 'value="很多"' in res.text  # the form comes back as typed


def test_cloning_onto_an_existing_id_is_refused(client, author):
    res = _clone(client, author, new_id="victim")
    assert res.status_code == 422
    assert "duplicate id" in res.text and 'id="authoring-error"' in res.text
    assert _clone(client, author, new_id="").status_code == 422


def test_preview_answers_from_the_unsaved_form_and_creates_no_session(client, author):
    items = form_of(client.get("/trainer/personas/provocative/edit").text, "persona-form")
    items = [(k, v) for k, v in items if not k.startswith("bank.opening.")] + [("bank.opening.any", "喂,物业费的事吧?")]
    lines = ["您好,我是物业服务中心的小陈,请问是王先生本人吗?", "王先生您别急,有什么不满您慢慢说,我在听。"]
    res = client.post("/trainer/personas/provocative/preview",
                      data=as_data(items + [("preview_context", "stage:M3"), ("preview_seed", "4")]
                                   + [("preview_line", ln) for ln in lines]))
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["opening"]["text"] == "喂,物业费的事吧?"
    assert [t["collector"] for t in body["turns"]] == lines
    assert body["context"]["stage"] == "M3" and body["provider"] == "offline"
    assert {"anger", "trust", "willingness"} <= set(body["turns"][-1]["state"])
    assert any(r["on"] == "listen" for r in body["turns"][-1]["fired"])
    names = body["names"]  # the panel names what it shows (issue 20)
    assert names["move"]["listen"] == "倾听" and names["meter"]["anger"] == "情绪"
    assert all(names["intent"][t["intent"]] != t["intent"] for t in body["turns"])
    again = client.post("/trainer/personas/provocative/preview",
                        data=as_data(items + [("preview_context", "stage:M3"), ("preview_seed", "4"), ("preview_line", lines[0])]))
    assert again.json()["turns"][0] == body["turns"][0]  # replayed deterministically
    with Session(client.app.state.engine) as db:
        assert db.exec(select(PracticeSession)).first() is None
    assert _draft(client, "persona", "provocative") is None  # previewing saves nothing


def test_preview_of_an_invalid_draft_names_the_problem(client, author):
    items = form_of(client.get("/trainer/personas/provocative/edit").text, "yaml-form")
    res = client.post("/trainer/personas/provocative/preview",
                      data=as_data(replace(items, "body", "spec: collector-sim/persona\nid: [") + [("preview_context", "stage:M1")]))
    assert res.status_code == 422 and res.json()["problems"][0]["line"]
    res = client.post("/trainer/personas/provocative/preview",
                      data=as_data(items + [("preview_context", "scenario:no-such"), ("preview_seed", "1")]))
    assert res.status_code == 404 and "scenario" in res.json()["detail"]
    res = client.post("/trainer/personas/provocative/preview", data=as_data(items + [("preview_line", "  ")]))
    assert res.status_code == 422 and "text" in res.json()["detail"]


def test_a_scenario_from_a_clone_is_published_and_assigned_to_a_cohort(client, author):
    with Session(client.app.state.engine) as db:
        cohort = Cohort(name="物业组")
        db.add(cohort)
        db.commit()
        cohort_id = cohort.id
        tina = db.exec(select(User).where(User.username == "tina")).one()
        db.add(CohortMember(cohort_id=cohort_id, user_id=tina.id, role="trainer"))  # she coaches it
        db.commit()
    page = client.get("/trainer/scenarios/new?source=provocative-m1")
    items = replace(form_of(page.text, "scenario-form"), "id", "property-fee-m1")
    items = replace(items, "case_file.product", "物业服务费")
    res = client.post("/trainer/scenarios/new", data=as_data(items + [("action", "publish"), ("note", "首版")]),
                      follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"].startswith("/trainer/scenarios/property-fee-m1/edit")
    again = client.post("/trainer/scenarios/new", data=as_data(items + [("action", "save")]))
    assert again.status_code == 422 and "already exists" in again.text
    assert 'value="物业服务费"' in again.text  # the form comes back as typed
    res = client.post("/trainer/scenarios/property-fee-m1/cohorts",
                      data={"csrf_token": author, "cohort": str(cohort_id)}, follow_redirects=False)
    assert res.status_code == 303
    edit = client.get("/trainer/scenarios/property-fee-m1/edit").text
    assert re.search(rf'name="cohort" value="{cohort_id}" checked', edit)
    assert client.post("/trainer/scenarios/property-fee-m1/cohorts",
                       data={"csrf_token": author, "cohort": "x"}).status_code == 422


def test_versions_diff_and_a_confirmed_rollback(client, author):
    items = form_of(client.get("/trainer/personas/victim/edit").text, "persona-form")
    res = client.post("/trainer/personas/victim/edit", data=as_data(replace(items, "voice.max_chars", "66")
                                                                   + [("action", "publish"), ("note", "短一点")]),
                      follow_redirects=False)
    assert res.status_code == 303
    page = client.get("/trainer/personas/victim/versions")
    assert page.status_code == 200
    assert '<span class="diff-added">+  max_chars: 66</span>' in page.text
    assert 'class="diff-removed"' in page.text and "短一点" in page.text
    assert client.post("/trainer/personas/victim/rollback", data={"csrf_token": author, "version": "1"}).status_code == 422
    res = client.post("/trainer/personas/victim/rollback", data={"csrf_token": author, "version": "1", "confirm": "yes"},
                      follow_redirects=False)
    assert res.status_code == 303
    page = client.get("/trainer/personas/victim/versions").text
    assert 'data-version="3"' in page and "回滚" in page


def test_import_lists_problems_by_file_field_and_line(client, author):
    good = client.get("/trainer/personas/provocative/export").content
    bad = good.replace(b"anger: 0.55", b"anger: 5.5", 1)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("personas/provocative.yaml", bad)
    res = client.post("/trainer/personas/import", data={"csrf_token": author},
                      files={"file": ("bundle.zip", buf.getvalue(), "application/zip")})
    assert res.status_code == 422
    assert "personas/provocative.yaml: initial_state.anger" in res.text and "第几行" in res.text
    res = client.post("/trainer/personas/import", data={"csrf_token": author},
                      files={"file": ("p.yaml", good.replace(b"max_chars: 70", b"max_chars: 72"), "application/yaml")})
    assert res.status_code == 200 and 'id="imported"' in res.text
    assert "导入" in client.get("/trainer/personas").text
    res = client.post("/trainer/personas/import", data={"csrf_token": author})
    assert res.status_code == 422 and "file" in res.text


def test_export_all_is_a_zip_of_the_published_yaml(client, author):
    res = client.get("/trainer/scenarios/export")
    assert res.status_code == 200 and res.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(res.content)).namelist()
    assert "personas/scenarios/provocative-m1.yaml" in names


def test_preview_with_a_model_voices_the_last_reply_and_falls_back_offline(client, author):
    from simulator.llm.scripted import ScriptedProvider

    items = form_of(client.get("/trainer/personas/provocative/edit").text, "persona-form")
    data = as_data(items + [("preview_context", "scenario:provocative-m1"), ("preview_seed", "2"),
                            ("preview_line", "您好,我是安信消费金融的小陈,请问是王建军先生吗?")])
    offline = client.post("/trainer/personas/provocative/preview", data=data).json()
    client.app.state.provider = ScriptedProvider(["是我,你们又打来干嘛?"])
    voiced = client.post("/trainer/personas/provocative/preview", data=data).json()
    assert voiced["provider"] == "scripted" and voiced["turns"][0]["text"] == "是我,你们又打来干嘛?"
    assert voiced["turns"][0]["state"] == offline["turns"][0]["state"]  # the engine decides, the model only speaks
    client.app.state.provider = ScriptedProvider([])  # the model fails: the offline line answers, marked
    failed = client.post("/trainer/personas/provocative/preview", data=data).json()
    assert failed["turns"][0]["fallback"] and failed["turns"][0]["text"] == offline["turns"][0]["text"]


def test_a_card_with_many_more_rows_than_the_built_ins_still_saves(client, author):
    items = form_of(client.get("/trainer/personas/stubborn/edit").text, "persona-form")
    extra = [("reactions.on", "empathy"), ("reactions.delta.trust", "0.01")]
    extra += [(f"reactions.{c}", "") for c in ("note", "when.anger_gte", "when.anger_lt", "when.trust_gte",
                                                 "when.trust_lt", "when.willingness_gte", "when.willingness_lt",
                                                 "when.stage_in", "delta.anger", "delta.willingness")]
    res = client.post("/trainer/personas/stubborn/edit", data=as_data(items + extra * 20 + [("action", "save")]),
                      follow_redirects=False)
    assert len(items) + len(extra) * 20 > 1000
    assert res.status_code == 303
    assert _draft(client, "persona", "stubborn").body.count("- 'on': empathy") >= 21


def test_the_rule_pack_versions_page_lists_what_changed(client, author):
    body = client.get("/trainer/rules/cn/export").text
    changed = body.replace("effective_from: 2026-01-30", "effective_from: 2027-01-01", 1)
    res = client.post("/trainer/rules/import", data={"csrf_token": author},
                      files={"file": ("cn.yaml", changed.encode(), "application/yaml")})
    assert res.status_code == 200, res.text
    page = client.get("/trainer/rules/cn/versions")
    assert page.status_code == 200
    assert 'id="pack-changes"' in page.text and "施行日期" in page.text and "2027-01-01" in page.text


def test_a_body_typed_in_the_browser_is_stored_with_unix_line_endings(client, author):
    """A textarea sends CRLF; the stored version uses LF so its diff shows only what was changed."""
    body = client.get("/trainer/rules/cn/export").text
    crlf = body.replace("effective_from: 2026-01-30", "effective_from: 2026-02-01", 1).replace("\n", "\r\n")
    res = client.post("/trainer/rules/cn/edit", data={"csrf_token": author, "mode": "yaml", "body": crlf,
                                                       "action": "publish", "note": "日期"}, follow_redirects=False)
    assert res.status_code == 303, res.text
    page = client.get("/trainer/rules/cn/versions").text
    assert "\r" not in client.get("/trainer/rules/cn/export").text
    assert page.count('class="diff-added"') == 1 and page.count('class="diff-removed"') == 1


def test_validation_problems_read_in_the_reader_s_language(client, author):
    """Never pydantic's English under 「请修改标红的字段」 (issue 20): the type of the problem is said in zh."""
    items = form_of(client.get("/trainer/personas/provocative/edit").text, "persona-form")
    res = client.post("/trainer/personas/provocative/edit", data=as_data(replace(items, "voice.max_chars", "很多")
                                                                        + [("action", "save")]))
    assert res.status_code == 422
    problems = res.text[res.text.index('id="form-errors"'):res.text.index("</ul>", res.text.index('id="form-errors"'))]
    assert "请填写整数" in problems and "Input should" not in problems
    res = client.post("/trainer/personas/provocative/rollback", data={"csrf_token": author, "version": "1",
                                                                     "confirm": "yes"})
    assert res.status_code == 422 and "没有改动:和已发布的第 1 版完全相同" in res.text


def test_a_trainer_softens_an_abusive_debtor_in_the_scenario_editor(client, author):
    """Issue 21: 辱骂强度 is a select on the scenario form; a softened scenario is published as such, and a
    value that is not one of the choices is named on the form."""
    page = client.get("/trainer/scenarios/new?source=provocative-m1")
    assert 'name="intensity"' in page.text and "缓和(不辱骂)" in page.text
    items = replace(form_of(page.text, "scenario-form"), "id", "provocative-m1-soft")
    bad = client.post("/trainer/scenarios/new", data=as_data(replace(items, "intensity", "brutal") + [("action", "save")]))
    assert bad.status_code == 422 and "intensity" in bad.text
    res = client.post("/trainer/scenarios/new", data=as_data(replace(items, "intensity", "softened")
                                                             + [("action", "publish"), ("note", "新人用")]),
                      follow_redirects=False)
    assert res.status_code == 303
    body = client.get("/trainer/scenarios/provocative-m1-soft/export").text
    assert "intensity: softened" in body
    edit = client.get("/trainer/scenarios/provocative-m1-soft/edit").text
    assert re.search(r'<option value="softened" selected>', edit)
