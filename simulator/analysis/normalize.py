"""Normalise collector text before matching.

Trainees type on phones and PCs with either Chinese (full-width) or ASCII punctuation, and
speech-to-text produces both.  Every rule is written once against half-width punctuation and
lower-case ASCII, so we fold the variants here.

The mapping is strictly one character to one character: a span found in the normalised text
is the same span in the original, which is what ``Finding.quote`` must show the trainee.
"""

from __future__ import annotations

import re


def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    # Full-width ASCII block (！ … ～) -> ASCII, lower-cased.
    for code in range(0xFF01, 0xFF5F):
        table[code] = chr(code - 0xFEE0).lower()
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code).lower()
    table[0x3000] = " "  # ideographic space
    for src, dst in {
        "。": ".",
        "｡": ".",
        "，": ",",
        "､": "、",
        "；": ";",
        "：": ":",
        "？": "?",
        "！": "!",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "「": '"',
        "」": '"',
        "『": '"',
        "』": '"',
        "（": "(",
        "）": ")",
        "【": "[",
        "】": "]",
        "〔": "[",
        "〕": "]",
        "～": "~",
        "\t": " ",
        "\u00a0": " ",
    }.items():
        table[ord(src)] = dst
    return table


_TABLE = _table()

# Clause and sentence boundaries.  A dot between digits is a decimal point ("1.5万"), not a stop.
CLAUSE_BREAK = re.compile(r"[,;:!?~\n…]|(?<!\d)\.|\.(?!\d)")
SENTENCE_BREAK = re.compile(r"[!?\n]|(?<!\d)\.|\.(?!\d)")


def normalize(text: str) -> str:
    """Fold full-width characters and Chinese punctuation to half-width, lower-case ASCII.

    Length-preserving: ``len(normalize(t)) == len(t)`` and index ``i`` means the same character.
    """
    return text.translate(_TABLE)


def spans(text: str, breaks: re.Pattern[str]) -> list[tuple[int, int]]:
    """Split ``text`` into (start, end) spans at ``breaks``; the break characters are left out."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in breaks.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def enclosing(bounds: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The span in ``bounds`` that contains ``pos`` (or the whole range when none does)."""
    for start, end in bounds:
        if start <= pos < end:
            return start, end
    return (bounds[0][0], bounds[-1][1]) if bounds else (0, 0)
