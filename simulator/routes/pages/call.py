"""The phone-call page (issue 7): dial, ring, talk (voice or text), hang up, read the debrief."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from simulator.deps import CatalogDep, ProviderDep, SessionDep, SettingsDep, SpeechDep
from simulator.i18n import lang_of, translate
from simulator.i18n_call import CALL_JS_KEYS
from simulator.routes.pages.trainee import page_user
from simulator.security import csrf_matches
from simulator.services import call_view, practice
from simulator.services import speech as speech_service
from simulator.services.errors import Forbidden
from simulator.templating import render

router = APIRouter(include_in_schema=False)


@router.post("/call")
def start_call(
    request: Request,
    db: SessionDep,
    catalog: CatalogDep,
    settings: SettingsDep,
    provider: ProviderDep,
    scenario_id: Annotated[str, Form(max_length=80)] = "",
    csrf_token: Annotated[str, Form()] = "",
):
    user = page_user(request, db)
    if not csrf_matches(request.session.get("csrf"), csrf_token):
        raise Forbidden("csrf: the form expired; reload the page and try again")
    session, _ = practice.start_session(db, catalog, user, scenario_id, seed=settings.engine_seed,
                                        provider=provider.name if provider else "offline", mode="call")
    return RedirectResponse(f"/call/{session.id}", status_code=303)


@router.get("/call/{session_id}")
def call_page(session_id: str, request: Request, db: SessionDep, catalog: CatalogDep, settings: SettingsDep,
              speech: SpeechDep):
    user = page_user(request, db)
    context = call_view.call_page(db, catalog, user, session_id)
    lang = lang_of(request)
    return render(request, "trainee/call.html", user=user, silence_seconds=settings.call_silence_seconds,
                  server_speech=speech_service.capabilities(speech), max_chars=settings.max_message_chars,
                  js_strings={key: translate(key, lang) for key in CALL_JS_KEYS}, **context)
