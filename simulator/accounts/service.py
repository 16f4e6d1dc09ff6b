"""Users: argon2 password hashing, creation, authentication, first-run demo accounts."""

from __future__ import annotations

import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session

from simulator.accounts import password_policy
from simulator.core.errors import Conflict, InvalidInput, NotFound
from simulator.db import audit
from simulator.db import repository as repo
from simulator.db.models import ROLES, User

_hasher = PasswordHasher()
_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{2,64}$")
# A real hash of a random string: verifying against it keeps unknown-user logins as slow as real ones.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))

DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    ("trainee", "trainee", "演示学员"),
    ("trainer", "trainer", "演示培训师"),
    ("hr", "hr", "演示人事"),
    ("admin", "admin", "演示管理员"),
)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def create_user(
    db: Session, *, username: str, role: str, password: str, display_name: str | None = None,
    must_change: bool = False,
) -> User:
    """Create a user (the caller commits). ``must_change``: the password was generated for the user, who
    picks their own at the first login (issue 20)."""
    if not _USERNAME.match(username or ""):
        raise InvalidInput("username: 2–64 letters, digits or _ . @ -", field="username")
    if role not in ROLES:
        raise InvalidInput(f"role: must be one of {', '.join(ROLES)}", field="role")
    check_password(password, username)
    if repo.get_user_by_username(session=db, username=username):
        raise Conflict(f"username: {username!r} already exists", field="username")
    user = User(username=username, role=role, display_name=display_name or username, password_hash=hash_password(password),
                must_change_password=must_change)
    return repo.add_user(session=db, user=user)


def check_password(password: str, username: str = "", *, field: str = "password") -> None:
    reason = password_policy.problem(password or "", username)
    if reason:
        raise InvalidInput(reason.replace("password:", f"{field}:", 1), field=field)


def user_named(db: Session, username: str) -> User:
    user = repo.get_user_by_username(session=db, username=username)
    if user is None:
        raise NotFound(f"username: no user {username!r}", field="username")
    return user


def sign_out_everywhere(db: Session, user_id: int) -> None:
    """End every browser session and bearer token of the account: its session epoch goes up by one in a
    single statement (two logouts at once still both count), and whatever was signed with the old value
    is refused from the next request on (``deps.still_signed_in``). The caller commits."""
    repo.bump_session_epoch(session=db, user_id=user_id)


def log_out(db: Session, user_id: int) -> None:
    """The user's own logout (page or API): every session and token of the account ends. Commits."""
    sign_out_everywhere(db, user_id)
    db.commit()


# Administration (``collector-sim users …``): each change is in the audit log, with no actor (the command line).
def sign_out_account(db: Session, username: str) -> User:
    """End every session and token of ``username`` (a lost laptop, a shared PC)."""
    user = user_named(db, username)
    sign_out_everywhere(db, user.id)
    audit.record(db, None, "account.sign_out", "user", user.id, after={"username": user.username})
    return user


def set_active(db: Session, username: str, active: bool) -> User:
    """Deactivate (every session ends: an inactive account is refused on each request) or reactivate."""
    user = user_named(db, username)
    before = user.is_active
    user.is_active = active
    db.add(user)
    audit.record(db, None, "account.activate" if active else "account.deactivate", "user", user.id,
                 before={"username": user.username, "is_active": before}, after={"is_active": active})
    return user


def reset_password(db: Session, username: str, password: str, *, must_change: bool = False) -> User:
    """A new password; the old one's sessions and tokens end (they carry a fragment of its hash).
    ``must_change``: a generated one, changed at the next login (issue 20)."""
    user = user_named(db, username)
    user.must_change_password = must_change
    check_password(password, user.username)
    user.password_hash = hash_password(password)
    db.add(user)
    audit.record(db, None, "account.password_reset", "user", user.id, after={"username": user.username})
    return user


def authenticate(db: Session, *, username: str, password: str) -> User | None:
    user = repo.get_user_by_username(session=db, username=username)
    try:
        if user is None or not user.is_active:
            _hasher.verify(_DUMMY_HASH, password or "-")
            return None
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.add(user)
        db.commit()
    return user


def ensure_demo_accounts(db: Session) -> list[tuple[str, str, str]]:
    """On an empty database, create one demo account per role with a generated password.

    Returns (username, role, password) for each account created, so the caller can print them once.
    Nothing is created when any user exists; there is never a fixed default password.
    """
    if repo.count_users(session=db) > 0:
        return []
    created = []
    for username, role, display in DEMO_USERS:
        password = generate_password()
        # printed once in the server's log: its owner picks their own at the first login
        create_user(db, username=username, role=role, password=password, display_name=display, must_change=True)
        created.append((username, role, password))
    db.commit()
    return created
