"""Catalog authoring (issue 5, items 4 and 6): drafts, immutable versions, diff, rollback, clone,
export/import, and problems that name the field and its line."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import pytest
from sqlmodel import Session, select

from simulator.accounts.assignments import hidden_scenarios, scenario_visible
from simulator.authoring import service as authoring
from simulator.authoring.service import AuthoringError
from simulator.catalog.versions import builtin_documents, content_hash
from simulator.config import PROJECT_ROOT
from simulator.core.errors import Forbidden, NotFound
from simulator.db.catalog_versions import history, import_builtins
from simulator.db.engine import make_engine, migrate
from simulator.db.live_catalog import build_catalog
from simulator.db.models import AuditLog, CatalogDraft, CatalogVersion, Cohort, CohortMember, User


@pytest.fixture
def db() -> Iterator[Session]:
    engine = make_engine("sqlite://")
    migrate(engine)
    import_builtins(engine, PROJECT_ROOT / "personas", PROJECT_ROOT / "rubrics")
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


def _user(db: Session, name: str, role: str) -> User:
    user = User(username=name, display_name=name, role=role, password_hash="x")
    db.add(user)
    db.commit()
    return user


@pytest.fixture
def tina(db: Session) -> User:
    return _user(db, "tina", "trainer")


@pytest.fixture
def adam(db: Session) -> User:
    """An admin: publishes changes to pass rules without an approval (issue 18)."""
    return _user(db, "adam", "admin")


def rubric_body(db: Session) -> str:
    return authoring.current_body(db, "rubric", "default")


def persona_body(db: Session) -> str:
    return authoring.current_body(db, "persona", "provocative")


def problems(exc: pytest.ExceptionInfo[AuthoringError]) -> list[dict]:
    return exc.value.detail  # type: ignore[return-value]


def line_of(body: str, needle: str) -> int:
    return next(i for i, line in enumerate(body.splitlines(), 1) if needle in line)


# -- publishing and history -------------------------------------------------------------------------
def test_publishing_a_draft_makes_version_2_and_keeps_version_1_unchanged(db, tina):
    v1 = rubric_body(db)
    edited = v1.replace("标准催收通话评分", "标准催收通话评分(修订)", 1)
    authoring.save_draft(db, "rubric", "default", edited, tina)
    assert authoring.current_body(db, "rubric", "default") == edited  # the draft, for the editor

    row = authoring.publish(db, "rubric", "default", tina, note="名称修订")

    assert (row.version, row.source, row.note, row.created_by) == (2, "authored", "名称修订", tina.id)
    assert row.content_hash == content_hash(edited)
    assert [(v.version, v.body) for v in authoring.list_versions(db, "rubric", "default")] == [(1, v1), (2, edited)]
    assert db.exec(select(CatalogDraft)).all() == []  # publishing deletes the draft
    assert build_catalog(db).rubric("default").ref == "default@2"  # the live catalog carries the DB version


def test_publishing_an_unchanged_body_is_refused_as_no_changes(db, tina):
    authoring.save_draft(db, "rubric", "default", rubric_body(db), tina)
    with pytest.raises(AuthoringError) as exc:
        authoring.publish(db, "rubric", "default", tina)
    assert "no changes" in problems(exc)[0]["message"]
    assert [v.version for v in authoring.list_versions(db, "rubric", "default")] == [1]
    assert db.exec(select(CatalogDraft)).all() == []  # the identical draft is dropped, not left behind


def test_diff_shows_the_changed_line(db, adam):
    authoring.save_draft(db, "rubric", "default", rubric_body(db).replace("min_overall: 70", "min_overall: 75"), adam)
    authoring.publish(db, "rubric", "default", adam)
    diff = authoring.diff_versions(db, "rubric", "default", 1, 2)
    assert "--- rubrics/default.yaml@v1" in diff and "+++ rubrics/default.yaml@v2" in diff
    assert re.search(r"^-\s+min_overall: 70$", diff, re.MULTILINE)
    assert re.search(r"^\+\s+min_overall: 75$", diff, re.MULTILINE)


def test_rollback_republishes_an_old_body_as_a_new_version(db, adam):
    v1 = rubric_body(db)
    authoring.save_draft(db, "rubric", "default", v1.replace("min_overall: 70", "min_overall: 75"), adam)
    authoring.publish(db, "rubric", "default", adam)

    row = authoring.rollback(db, "rubric", "default", 1, adam)

    assert (row.version, row.source, row.body) == (3, "rollback", v1)
    assert authoring.version_body(db, "rubric", "default", 2) != v1  # history is never rewritten
    assert [r.version for r in history(db, "rubric", "default")] == [1, 2, 3]


def test_every_mutation_is_audited_with_kind_object_and_version(db, adam):
    authoring.save_draft(db, "rubric", "default", rubric_body(db).replace("min_overall: 70", "min_overall: 75"), adam)
    authoring.publish(db, "rubric", "default", adam)
    authoring.rollback(db, "rubric", "default", 1, adam)
    entries = db.exec(select(AuditLog).order_by(AuditLog.id)).all()
    assert [e.action for e in entries] == ["catalog.draft_save", "catalog.publish", "catalog.rollback"]
    assert all(e.actor_id == adam.id and e.object_type == "rubric" and e.object_id == "default" for e in entries)
    assert [e.after["version"] for e in entries[1:]] == [2, 3]


def test_discarding_a_draft_goes_back_to_the_published_body(db, tina):
    v1 = rubric_body(db)
    authoring.save_draft(db, "rubric", "default", v1.replace("min_overall: 70", "min_overall: 75"), tina)
    authoring.discard_draft(db, "rubric", "default", tina)
    assert authoring.current_body(db, "rubric", "default") == v1
    with pytest.raises(NotFound):
        authoring.discard_draft(db, "rubric", "default", tina)


def test_list_objects_summarises_each_object(db, tina):
    authoring.save_draft(db, "persona", "provocative", persona_body(db).replace("max_chars: 60", "max_chars: 70"), tina)
    rows = {r.object_id: r for r in authoring.list_objects(db, "persona")}
    assert set(rows) == {"provocative", "evasive", "victim", "confident", "stubborn", "sophisticated", "promiser"}
    prov = rows["provocative"]
    assert (prov.latest_version, prov.source, prov.has_draft, prov.updated_by) == (1, "builtin", True, "tina")
    assert prov.title and not rows["evasive"].has_draft


def test_only_trainers_and_admins_author(db):
    trainee = _user(db, "alice", "trainee")
    hr = _user(db, "hana", "hr")
    for user in (trainee, hr):
        with pytest.raises(Forbidden):
            authoring.save_draft(db, "rubric", "default", rubric_body(db), user)
        with pytest.raises(Forbidden):
            authoring.rollback(db, "rubric", "default", 1, user)
        with pytest.raises(Forbidden):
            authoring.assign_scenario(db, "provocative-m1", [], user)


# -- invalid input: nothing saved, field and line named ---------------------------------------------
def _nothing_saved(db: Session) -> None:
    assert db.exec(select(CatalogDraft)).all() == []
    builtins = builtin_documents(PROJECT_ROOT / "personas", PROJECT_ROOT / "rubrics")
    assert len(db.exec(select(CatalogVersion)).all()) == len(builtins)  # the built-ins only


def test_a_yaml_syntax_error_names_its_line(db, tina):
    body = "spec: collector-sim/rubric\nspec_version: 1\nid: default\nname: [unclosed\n"
    with pytest.raises(AuthoringError) as exc:
        authoring.save_draft(db, "rubric", "default", body, tina)
    [problem] = problems(exc)
    assert problem["field"] == "(document)" and problem["line"] in (4, 5)
    assert "YAML syntax error" in problem["message"]
    _nothing_saved(db)


def test_rubric_weights_not_summing_to_100_name_dimensions_and_their_line(db, tina):
    body = rubric_body(db).replace("weight: 35", "weight: 36", 1)
    with pytest.raises(AuthoringError) as exc:
        authoring.save_draft(db, "rubric", "default", body, tina)
    [problem] = problems(exc)
    assert problem["field"] == "dimensions" and "got 101" in problem["message"]
    assert problem["line"] == line_of(body, "dimensions:")
    _nothing_saved(db)


def test_an_empty_required_intent_in_the_utterance_bank_names_the_intent(db, tina):
    body = re.sub(r"(?m)^  filler:\n(    .*\n|      .*\n)+", "  filler: {}\n", persona_body(db))
    with pytest.raises(AuthoringError) as exc:
        authoring.save_draft(db, "persona", "provocative", body, tina)
    [problem] = problems(exc)
    assert problem["field"] == "bank.filler" and "filler" in problem["message"]
    assert problem["line"] == line_of(body, "  filler: {}")
    _nothing_saved(db)


def test_a_reaction_naming_an_unknown_move_names_that_reaction(db, tina):
    body = persona_body(db).replace('- "on": reassure', '- "on": flattery', 1)
    with pytest.raises(AuthoringError) as exc:
        authoring.save_draft(db, "persona", "provocative", body, tina)
    [problem] = problems(exc)
    assert re.fullmatch(r"reactions\[\d+\]\.on", problem["field"]) and "flattery" in problem["message"]
    assert problem["line"] == line_of(body, '"on": flattery')
    _nothing_saved(db)


def test_a_scenario_naming_an_unknown_persona_is_a_cross_reference_problem(db, tina):
    body = authoring.current_body(db, "scenario", "provocative-m1").replace("persona: provocative", "persona: ghost")
    with pytest.raises(AuthoringError) as exc:
        authoring.save_draft(db, "scenario", "provocative-m1", body, tina)
    assert problems(exc) == [{"field": "persona", "line": line_of(body, "persona: ghost"),
                              "message": "unknown persona id 'ghost'"}]
    _nothing_saved(db)


def test_the_body_id_must_be_the_object_being_edited(db, tina):
    body = rubric_body(db).replace("id: default", "id: other", 1)
    with pytest.raises(AuthoringError) as exc:
        authoring.save_draft(db, "rubric", "default", body, tina)
    assert problems(exc)[0]["field"] == "id" and problems(exc)[0]["line"] == line_of(body, "id: other")
    _nothing_saved(db)


def test_cloning_onto_an_existing_id_is_a_duplicate_id_problem(db, tina):
    with pytest.raises(AuthoringError) as exc:
        authoring.clone(db, "persona", "provocative", "evasive", tina)
    assert problems(exc)[0]["field"] == "id" and "duplicate" in problems(exc)[0]["message"]
    _nothing_saved(db)


def test_a_clone_is_a_draft_with_the_new_id_and_a_copy_name(db, tina):
    draft = authoring.clone(db, "persona", "provocative", "provocative-b", tina)
    assert draft.object_id == "provocative-b"
    doc = authoring.parse_body("persona", draft.body, build_catalog(db))
    assert doc.id == "provocative-b" and doc.name.zh.endswith("(副本)")
    source = persona_body(db).splitlines()
    changed = [new for old, new in zip(source, draft.body.splitlines(), strict=True) if old != new]
    assert len(changed) == 3 and changed[0] == "id: provocative-b"  # id and the two names; layout kept
    version = authoring.publish(db, "persona", "provocative-b", tina)
    assert version.version == 1 and build_catalog(db).personas["provocative-b"].name.zh.endswith("(副本)")


# -- export and import ----------------------------------------------------------------------------------
def test_export_lays_files_out_like_the_repository_and_imports_back(db, adam):
    bundle = authoring.export_bundle(db, None)
    names = zipfile.ZipFile(io.BytesIO(bundle)).namelist()
    assert {"personas/provocative.yaml", "personas/third_party.yaml", "personas/scenarios/victim-m1.yaml",
            "rubrics/default.yaml", "rubrics/rules/cn.yaml"} <= set(names)
    assert authoring.import_bundle(db, "catalog.zip", bundle, adam) == []  # nothing changed: no new versions

    edited = io.BytesIO()
    with zipfile.ZipFile(edited, "w") as zf:
        zf.writestr("rubrics/default.yaml", rubric_body(db).replace("min_overall: 70", "min_overall: 80"))
        zf.writestr("personas/scenarios/provocative-m1.yaml", authoring.current_body(db, "scenario", "provocative-m1"))
    created = authoring.import_bundle(db, "edit.zip", edited.getvalue(), adam)
    assert [(r.kind, r.object_id, r.version, r.source) for r in created] == [("rubric", "default", 2, "import")]
    assert build_catalog(db).rubric("default").pass_rules.min_overall == 80


def test_a_bad_file_in_a_zip_imports_nothing_and_names_the_file_field_and_line(db, tina):
    good = rubric_body(db).replace("min_overall: 70", "min_overall: 80")
    bad = persona_body(db).replace('- "on": reassure', '- "on": flattery', 1)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("rubrics/default.yaml", good)
        zf.writestr("personas/provocative.yaml", bad)
    with pytest.raises(AuthoringError) as exc:
        authoring.import_bundle(db, "mixed.zip", buf.getvalue(), tina)
    [problem] = problems(exc)
    assert problem["field"].startswith("personas/provocative.yaml: reactions[")
    assert problem["line"] == line_of(bad, '"on": flattery')
    _nothing_saved(db)


@pytest.mark.parametrize(("filename", "data", "message"), [
    ("x.yaml", b"", "empty"),
    ("x.zip", b"PK not a zip", "zip"),
    ("x.txt", b"id: a", ".yaml"),
    ("x.yaml", b"\xff\xfe", "UTF-8"),
    ("x.yaml", b"id: a\n", "spec"),
])
def test_malformed_uploads_are_refused(db, tina, filename, data, message):
    with pytest.raises(AuthoringError) as exc:
        authoring.import_bundle(db, filename, data, tina)
    assert message in str(exc.value)
    _nothing_saved(db)


def test_an_import_may_reference_objects_of_the_same_bundle(db, tina):
    persona = persona_body(db).replace("id: provocative", "id: provocative-new", 1)
    scenario = authoring.current_body(db, "scenario", "provocative-m1").replace(
        "id: provocative-m1", "id: provocative-new-m1").replace("persona: provocative", "persona: provocative-new")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("personas/scenarios/provocative-new-m1.yaml", scenario)
        zf.writestr("personas/provocative-new.yaml", persona)
    created = authoring.import_bundle(db, "new.zip", buf.getvalue(), tina)
    assert sorted((r.kind, r.object_id) for r in created) == [("persona", "provocative-new"),
                                                               ("scenario", "provocative-new-m1")]
    assert build_catalog(db).scenario("provocative-new-m1").persona == "provocative-new"


# -- scenario → cohorts ----------------------------------------------------------------------------------
def test_a_scenario_assigned_to_a_cohort_is_hidden_from_trainees_outside_it(db, tina):
    alice, bob = _user(db, "alice", "trainee"), _user(db, "bob", "trainee")
    cohort = Cohort(name="一班")
    db.add(cohort)
    db.commit()
    db.add(CohortMember(cohort_id=cohort.id, user_id=alice.id))
    db.add(CohortMember(cohort_id=cohort.id, user_id=tina.id, role="trainer"))
    db.commit()

    authoring.assign_scenario(db, "victim-m1", [cohort.id], tina)

    assert authoring.scenario_cohorts(db, "victim-m1") == [cohort.id]
    assert scenario_visible(db, alice, "victim-m1") and not scenario_visible(db, bob, "victim-m1")
    assert hidden_scenarios(db, bob) == {"victim-m1"} and hidden_scenarios(db, tina) == set()
    authoring.assign_scenario(db, "victim-m1", [], tina)  # back to everyone
    assert scenario_visible(db, bob, "victim-m1")


def _cohort(db: Session, name: str, trainer: User | None = None) -> Cohort:
    cohort = Cohort(name=name)
    db.add(cohort)
    db.commit()
    if trainer is not None:
        db.add(CohortMember(cohort_id=cohort.id, user_id=trainer.id, role="trainer"))
        db.commit()
    return cohort


def test_a_trainer_assigns_only_to_cohorts_they_coach(db, tina):
    theirs, other = _cohort(db, "一班", tina), _cohort(db, "二班")
    with pytest.raises(Exception, match=f"cohort_ids: unknown cohort {other.id}"):
        authoring.assign_scenario(db, "victim-m1", [theirs.id, other.id], tina)
    assert authoring.scenario_cohorts(db, "victim-m1") == []  # nothing saved
    admin = _user(db, "ada", "admin")
    authoring.assign_scenario(db, "victim-m1", [other.id], admin)  # an admin may assign to any cohort
    assert authoring.scenario_cohorts(db, "victim-m1") == [other.id]


def test_a_trainer_never_removes_an_assignment_to_a_cohort_they_do_not_coach(db, tina):
    theirs, other = _cohort(db, "一班", tina), _cohort(db, "二班")
    authoring.assign_scenario(db, "victim-m1", [other.id], _user(db, "ada", "admin"))

    authoring.assign_scenario(db, "victim-m1", [theirs.id], tina)
    assert authoring.scenario_cohorts(db, "victim-m1") == sorted([theirs.id, other.id])
    authoring.assign_scenario(db, "victim-m1", [], tina)  # clears only tina's own cohort
    assert authoring.scenario_cohorts(db, "victim-m1") == [other.id]


def test_assigning_to_an_unknown_cohort_or_scenario_fails(db, tina):
    with pytest.raises(Exception, match="cohort_ids"):
        authoring.assign_scenario(db, "victim-m1", [999], tina)
    with pytest.raises(NotFound):
        authoring.assign_scenario(db, "no-such-scenario", [], tina)


def test_yaml_aliases_are_refused_so_a_small_body_cannot_expand(db, tina):
    body = rubric_body(db) + "extensions:\n  a: &lines [x, x, x, x]\n  b: [*lines, *lines]\n"
    with pytest.raises(AuthoringError) as exc:
        authoring.save_draft(db, "rubric", "default", body, tina)
    [problem] = problems(exc)
    assert "aliases" in problem["message"] and problem["line"] == line_of(body, "b: [*lines")
    _nothing_saved(db)
