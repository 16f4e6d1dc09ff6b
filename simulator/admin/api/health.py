"""Liveness and readiness probes: unauthenticated, tiny, no secrets.

``/healthz`` says the process serves HTTP (a liveness probe: restart when it fails). ``/readyz`` says
this worker can do useful work (a readiness probe: take it out of the load balancer when it fails).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from simulator.admin import health
from simulator.deps import SettingsDep

router = APIRouter(tags=["operations"])


@router.get("/healthz", include_in_schema=False)
async def healthz() -> dict[str, str]:  # no I/O: answered on the event loop, no thread hop
    return {"status": "ok"}


@router.get("/readyz", include_in_schema=False)
async def readyz(request: Request, settings: SettingsDep) -> JSONResponse:
    """200 when the database answers, its schema is at head and the catalog is loaded; else 503
    naming the failing check. The model server is reported, not called (see docs/deploy/README.md)."""
    state = request.app.state
    result = await health.readiness(getattr(state, "engine", None), getattr(state, "catalog", None),
                                    llm_configured=getattr(state, "provider", None) is not None,
                                    timeout=settings.readiness_timeout)
    return JSONResponse(result.to_dict(), status_code=200 if result.ready else 503,
                        headers={"Cache-Control": "no-store"})
