"""Accounts: argon2 hashes, demo accounts with generated passwords, never a fixed default."""

from __future__ import annotations

from sqlmodel import Session, SQLModel

from simulator.accounts.service import authenticate, create_user, ensure_demo_accounts
from simulator.db.engine import make_engine


def fresh_db() -> Session:
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    return Session(engine)


def test_passwords_are_stored_as_argon2_hashes():
    db = fresh_db()
    user = create_user(db, username="li", role="trainee", password="s3cret-pass")
    assert user.password_hash.startswith("$argon2id$")
    assert "s3cret-pass" not in user.password_hash
    assert authenticate(db, username="li", password="s3cret-pass").id == user.id
    assert authenticate(db, username="li", password="wrong-pass") is None
    assert authenticate(db, username="nobody", password="whatever") is None


def test_demo_accounts_are_created_once_with_generated_passwords():
    db = fresh_db()
    first = ensure_demo_accounts(db)
    assert sorted(role for _, role, _ in first) == ["admin", "hr", "trainee", "trainer"]
    passwords = [pw for _, _, pw in first]
    assert len(set(passwords)) == 4 and all(len(pw) >= 12 for pw in passwords)
    assert ensure_demo_accounts(db) == []
    other = ensure_demo_accounts(fresh_db())
    assert {pw for _, _, pw in other}.isdisjoint(passwords)
    assert authenticate(db, username="trainee", password=passwords[0]) is not None
