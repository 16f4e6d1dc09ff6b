"""Passwords (issue 18): long enough, not a well-known one, not only digits, not the username."""

from __future__ import annotations

import pytest

from simulator.accounts.password_policy import problem


@pytest.mark.parametrize(("password", "why"), [
    ("12345678", "at least 10"), ("87654321", "at least 10"),  # the 8-digit passwords the review found
    ("1234567890", "only digits"), ("13812345678", "only digits"), ("19900101123", "only digits"),
    ("Password123!", "too common"), ("woaini1314", "too common"), ("qq5201314520", "too common"),
    ("admin12345", "too common"), ("1qaz2wsx3edc", "too common"), ("!!2026!!2026", "too common"),
    ("aaaaaaaaaaaa", "too simple"), ("abcdefghijk", "too simple"), ("qwertyuiop", "too simple"),
    ("zhangwei-2026!", "username"), ("x" * 300, "at most"),
])
def test_weak_passwords_are_refused_with_a_reason(password, why):
    reason = problem(password, "zhangwei")
    assert reason is not None and reason.startswith("password:") and why in reason, reason


@pytest.mark.parametrize("password", ["correct-horse-9", "催收训练第三期的口令!", "s3cret-pass", "Lake-Tai 1987 rain"])
def test_passphrases_pass(password):
    assert problem(password, "zhangwei") is None
