"""What a password must be (issue 18): long enough, not a well-known one, not the username, not only
digits. NIST SP 800-63B's advice — length and a denylist rather than composition rules — with the
patterns Chinese users favour (5201314, woaini, qq + digits, phone numbers) on the list.

Pure: ``problem(password, username)`` returns the reason a password is refused, or None.
"""

from __future__ import annotations

import re

MIN_LENGTH = 10
MAX_LENGTH = 256

# Common passwords and their stems (a stem with digits or punctuation added is still common).
_COMMON_STEMS = frozenset({
    "password", "passw0rd", "p@ssw0rd", "p@ssword", "admin", "administrator", "root", "user", "test", "guest",
    "welcome", "letmein", "iloveyou", "qwerty", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx", "1qaz2wsx3edc",
    "qazwsx", "qazwsxedc", "1q2w3e4r", "1q2w3e4r5t", "q1w2e3r4", "abc", "abcd", "abcdef", "abcdefg", "abcdefgh",
    "abcdefghij", "aaaaaa", "woaini", "woaini1314", "5201314", "1314520", "wo ai ni", "iloveu", "loveyou", "qq",
    "aa", "a", "abc123", "abcd1234", "monkey", "dragon", "master", "shadow", "sunshine", "princess", "football",
    "baseball", "superman", "batman", "trustno1", "hello", "nihao", "changeme", "default", "secret", "pass",
    "collector", "collectorsim", "collector-sim", "cuishou", "huankuan", "yinhang", "xinyongka", "daikuan",
    "trainee", "trainer", "hr", "company", "gongsi",
})
_SEQUENCES = ("0123456789", "9876543210", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm")


def _stem(password: str) -> str:
    """The password without leading and trailing digits and punctuation ("Password123!" → "password")."""
    return re.sub(r"^[\W\d_]+|[\W\d_]+$", "", password.lower())


def _sequential(password: str) -> bool:
    low = password.lower()
    return any(low in seq * 2 or low[::-1] in seq * 2 for seq in _SEQUENCES)


def problem(password: str, username: str = "") -> str | None:
    """Why ``password`` is refused (English, "field: reason" like every API error), or None."""
    if len(password) < MIN_LENGTH:
        return f"password: at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"password: at most {MAX_LENGTH} characters"
    low = password.lower()
    if password.isdigit():
        return "password: not only digits (a phone number or a date is easy to guess)"
    if len(set(password)) < 4 or _sequential(password):
        return "password: too simple (repeated or sequential characters)"
    if low in _COMMON_STEMS or _stem(password) in _COMMON_STEMS or not _stem(password):
        return "password: too common; choose a phrase of your own"
    if username and len(username) >= 3 and username.lower() in low:
        return "password: must not contain the username"
    return None
