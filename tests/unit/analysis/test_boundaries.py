"""The analyzer stays a pure library: no web, database or LLM imports (design §2)."""

from __future__ import annotations

import ast
from pathlib import Path

import simulator.analysis

FORBIDDEN = ("fastapi", "sqlmodel", "sqlalchemy", "openai", "starlette")


def test_analysis_modules_import_nothing_from_the_web_db_or_llm_layers() -> None:
    package = Path(simulator.analysis.__file__).parent
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"
                assert not name.startswith("simulator.") or name.startswith("simulator.analysis"), f"{path.name} imports {name}"


def test_modules_stay_small() -> None:
    package = Path(simulator.analysis.__file__).parent
    for path in package.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) < 420, path.name
