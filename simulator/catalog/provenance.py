"""Where a persona card's words come from (issue 21, item 6): each trait, example and coping line of a
card's ``seed`` section is traced to the line of the training material it quotes (``seeds/``, the
documents the product was built from). A field the material does not contain is the card author's own
(``authored``), and says so wherever it is shown.

Matching ignores punctuation, spacing and full/half-width forms (the cards use ASCII commas, the pages use
「，」), so a quote is found wherever its words are; nothing is fuzzy beyond that, so a line that is found
is really there.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SOURCE_NAME = re.compile(r"^(?:seeds/)?(\d{3}_[0-9a-f]{16}\.txt)$")
_IGNORED = re.compile(r"[\s,.;:!?、。;:!?“”\"'‘’()()…—\-「」《》]")


@dataclass(frozen=True)
class Passage:
    source: str  # seeds/001_….txt
    line: int  # 1-based line of the source file
    text: str  # that line, as written

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "line": self.line, "text": self.text, "authored": False}


def _plain(text: str) -> str:
    return _IGNORED.sub("", unicodedata.normalize("NFKC", text))


def source_file(root: Path, name: str) -> Path | None:
    """The file of a source named ``seeds/001_….txt`` or ``001_….txt`` under ``root`` (None: no such source)."""
    match = SOURCE_NAME.match(name or "")
    if not match:
        return None
    path = root / match.group(1)
    return path if path.is_file() else None


@cache
def _lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines())


def source_lines(root: Path, name: str) -> tuple[str, ...] | None:
    path = source_file(root, name)
    return _lines(path) if path else None


def locate(lines: tuple[str, ...], quote: str, source: str) -> Passage | None:
    """The first line of ``lines`` that contains ``quote`` (punctuation and spacing aside), or None."""
    wanted = _plain(quote)
    if len(wanted) < 2:
        return None
    for number, line in enumerate(lines, start=1):
        if wanted in _plain(line):
            return Passage(source=f"seeds/{Path(source).name}", line=number, text=line.strip())
    return None


def card_fields(seed: Any) -> list[tuple[str, str]]:
    """The (field path, text) pairs of a card's seed section that come from the training material."""
    get = seed.get if isinstance(seed, dict) else lambda name: getattr(seed, name, None)
    out = [("seed.features", get("features") or ""), ("seed.example", get("example") or "")]
    out += [(f"seed.coping.{i}", c) for i, c in enumerate(get("coping") or [])]
    if get("success_factor"):
        out.append(("seed.success_factor", get("success_factor")))
    return [(path, text) for path, text in out if text]


def card_provenance(seed: Any, root: Path) -> dict[str, dict[str, Any]]:
    """For each seed field of a card: the passage it quotes, or ``{"authored": True}``."""
    if seed is None:
        return {}
    source = seed.get("source") if isinstance(seed, dict) else getattr(seed, "source", "")
    lines = source_lines(root, str(source or ""))
    out: dict[str, dict[str, Any]] = {}
    for path, text in card_fields(seed):
        found = locate(lines, text, str(source)) if lines else None
        out[path] = found.to_dict() if found else {"authored": True}
    return out
