"""Turns written by the turn path (``db/turn_rows.py``, ``repository.insert_turn``): one Core
INSERT per turn, read back as an ordinary ``Turn`` with every value it was written with."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from simulator.db import repository as repo
from simulator.db.engine import make_engine, migrate
from simulator.db.models import PracticeSession, Turn, User
from simulator.db.turn_rows import COLUMNS, TurnRow


@pytest.fixture
def db() -> Iterator[Session]:
    engine = make_engine("sqlite://")
    migrate(engine)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


@pytest.fixture
def practice(db: Session) -> PracticeSession:
    user = repo.add_user(session=db, user=User(username="tina", role="trainee", password_hash="x" * 40))
    practice = repo.add_practice_session(session=db, practice=PracticeSession(
        user_id=user.id, scenario_id="evasive-m1", persona_id="evasive", archetype="推托型", stage="M1",
        difficulty=2, seed=7))
    db.commit()
    return practice


def test_a_turn_row_has_every_column_of_the_turn_table():
    assert set(COLUMNS) == {c.key for c in Turn.__table__.columns}
    row = TurnRow(session_id="s", index=0, speaker="debtor", text="喂?")
    assert row.id is None and row.fallback is False and row.created_at is not None and row.analysis is None


def test_a_turn_row_refuses_a_column_the_table_does_not_have():
    with pytest.raises(TypeError, match="no column moood"):
        TurnRow(session_id="s", index=0, speaker="debtor", text="喂?", moood="calm")


def test_an_inserted_row_reads_back_as_a_turn_with_the_same_values(db, practice):
    row = repo.insert_turn(session=db, row=TurnRow(
        session_id=practice.id, index=0, speaker="collector", text="您好,我是安信的小陈",
        analysis={"moves": ["self_identify"], "violations": []}, input_mode="spoken", call_ms=1200, duration_ms=900))
    db.commit()
    assert isinstance(row.id, int)
    [turn] = repo.list_turns(session=db, session_id=practice.id)
    assert turn.id == row.id
    for name in COLUMNS:
        got, want = getattr(turn, name), getattr(row, name)
        if name == "created_at":  # SQLite keeps no time zone
            got, want = got.replace(tzinfo=None), want.replace(tzinfo=None)
        assert got == want, name


def test_a_second_turn_with_the_same_index_is_refused(db, practice):
    repo.insert_turn(session=db, row=TurnRow(session_id=practice.id, index=1, speaker="collector", text="在吗"))
    db.commit()
    with pytest.raises(IntegrityError):
        repo.insert_turn(session=db, row=TurnRow(session_id=practice.id, index=1, speaker="debtor", text="在"))
    db.rollback()


def test_a_model_reading_replaces_the_stored_analysis(db, practice):
    row = repo.insert_turn(session=db, row=TurnRow(session_id=practice.id, index=0, speaker="collector", text="您好",
                                                   analysis={"moves": []}))
    repo.set_turn_analysis(session=db, turn_id=row.id, analysis={"moves": ["greet"], "model": {"name": "m"}})
    db.commit()
    [turn] = repo.list_turns(session=db, session_id=practice.id)
    assert turn.analysis == {"moves": ["greet"], "model": {"name": "m"}}


def test_touch_writes_the_time_and_the_loaded_session_sees_it(db, practice):
    before = practice.updated_at
    repo.touch(session=db, practice=practice)
    db.commit()
    fresh = Session(db.get_bind(), expire_on_commit=False).get(PracticeSession, practice.id)
    assert practice.updated_at != before
    assert fresh.updated_at.replace(tzinfo=None) == practice.updated_at.replace(tzinfo=None)
