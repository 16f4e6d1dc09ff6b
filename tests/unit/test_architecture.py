"""Where code lives and which way imports point (design §2, issue 19).

The package is a stack of layers. A module may import its own layer and the layers below it, never one above:
that one rule gives an import graph with no upward arrow and no cycle between packages. Inside the stack,

- the pure domain (engine, analysis, grading, catalog, llm, certification rules) imports no web framework, ORM
  or database driver, and only ``llm/openai_provider.py`` imports the ``openai`` SDK;
- infrastructure (``core``, ``db``, ``deps``, ``web``) imports no domain package;
- each domain package (accounts, certification, practice, authoring, review, admin) owns its services, schemas
  and routes; routes call services, never the database, and no package imports another's routes;
- queries are built in ``db/`` only (``db/repository/`` has a module per domain).
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

from simulator.config import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "simulator"

# Bottom to top. A module's layer is its longest matching prefix.
LAYERS = (
    "config", "messages",  # settings and the message catalogs: every layer may read them
    "analysis", "catalog", "llm", "engine", "grading", "certification.rules",  # the pure domain
    "core", "db", "deps", "web",  # infrastructure
    "accounts", "certification", "practice", "authoring", "review", "admin",  # the domain packages
    "app", "cli", "__main__",
)
PURE = ("analysis", "catalog", "llm", "engine", "grading", "certification.rules")
INFRASTRUCTURE = ("core", "db", "deps", "web")
DOMAINS = ("accounts", "certification", "practice", "authoring", "review", "admin")
WEB_DB_SDKS = ("fastapi", "starlette", "sqlmodel", "sqlalchemy", "psycopg", "jinja2", "openai")
SQL_BUILDERS = ("select", "insert", "update", "delete", "case", "func", "text")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of the package but its (empty) root ``__init__``."""
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if p != PACKAGE / "__init__.py"}


@cache
def imports(name: str) -> frozenset[str]:
    """Every ``module.name`` or ``module`` an absolute import names, at module level or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(modules()[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return frozenset(found)


def project_imports(name: str) -> set[str]:
    """The project modules ``name`` imports (``from pkg import module`` counts as importing the module)."""
    out = set()
    for target in imports(name):
        if not target.startswith("simulator."):
            continue
        out.add(target if target in modules() else target.rsplit(".", 1)[0])
    return out - {name, "simulator"}


def layer(name: str) -> str:
    inner = name.removeprefix("simulator.")
    return max((p for p in LAYERS if inner == p or inner.startswith(p + ".")), key=len)


def in_layers(*names: str) -> list[str]:
    return [m for m in modules() if layer(m) in names]


def is_route(name: str) -> bool:
    return bool(re.search(r"\.(api|pages)(\.|$)", name))


def test_every_module_has_a_layer():
    for name in modules():
        assert layer(name), f"{name}: add its package to LAYERS"


def test_no_import_points_up_the_stack():
    """The rule that keeps the graph acyclic: ``web`` cannot import a domain, ``practice`` cannot import
    ``review``, the pure domain cannot import the database."""
    rank = {p: i for i, p in enumerate(LAYERS)}
    upward = [f"{m} -> {t}" for m in modules() for t in project_imports(m) if rank[layer(t)] > rank[layer(m)]]
    assert not upward, "imports that point up the stack:\n" + "\n".join(sorted(upward))


def test_no_module_import_cycle():
    graph = {m: project_imports(m) & set(modules()) for m in modules()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert not cycles, cycles


@pytest.mark.parametrize("package", PURE)
def test_the_pure_domain_imports_no_web_framework_orm_or_sdk(package):
    for name in in_layers(package):
        allowed = {"openai"} if name.endswith("openai_provider") else set()
        bad = {t.split(".")[0] for t in imports(name)} & (set(WEB_DB_SDKS) - allowed)
        assert not bad, f"{name} imports {bad}"


def test_only_the_openai_provider_imports_openai():
    for name in modules():
        if not name.endswith("openai_provider"):
            assert not {t for t in imports(name) if t.split(".")[0] == "openai"}, name


def test_infrastructure_imports_no_domain_package():
    for name in in_layers(*INFRASTRUCTURE):
        bad = {t for t in project_imports(name) if layer(t) in DOMAINS}
        assert not bad, f"{name} imports {bad}"


def test_queries_are_built_in_db_only():
    for name in modules():
        if layer(name) == "db":
            continue
        for target in imports(name):
            module, _, leaf = target.rpartition(".")
            builds = module in ("sqlalchemy", "sqlmodel") and leaf in SQL_BUILDERS
            assert not builds and not target.startswith("sqlalchemy.dialects"), \
                f"{name} imports {target}: move the query to simulator/db/repository/"


def test_routes_call_services_not_the_database_or_the_engine():
    """A route parses the request, calls a service and shapes the answer. The database (bar the table
    types), where its calls run (``db/inline.py``), the engine, the analyzer and the model client are the
    services' business."""
    for name in filter(is_route, modules()):
        bad = {t for t in project_imports(name)
               if (layer(t) == "db" and t != "simulator.db.models") or layer(t) in ("engine", "analysis", "llm")}
        assert not bad, f"{name} imports {bad}"


def test_no_module_imports_another_packages_routes():
    """Routes are the top of each domain: only the app (its one list of routers) includes them, and the
    helpers pages share (the user, role checks) live in ``web/roles.py``."""
    for name in modules():
        if layer(name) in ("app", "cli", "__main__"):
            continue
        for target in project_imports(name):
            if is_route(target):
                assert layer(target) == layer(name) and is_route(name), f"{name} imports the route module {target}"


def test_the_package_root_holds_only_the_app_its_settings_its_words_and_dependencies():
    loose = {p.name for p in PACKAGE.glob("*.py")}
    assert loose <= {"__init__.py", "__main__.py", "app.py", "config.py", "messages.py", "deps.py"}, loose


def test_no_catch_all_services_folder():
    assert not [p for p in PACKAGE.rglob("services") if p.is_dir()]


def test_every_domain_package_says_what_it_holds():
    for package in DOMAINS + INFRASTRUCTURE[:2] + ("web", "cli"):
        init = PACKAGE / package / "__init__.py"
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), f"{init}: say what lives here"


def test_no_environment_reads_outside_settings():
    for name, path in modules().items():
        if name != "simulator.config":
            assert "os.environ" not in path.read_text(encoding="utf-8"), name


def test_the_translation_layer_imports_no_web_framework():
    """Messages are data and lookups; pages, the API, the CLI and exports all use them."""
    for name in modules():
        if name in ("simulator.web.i18n", "simulator.web.labels"):
            bad = {t.split(".")[0] for t in imports(name)} & {"fastapi", "starlette", "jinja2"}
            assert not bad, f"{name} imports {bad}"


JS = PROJECT_ROOT / "web" / "static" / "js"
JS_IMPORT = re.compile(r"""^\s*import\b[^'"]*['"]\./([\w.-]+\.js)['"]""", re.M)


def test_browser_modules_import_each_other_without_a_cycle():
    graph = {p.name: set(JS_IMPORT.findall(p.read_text(encoding="utf-8"))) for p in JS.glob("*.js")}
    state: dict[str, int] = {}

    def visit(node: str, path: tuple[str, ...]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            assert state.get(nxt) != 1, f"import cycle: {' -> '.join(path[path.index(nxt):] + (nxt,))}"
            if nxt not in state:
                visit(nxt, path + (nxt,))
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, (start,))


def test_the_unit_tier_refuses_a_database_connection():
    """``tests/unit/conftest.py`` keeps this tier fast and hermetic; this checks its guard is on."""
    from sqlalchemy import create_engine

    with pytest.raises(AssertionError, match="tests/integration"):
        create_engine("sqlite://").connect()
