"""``GET /metrics`` for Prometheus: a bearer token (``SIM_METRICS_TOKEN``) or an admin's login."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from simulator.admin import health
from simulator.core.errors import ServiceError
from simulator.core.metrics import CONTENT_TYPE
from simulator.deps import SessionDep, SettingsDep, resolve_user

router = APIRouter(tags=["operations"])


def _scraper_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


@router.get("/metrics", include_in_schema=False)
def prometheus_metrics(request: Request, db: SessionDep, settings: SettingsDep) -> Response:
    expected = settings.metrics_token.get_secret_value() if settings.metrics_token else None
    given = _scraper_token(request)
    if not (expected and given and secrets.compare_digest(given.encode(), expected.encode())):
        try:
            user = resolve_user(request, db, settings)
        except ServiceError as exc:
            return JSONResponse({"detail": "metrics: send Authorization: Bearer <SIM_METRICS_TOKEN> "
                                           "or log in as an admin"}, status_code=exc.status_code)
        if user.role != "admin":
            return JSONResponse({"detail": "role: /metrics needs the metrics token or the role admin"},
                                status_code=403)
    body = health.metrics_exposition(db, multiproc_dir=settings.prometheus_multiproc_dir)
    return Response(body, media_type=CONTENT_TYPE, headers={"Cache-Control": "no-store"})
