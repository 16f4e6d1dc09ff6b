"""Read JSON Lines files with errors that name the file and the line (one place for every loader)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path


def iter_objects(path: str | Path, expected: str) -> Iterator[tuple[str, dict]]:
    """Yield ("FILE: line N", object) for each non-blank line; ValueError on bad JSON or a non-object.

    ``expected`` names the fields an object should have, for the error message.
    """
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            where = f"{path}: line {lineno}"
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{where}: invalid JSON ({exc.msg})") from None
            if not isinstance(obj, dict):
                raise ValueError(f"{where}: expected a JSON object with {expected}")
            yield where, obj
