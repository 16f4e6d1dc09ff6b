"""Application factory: ``create_app(settings)`` builds a complete app, so tests build as many as they need."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError, DBAPIError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from simulator.body_limit import ENVELOPE, MB, BodyLimit
from simulator.config import Settings
from simulator.edge_checks import OUT_OF_RANGE, numbers_fit
from simulator.i18n import lang_of, translate
from simulator.llm.base import ChatProvider
from simulator.llm.factory import build_provider, close_provider
from simulator.llm.speech import build_speech, close_speech
from simulator.logging_setup import configure_logging
from simulator.metrics import DB_ERRORS
from simulator.observability import Observability
from simulator.persistence.catalog_versions import import_builtins
from simulator.persistence.db import is_sqlite_file, make_engine, migrate
from simulator.persistence.inline import run_inline
from simulator.persistence.wal_checkpoint import SAFETY_NET_PAGES, WalCheckpointer
from simulator.routes.api import admin as api_admin
from simulator.routes.api import auth as api_auth
from simulator.routes.api import calls as api_calls
from simulator.routes.api import grades as api_grades
from simulator.routes.api import health as api_health
from simulator.routes.api import metrics as api_metrics
from simulator.routes.api import scenarios as api_scenarios
from simulator.routes.api import sessions as api_sessions
from simulator.routes.certification import ROUTERS as certification_routers
from simulator.routes.pages import admin as page_admin
from simulator.routes.pages import auth as page_auth
from simulator.routes.pages import authoring as page_authoring
from simulator.routes.pages import authoring_personas as page_authoring_personas
from simulator.routes.pages import authoring_scenarios as page_authoring_scenarios
from simulator.routes.pages import call as page_call
from simulator.routes.pages import grade_upload as page_grade_upload
from simulator.routes.pages import trainee as page_trainee
from simulator.routes.roles import LoginRequired
from simulator.routes.trainer import ROUTERS as trainer_routers
from simulator.schemas import error_responses
from simulator.sealing import OpaqueSessionMiddleware
from simulator.security_headers import CSP, SecurityHeaders
from simulator.services.authoring import MAX_IMPORT_BYTES
from simulator.services.errors import ServiceError
from simulator.services.live_catalog import LiveCatalog
from simulator.templating import make_templates, render

log = logging.getLogger(__name__)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _field_of(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form")]
    return ".".join(parts) or "body"


def create_app(settings: Settings | None = None, *, provider: ChatProvider | None = None) -> FastAPI:
    """``provider`` overrides the one Settings describe (tests pass a scripted provider)."""
    settings = settings or Settings()
    configure_logging(settings)  # JSON lines in production (SIM_LOG_FORMAT=json), secrets redacted

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        url = settings.resolved_database_url()
        background_checkpoints = is_sqlite_file(url) and settings.sqlite_checkpoint_seconds > 0
        engine = make_engine(url, busy_timeout_ms=settings.db_busy_timeout_ms,
                             wal_autocheckpoint=SAFETY_NET_PAGES if background_checkpoints else None)
        checkpointer = WalCheckpointer(engine, settings.sqlite_checkpoint_seconds) if background_checkpoints else None
        run_inline(engine, settings.db_inline)  # SQLite: the hot paths' calls on the event loop (inline.py)
        if settings.migrate_on_start:  # several workers: `collector-sim migrate` once, then start them
            migrate(engine)
        app.state.engine = engine
        app.state.wal_checkpointer = checkpointer
        # The catalog lives in the database (issue 5): built-in files are imported once, never overwritten.
        import_builtins(engine, settings.personas_dir, settings.rubrics_dir)
        app.state.live_catalog = LiveCatalog(engine)
        app.state.catalog = app.state.live_catalog.get()  # the startup snapshot; requests use deps.get_catalog
        app.state.provider = provider if provider is not None else build_provider(settings)
        app.state.speech = build_speech(settings)  # server-side speech for call mode (issue 7), or None
        # Startup's objects (catalog, SQLAlchemy, FastAPI) live as long as the app: keep them out of the
        # collector's full passes, which otherwise cost ~100 ms each, a pause every request feels (issue 8).
        gc.freeze()
        if checkpointer is not None:
            checkpointer.start()
        yield
        if checkpointer is not None:
            checkpointer.stop()
        gc.unfreeze()
        if provider is None:
            await close_provider(app.state.provider)
        await close_speech(app.state.speech)
        engine.dispose()

    app = FastAPI(
        title="collector-sim",
        version="0.1.0",
        description="Conversational training simulator for debt-collection staff.",
        lifespan=lifespan,
        docs_url=None,  # served below from vendored assets: the service must work offline
        redoc_url=None,
        dependencies=[Depends(numbers_fit)],  # integer parameters that do not fit the database: 422 (issue 18)
        responses=error_responses(),  # one error shape, documented on every operation (issue 18)
    )

    @app.get("/docs", include_in_schema=False)
    def swagger_ui():
        """Swagger UI from vendored assets, started by a script file: the page keeps the strict CSP."""
        return HTMLResponse((settings.web_dir / "templates" / "public" / "docs.html").read_text(encoding="utf-8"))
    app.state.settings = settings
    app.state.templates = make_templates(settings.web_dir)
    app.add_middleware(
        OpaqueSessionMiddleware,  # the session cookie is sealed, not just signed (issue 18)
        secret_key=settings.resolved_secret_key(),
        session_cookie="sim_session",
        max_age=settings.token_ttl_minutes * 60,
        same_site="lax",
        https_only=settings.cookie_secure,
    )

    # Bodies over the limit are refused before routing and authentication read them (issue 18).
    app.add_middleware(BodyLimit, default_bytes=int(settings.max_body_mb * MB), larger=(
        (r"/api/speech/transcribe", int(settings.speech_max_audio_mb * MB) + ENVELOPE),
        (r"/api/authoring/import|/trainer/[a-z]+/import", MAX_IMPORT_BYTES + ENVELOPE),
    ))
    app.add_middleware(SecurityHeaders, csp=CSP, hsts=settings.cookie_secure)
    app.add_middleware(Observability)  # outermost: request id, access log line, HTTP metrics

    @app.exception_handler(ServiceError)
    async def service_error(request: Request, exc: ServiceError):
        if _is_api(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        message = exc.detail if isinstance(exc.detail, str) else str(exc)  # a list of problems reads as one line
        return render(request, "public/error.html", status_code=exc.status_code, message=message)

    async def database_error(request: Request, exc: DBAPIError):
        """Locked, unreachable or failing database: 503, and the request's transaction was rolled back.
        (An IntegrityError is a bug or a conflict a service should have caught, not an outage: not here.)"""
        DB_ERRORS.labels(type(exc.orig).__name__ if exc.orig is not None else type(exc).__name__).inc()
        log.warning("database error on %s %s: %s", request.method, request.url.path, type(exc.orig).__name__)
        if _is_api(request):  # API details are English "field: what is wrong", like every other error
            return JSONResponse({"detail": translate("db_unavailable", "en")}, status_code=503,
                                headers={"Retry-After": "2"})
        return render(request, "public/error.html", status_code=503,
                      message=translate("db_unavailable", lang_of(request)))

    for unavailable in (OperationalError, InterfaceError):
        app.add_exception_handler(unavailable, database_error)

    async def out_of_range(request: Request, exc: Exception):
        """A number in a body or form too large for the database (SQLite OverflowError, PostgreSQL
        "integer out of range"): the client's mistake, 422, not a 500."""
        if isinstance(exc, DataError) and "out of range" not in str(exc.orig):
            raise exc
        message = f"number: {OUT_OF_RANGE}"
        if _is_api(request):
            return JSONResponse({"detail": message}, status_code=422)
        return render(request, "public/error.html", status_code=422, message=message)

    for too_big in (OverflowError, DataError):
        app.add_exception_handler(too_big, out_of_range)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired):
        expired = "&expired=1" if getattr(request.state, "session_expired", False) else ""
        return RedirectResponse(f"/login?next={request.url.path}{expired}", status_code=303)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        detail = "; ".join(f"{_field_of(tuple(e.get('loc', ())))}: {e.get('msg')}" for e in errors) or "invalid input"
        if _is_api(request):
            return JSONResponse({"detail": detail, "errors": [
                {"field": _field_of(tuple(e.get("loc", ()))), "message": e.get("msg")} for e in errors
            ]}, status_code=422)
        return render(request, "public/error.html", status_code=422, message=detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if _is_api(request) or request.url.path.startswith("/static/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        message = translate("not_found", lang_of(request)) if exc.status_code == 404 else str(exc.detail)
        return render(request, "public/error.html", status_code=exc.status_code, message=message)

    app.mount("/static", StaticFiles(directory=settings.web_dir / "static"), name="static")
    for module in (api_health, api_metrics):  # /healthz, /readyz, /metrics (issue 8)
        app.include_router(module.router)
    for module in (api_auth, api_scenarios, api_sessions, api_grades, page_auth, page_trainee, page_grade_upload):
        app.include_router(module.router)
    for module in (api_admin, page_admin):  # LLM provider and token/cost pages (admin only)
        app.include_router(module.router)
    for router in certification_routers:  # certification, cohorts, HR dashboards (issue 6)
        app.include_router(router)
    for router in trainer_routers:  # trainer review, rule tester, audit log (issue 5)
        app.include_router(router)
    # catalog authoring pages: persona editor with preview, scenario builder, versions (issue 5)
    for module in (page_authoring_scenarios, page_authoring_personas, page_authoring):
        app.include_router(module.router)
    for module in (api_calls, page_call):  # phone-call mode and server-side speech (issue 7)
        app.include_router(module.router)
    return app
