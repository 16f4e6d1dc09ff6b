"""Role checks inside use cases: a service refuses a user whose role may not do this (routes check first)."""

from __future__ import annotations

from simulator.core.errors import Forbidden
from simulator.db.models import User

REVIEWERS = ("trainer", "admin")


def ensure_role(user: User, *roles: str) -> None:
    if user.role not in roles:
        raise Forbidden("role: this action needs the role " + " or ".join(roles))


def ensure_reviewer(user: User) -> None:
    """Trainers and admins review sessions and test rules."""
    if user.role not in REVIEWERS:
        raise Forbidden("role: this needs the role trainer or admin")
