"""The phone-call page (issue 7): dial, ring, talk (voice or text), hang up, read the debrief."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request

from simulator.deps import CatalogDep, ProviderDep, SessionDep, SettingsDep, SpeechDep
from simulator.practice.calls import speech as speech_service
from simulator.practice.calls import view as call_view
from simulator.practice.pages import start_from_form
from simulator.web.i18n import N_, lang_of, translate
from simulator.web.roles import page_user
from simulator.web.templating import render

# The strings the call page's script shows, handed to it as data (the page has no inline script).
CALL_JS_KEYS = (
    N_("call_dial"), N_("call_redial"), N_("call_ready"), N_("call_ringing"), N_("call_live"),
    N_("call_on_hold"), N_("call_hung_up_by_debtor"), N_("call_ended"), N_("call_grading"), N_("call_mute"),
    N_("call_unmute"), N_("call_hold"), N_("call_resume"), N_("call_listening"), N_("call_transcribing"),
    N_("call_muted_note"), N_("call_no_recognition"), N_("call_server_recognition"), N_("call_no_voice"),
    N_("call_mic_denied"), N_("call_recognition_error"), N_("call_speech_unavailable"), N_("call_interrupted"),
    N_("call_silence_marker"), N_("call_spoken"), N_("call_typed"), N_("you"), N_("debtor"), N_("third_party"),
    N_("error_generic"), N_("error_empty"), N_("error_too_long"), N_("offline_reply"),
    N_("offline_reply_hint"), N_("call_no_answer"), N_("call_answered"), N_("call_attempt_n"),
    N_("call_day_0"), N_("call_day_1"), N_("call_day_2"), N_("call_day_n"), N_("call_night"),
    N_("call_too_soon"), N_("call_pick_time"), N_("call_sms"), N_("carrier"),
)

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
    lang = lang_of(request)
    context = call_view.call_page(db, catalog, user, session_id, lang=lang)
    return render(request, "trainee/call.html", user=user, silence_seconds=settings.call_silence_seconds,
                  server_speech=speech_service.capabilities(speech), max_chars=settings.max_message_chars,
                  js_strings={key: translate(key, lang) for key in CALL_JS_KEYS}, **context)
