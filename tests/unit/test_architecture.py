"""The dependency direction of design §2: engine, grading and analysis stay free of web, DB and LLM SDKs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from simulator.config import PROJECT_ROOT

PURE = ("engine", "analysis", "grading", "catalog", "certification")
FORBIDDEN = ("fastapi", "sqlmodel", "sqlalchemy", "openai", "starlette")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", PURE)
def test_pure_packages_do_not_import_web_db_or_llm_sdks(package):
    folder = PROJECT_ROOT / "simulator" / package
    for path in folder.rglob("*.py"):
        bad = imports_of(path) & set(FORBIDDEN)
        assert not bad, f"{path.relative_to(PROJECT_ROOT)} imports {bad}"


def test_only_the_openai_provider_imports_openai():
    for path in (PROJECT_ROOT / "simulator").rglob("*.py"):
        if path.name == "openai_provider.py":
            continue
        assert "openai" not in imports_of(path), path


def test_no_environment_reads_outside_settings():
    for path in (PROJECT_ROOT / "simulator").rglob("*.py"):
        if path.name == "config.py":
            continue
        assert "os.environ" not in path.read_text(encoding="utf-8"), path


def test_routes_do_not_query_the_database():
    for path in (PROJECT_ROOT / "simulator" / "routes").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "select(" not in text and "repository" not in text, path
