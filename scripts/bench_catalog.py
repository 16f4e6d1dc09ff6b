"""What the database-backed catalog costs on the turn path (issue 5, items 4 and 6).

Builds a throwaway SQLite database, imports the built-ins, and times: a cached ``LiveCatalog.get()`` (every
request), the once-a-second freshness check (``max(catalog_version.id)``), a rebuild after a publish, and
``session_catalog`` (every turn). Run: ``.venv/bin/python scripts/bench_catalog.py``.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session

from simulator.config import PROJECT_ROOT
from simulator.db.catalog_versions import import_builtins
from simulator.db.engine import make_engine, migrate
from simulator.db.live_catalog import LiveCatalog, build_catalog, session_catalog
from simulator.db.models import PracticeSession


def per_call_us(fn: Callable[[], object], n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n * 1e6


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        migrate(engine)
        start = time.perf_counter()
        import_builtins(engine, PROJECT_ROOT / "personas", PROJECT_ROOT / "rubrics")
        print(f"built-in import, first start:       {(time.perf_counter() - start) * 1e3:8.1f} ms")
        start = time.perf_counter()
        import_builtins(engine, PROJECT_ROOT / "personas", PROJECT_ROOT / "rubrics")
        print(f"built-in import again, same process:{(time.perf_counter() - start) * 1e3:8.1f} ms")
        live = LiveCatalog(engine)
        live.get()
        print(f"cached get() (every request):       {per_call_us(live.get, 200_000):8.2f} µs")

        def check() -> None:
            live._checked = 0.0  # force the once-a-second check (the newest id is unchanged: no rebuild)
            live.get()

        print(f"freshness check (once a second):    {per_call_us(check, 2_000):8.1f} µs")
        with Session(engine) as db:
            print(f"rebuild after a publish:            {per_call_us(lambda: build_catalog(db), 50) / 1e3:8.1f} ms")
            catalog = live.get()
            practice = PracticeSession(scenario_id="provocative-m1", persona_id="provocative", archetype="provocative",
                                       stage="M1", difficulty=1, seed=1, user_id=1, persona_version=1,
                                       scenario_version=1)
            print(f"session_catalog() (every turn):     "
                  f"{per_call_us(lambda: session_catalog(db, catalog, practice), 100_000):8.2f} µs")
        engine.dispose()


if __name__ == "__main__":
    main()
