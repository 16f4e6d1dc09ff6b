"""Application factory: ``create_app(settings)`` builds a complete app, so tests build as many as they need."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError, DBAPIError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from simulator.accounts import api as accounts_api
from simulator.accounts import pages as accounts_pages
from simulator.accounts import user_pages
from simulator.admin import pages as admin_pages
from simulator.admin.api import audit as audit_api
from simulator.admin.api import health as health_api
from simulator.admin.api import llm as llm_api
from simulator.admin.api import metrics as metrics_api
from simulator.authoring.api import approvals as approvals_api
from simulator.authoring.api import documents as authoring_api
from simulator.authoring.api import from_call as from_call_api
from simulator.authoring.api import rubrics as rubrics_api
from simulator.authoring.pages import approvals as approvals_pages
from simulator.authoring.pages import documents as authoring_pages
from simulator.authoring.pages import from_call as from_call_pages
from simulator.authoring.pages import personas as personas_pages
from simulator.authoring.pages import rubrics as rubrics_pages
from simulator.authoring.pages import scenarios as scenario_pages
from simulator.authoring.service import MAX_IMPORT_BYTES
from simulator.certification.api import access as access_api
from simulator.certification.api import certificates as certificates_api
from simulator.certification.api import cohorts as cohorts_api
from simulator.certification.api import dashboards as dashboards_api
from simulator.certification.api import exports as exports_api
from simulator.certification.api import me as me_api
from simulator.certification.api import programmes as programmes_api
from simulator.certification.api import records as records_api
from simulator.certification.pages import access as access_pages
from simulator.certification.pages import certificates as certificates_pages
from simulator.certification.pages import cohorts as cohorts_pages
from simulator.certification.pages import dashboards as dashboards_pages
from simulator.certification.pages import exports as exports_pages
from simulator.certification.pages import path as path_pages
from simulator.certification.pages import programmes as programmes_pages
from simulator.certification.pages import records as records_pages
from simulator.config import Settings
from simulator.core.errors import ServiceError
from simulator.core.logging_setup import configure_logging
from simulator.core.metrics import DB_ERRORS
from simulator.core.observability import Observability
from simulator.core.sealing import OpaqueSessionMiddleware
from simulator.db.catalog_versions import import_builtins
from simulator.db.engine import is_sqlite_file, make_engine, migrate
from simulator.db.inline import run_inline
from simulator.db.live_catalog import LiveCatalog
from simulator.db.wal_checkpoint import SAFETY_NET_PAGES, WalCheckpointer
from simulator.llm.base import ChatProvider
from simulator.llm.factory import build_provider, close_provider
from simulator.llm.speech import build_speech, close_speech
from simulator.practice import pages as practice_pages
from simulator.practice.api import scenarios as scenarios_api
from simulator.practice.api import sessions as sessions_api
from simulator.practice.api import sources as sources_api
from simulator.practice.calls import api as calls_api
from simulator.practice.calls import pages as calls_pages
from simulator.practice.cases import api as cases_api
from simulator.practice.cases import pages as cases_pages
from simulator.practice.exams import api as exams_api
from simulator.practice.exams import pages as exams_pages
from simulator.practice.schemas import error_responses
from simulator.review.api import grades as grades_api
from simulator.review.api import sessions as review_api
from simulator.review.pages import grades as grades_pages
from simulator.review.pages import sessions as review_pages
from simulator.web.body_limit import ENVELOPE, MB, BodyLimit
from simulator.web.edge_checks import OUT_OF_RANGE, numbers_fit
from simulator.web.i18n import label, lang_of, problem_text, translate
from simulator.web.labels import LABELS
from simulator.web.roles import LoginRequired, PasswordChangeRequired
from simulator.web.security_headers import CSP, SecurityHeaders
from simulator.web.templating import make_templates, render

# Every router of the app, in the order they are matched: the one list of routes (add a new route module here).
ROUTERS: tuple[APIRouter, ...] = tuple(module.router for module in (
    health_api, metrics_api,  # /healthz, /readyz, /metrics (admin)
    accounts_api, scenarios_api, sessions_api, sources_api, grades_api, accounts_pages, practice_pages, grades_pages,
    llm_api, admin_pages,  # LLM provider, token/cost and guard pages (admin)
    cohorts_api, cohorts_pages, programmes_api, programmes_pages, dashboards_api, dashboards_pages,
    access_api, access_pages, certificates_api, certificates_pages, exports_api, exports_pages,
    records_api, records_pages,  # certification and HR (certification)
    approvals_api, approvals_pages,  # pass-rule approvals (authoring)
    me_api, path_pages,  # the trainee's own path (certification)
    review_api, audit_api, review_pages,  # trainer review (review), the audit log (admin)
    from_call_api,  # drafts from a real call, before authoring_api's /{kind}/{object_id} routes
    authoring_api, rubrics_api, rubrics_pages,  # catalog authoring API, rubric and rule-pack editors
    scenario_pages, personas_pages, authoring_pages, from_call_pages,  # scenario builder, persona editor, versions
    calls_api, calls_pages,  # phone-call mode (practice.calls)
    cases_api, cases_pages,  # multi-call cases (practice.cases)
    exams_api, exams_pages,  # exam mode (practice.exams)
    user_pages,  # accounts in the browser: /admin/users, /account/password
))

log = logging.getLogger(__name__)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _field_of(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form")]
    return ".".join(parts) or "body"


def _headline(status: int, lang: str) -> str | None:
    """An error page's first line in the reader's language (None: the page shows the message itself)."""
    return label("http_status", status, lang) if str(status) in LABELS["http_status"] else None


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
        lang = lang_of(request)
        problems = [problem_text(p, lang) for p in getattr(exc, "problems", None) or [] if getattr(p, "code", None)]
        return render(request, "public/error.html", status_code=exc.status_code, message=message,
                      headline=_headline(exc.status_code, lang), problems=problems)

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
        return render(request, "public/error.html", status_code=422, message=message,
                      headline=_headline(422, lang_of(request)))

    for too_big in (OverflowError, DataError):
        app.add_exception_handler(too_big, out_of_range)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired):
        expired = "&expired=1" if getattr(request.state, "session_expired", False) else ""
        return RedirectResponse(f"/login?next={request.url.path}{expired}", status_code=303)

    @app.exception_handler(PasswordChangeRequired)
    async def password_change_required(_request: Request, _exc: PasswordChangeRequired):
        return RedirectResponse("/account/password", status_code=303)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        detail = "; ".join(f"{_field_of(tuple(e.get('loc', ())))}: {e.get('msg')}" for e in errors) or "invalid input"
        if _is_api(request):
            return JSONResponse({"detail": detail, "errors": [
                {"field": _field_of(tuple(e.get("loc", ()))), "message": e.get("msg")} for e in errors
            ]}, status_code=422)
        return render(request, "public/error.html", status_code=422, message=detail,
                      headline=_headline(422, lang_of(request)))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if _is_api(request) or request.url.path.startswith("/static/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        message = translate("not_found", lang_of(request)) if exc.status_code == 404 else str(exc.detail)
        return render(request, "public/error.html", status_code=exc.status_code, message=message,
                      headline=_headline(exc.status_code, lang_of(request)) if exc.status_code != 404 else None)

    app.mount("/static", StaticFiles(directory=settings.web_dir / "static"), name="static")
    for router in ROUTERS:
        app.include_router(router)
    return app
