"""Built-in catalog files are imported into the database once and never bury a trainer's edit."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from sqlmodel import Session, select

from simulator.authoring import service as authoring
from simulator.catalog.versions import content_hash
from simulator.config import PROJECT_ROOT
from simulator.db.catalog_versions import import_builtins, latest_row
from simulator.db.engine import make_engine, migrate
from simulator.db.live_catalog import LiveCatalog, build_catalog
from simulator.db.models import CatalogVersion, User

BUILTIN_COUNT = len(list((PROJECT_ROOT / "personas").glob("*.yaml"))) + len(
    list((PROJECT_ROOT / "personas" / "scenarios").glob("*.yaml"))) + len(
    list((PROJECT_ROOT / "rubrics").glob("*.yaml"))) + len(list((PROJECT_ROOT / "rubrics" / "rules").glob("*.yaml")))


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the repository's catalog files that a test may change."""
    personas, rubrics = tmp_path / "personas", tmp_path / "rubrics"
    shutil.copytree(PROJECT_ROOT / "personas", personas)
    shutil.copytree(PROJECT_ROOT / "rubrics", rubrics)
    return personas, rubrics


@pytest.fixture
def engine(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'sim.db'}")
    migrate(engine)
    yield engine
    engine.dispose()


def _rows(engine) -> list[CatalogVersion]:
    with Session(engine) as db:
        return list(db.exec(select(CatalogVersion).order_by(CatalogVersion.id)).all())


def test_every_builtin_file_becomes_version_1_once(engine, files):
    created = import_builtins(engine, *files)
    assert len(created) == BUILTIN_COUNT
    assert {(r.version, r.source, r.created_by) for r in _rows(engine)} == {(1, "builtin", None)}
    assert import_builtins(engine, *files) == []  # idempotent
    assert len(_rows(engine)) == BUILTIN_COUNT
    stored = next(r for r in _rows(engine) if (r.kind, r.object_id) == ("persona", "provocative"))
    assert stored.body == (PROJECT_ROOT / "personas" / "provocative.yaml").read_text(encoding="utf-8")


def test_a_changed_builtin_file_becomes_a_new_version_while_no_one_edited_it(engine, files):
    personas, rubrics = files
    import_builtins(engine, personas, rubrics)
    path = rubrics / "default.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("min_overall: 70", "min_overall: 72"), encoding="utf-8")

    [row] = import_builtins(engine, personas, rubrics)

    assert (row.kind, row.object_id, row.version, row.source) == ("rubric", "default", 2, "builtin")
    assert import_builtins(engine, personas, rubrics) == []


def test_a_changed_builtin_never_buries_a_trainers_edit(engine, files, caplog):
    personas, rubrics = files
    import_builtins(engine, personas, rubrics)
    with Session(engine, expire_on_commit=False) as db:
        tina = User(username="tina", role="admin", password_hash="x")  # an admin: a pass-rule edit needs no approval
        db.add(tina)
        db.commit()
        body = authoring.current_body(db, "rubric", "default").replace("min_overall: 70", "min_overall: 65")
        authoring.save_draft(db, "rubric", "default", body, tina)
        authoring.publish(db, "rubric", "default", tina)
    path = rubrics / "default.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("min_overall: 70", "min_overall: 72"), encoding="utf-8")

    assert import_builtins(engine, personas, rubrics) == []

    with Session(engine) as db:
        latest = latest_row(db, "rubric", "default")
        assert (latest.version, latest.source) == (2, "authored") and "min_overall: 65" in latest.body
    assert "was not imported" in caplog.text


def test_two_workers_starting_at_once_import_each_file_once(engine, files):
    errors: list[BaseException] = []

    def start() -> None:
        try:
            import_builtins(engine, *files)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = _rows(engine)
    assert len(rows) == BUILTIN_COUNT == len({(r.kind, r.object_id) for r in rows})


def test_a_publish_in_another_worker_is_seen_within_the_refresh_interval(engine, files, monkeypatch):
    import_builtins(engine, *files)
    worker = LiveCatalog(engine, interval=1.0)
    assert worker.get().rubric("default").ref == "default@1"
    # another process publishes: a row appears without this process's publish counter moving
    with Session(engine) as db:
        body = latest_row(db, "rubric", "default").body.replace("min_overall: 70", "min_overall: 71")
        db.add(CatalogVersion(kind="rubric", object_id="default", version=2, body=body, content_hash=content_hash(body),
                              source="authored"))
        db.commit()
    assert worker.get().rubric("default").ref == "default@1"  # still cached: checked less than 1 s ago
    clock = [worker._checked + 1.01]
    monkeypatch.setattr("simulator.db.live_catalog.time.monotonic", lambda: clock[0])
    assert worker.get().rubric("default").ref == "default@2"


def test_a_stored_body_that_no_longer_parses_is_left_out_not_fatal(engine, files, caplog):
    import_builtins(engine, *files)
    with Session(engine) as db:
        db.add(CatalogVersion(kind="scenario", object_id="victim-m1", version=2, body="spec: [broken",
                              content_hash=content_hash("spec: [broken"), source="authored"))
        db.commit()
        catalog = build_catalog(db)
    assert "victim-m1" not in catalog.scenarios and "provocative-m1" in catalog.scenarios
    assert "does not parse" in caplog.text


def test_losing_the_race_to_another_worker_retries_against_its_rows(engine, files, monkeypatch):
    from simulator.db import catalog_versions

    real = catalog_versions._import_once
    calls = []

    def racing(db, builtins):
        calls.append(1)
        if len(calls) == 1:  # the other worker commits everything between our read and our write
            with Session(engine) as other:
                real(other, builtins)
            db.add(CatalogVersion(kind="rubric", object_id="default", version=1, body="x", content_hash="x",
                                  source="builtin"))
            db.commit()  # fails on the unique constraint, as our stale insert would
        return real(db, builtins)

    monkeypatch.setattr(catalog_versions, "_import_once", racing)
    assert catalog_versions.import_builtins(engine, *files) == []  # the winner imported everything
    assert len(calls) == 2
    rows = _rows(engine)
    assert len(rows) == BUILTIN_COUNT and all(r.body != "x" for r in rows)
