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


def _imported_names(path: Path) -> set[str]:
    """``module.name`` for every ``from module import name`` (absolute imports)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names |= {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
    return names


SQL_BUILDERS = ("select", "insert", "update", "delete", "case", "func", "text")


def test_services_build_no_sql():
    """Queries live in ``persistence/`` (issue 19); a service may hold a Session and catch its errors."""
    for path in (PROJECT_ROOT / "simulator" / "services").rglob("*.py"):
        for name in _imported_names(path):
            module, _, leaf = name.rpartition(".")
            builds = module in ("sqlalchemy", "sqlmodel") and leaf in SQL_BUILDERS
            assert not builds and not name.startswith("sqlalchemy.dialects"), \
                f"{path.relative_to(PROJECT_ROOT)} imports {name}: move the query to simulator/persistence/"


def test_routes_import_no_page_module_from_below():
    """Shared route helpers (``routes/roles.py``: the page's user and role checks) depend on no page module."""
    assert not any(n.startswith("simulator.routes.pages") for n in _imported_names(
        PROJECT_ROOT / "simulator" / "routes" / "roles.py"))
    for path in (PROJECT_ROOT / "simulator" / "routes" / "pages").glob("*.py"):
        assert not {"simulator.routes.pages.trainee.page_user", "simulator.routes.pages.trainee.LoginRequired"} \
            & _imported_names(path), path


def test_api_routes_call_services_not_the_database_runner():
    """An API route makes one service call; where the database calls run (``persistence/inline.py``) is the
    service's business (issue 19: the turn route used to call a second service for the clock)."""
    for path in (PROJECT_ROOT / "simulator" / "routes" / "api").glob("*.py"):
        assert not {n for n in _imported_names(path) if n.startswith("simulator.persistence.inline")}, path


def test_the_translation_layer_imports_no_web_framework():
    """``i18n*.py`` is data and lookups; pages, the API, the CLI and exports all use it (issue 19)."""
    for path in (PROJECT_ROOT / "simulator").glob("i18n*.py"):
        bad = imports_of(path) & {"fastapi", "starlette", "jinja2"}
        assert not bad, f"{path.name} imports {bad}"
