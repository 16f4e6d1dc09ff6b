"""The phone-call page (issue 7): dial, ring, talk (voice or text), hang up, read the debrief."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request

from simulator.deps import CatalogDep, ProviderDep, SessionDep, SettingsDep, SpeechDep
from simulator.practice.calls import speech as speech_service
from simulator.practice.calls import view as call_view
from simulator.practice.pages import start_from_form
from simulator.web.i18n import lang_of, translate
from simulator.web.messages.call import CALL_JS_KEYS
from simulator.web.roles import page_user
from simulator.web.templating import render

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
    return start_from_form(request, db, catalog, settings, provider, scenario_id, csrf_token, mode="call")


@router.get("/call/{session_id}")
def call_page(session_id: str, request: Request, db: SessionDep, catalog: CatalogDep, settings: SettingsDep,
              speech: SpeechDep):
    user = page_user(request, db)
    context = call_view.call_page(db, catalog, user, session_id)
    lang = lang_of(request)
    return render(request, "trainee/call.html", user=user, silence_seconds=settings.call_silence_seconds,
                  server_speech=speech_service.capabilities(speech), max_chars=settings.max_message_chars,
                  js_strings={key: translate(key, lang) for key in CALL_JS_KEYS}, **context)
