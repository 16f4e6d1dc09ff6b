from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from simulator.accounts.assignments import hidden_scenarios
from simulator.catalog.provenance import card_provenance, source_lines
from simulator.core.errors import Forbidden, InvalidInput, NotFound
from simulator.core.security import csrf_matches
from simulator.deps import CatalogDep, ProviderDep, SessionDep, SettingsDep
from simulator.practice import branching, debrief, hinting
from simulator.practice import service as practice
from simulator.practice.clock import call_clock
from simulator.practice.debrief_view import debrief_view
from simulator.practice.exams import service as exams
from simulator.practice.feedback import feedback
from simulator.practice.scenarios import (
    STAGE_ORDER,
    by_level,
    scenario_marks,
    scenario_summaries,
    session_view,
)
from simulator.web.i18n import lang_of
from simulator.web.navigation import home_for
from simulator.web.roles import page_user
from simulator.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, db: SessionDep):
    """Each role's home (issue 20): a trainee's path, a trainer's review queue, HR's overview, an admin's status."""
    return RedirectResponse(home_for(page_user(request, db).role), status_code=303)


@router.get("/scenarios")
def scenarios_page(request: Request, db: SessionDep, catalog: CatalogDep):
    user = page_user(request, db)
    lang = lang_of(request)
    cards = by_level(scenario_summaries(catalog, lang, hidden=hidden_scenarios(db, user)))
    names = {p.id: p.name.model_dump() for p in catalog.personas.values()}
    # A filter chip only for what has cards behind it: a cloned persona with no scenario yet adds none.
    personas = list(dict.fromkeys(c.persona for c in cards if c.situation == "none"))
    stages = sorted({c.stage for c in cards}, key=lambda st: STAGE_ORDER.get(st, 9))
    return render(request, "trainee/scenarios.html", user=user, scenarios=cards, persona_names=names,
                  filter_personas=personas, stages=stages, has_situations=any(c.situation != "none" for c in cards),
                  marks=scenario_marks(db, user))


@router.get("/guide")
def guide_page(request: Request, db: SessionDep, catalog: CatalogDep, settings: SettingsDep):
    user = page_user(request, db)
    personas = list(catalog.personas.values())
    return render(request, "trainee/guide.html", user=user, personas=personas,
                  provenance={p.id: card_provenance(p.seed, settings.seeds_dir) for p in personas})


@router.get("/sources/{name}")
def source_page(name: str, request: Request, db: SessionDep, settings: SettingsDep):
    """The training material a card quotes (issue 21), line by line; ``#L224`` marks the line quoted."""
    user = page_user(request, db)
    lines = source_lines(settings.seeds_dir, name)
    if lines is None:
        raise NotFound(f"name: unknown source {name!r}", field="name")
    return render(request, "trainee/source.html", user=user, name=name, lines=lines)


def form_user(request: Request, db, csrf_token: str):
    """The signed-in user posting one of the practice forms, once the form's CSRF token is checked."""
    user = page_user(request, db)
    if not csrf_matches(request.session.get("csrf"), csrf_token):
        raise Forbidden("csrf: the form expired; reload the page and try again")
    return user


def start_from_form(request: Request, db, catalog, settings, provider, scenario_id: str, csrf_token: str,
                    *, mode: str) -> RedirectResponse:
    """The scenario cards' start buttons (chat or call): check CSRF, start, go to the page."""
    user = form_user(request, db, csrf_token)
    scenario = catalog.scenario(scenario_id)
    if scenario is not None and scenario.call_only():
        mode = "call"  # e.g. "next up" on the path page: nobody answers the first call, so it is a phone call
    session, _ = practice.start_session(db, catalog, user, scenario_id, seed=settings.engine_seed,
                                        provider=provider.name if provider else "offline", mode=mode)
    return RedirectResponse(f"/{'call' if mode == 'call' else 'practice'}/{session.id}", status_code=303)


@router.post("/practice")
def start_practice(
    request: Request,
    db: SessionDep,
    catalog: CatalogDep,
    settings: SettingsDep,
    provider: ProviderDep,
    scenario_id: Annotated[str, Form(max_length=80)] = "",
    csrf_token: Annotated[str, Form()] = "",
):
    return start_from_form(request, db, catalog, settings, provider, scenario_id, csrf_token, mode="chat")


@router.get("/practice/{session_id}")
def practice_page(session_id: str, request: Request, db: SessionDep, catalog: CatalogDep):
    user = page_user(request, db)
    session, turns = practice.get_session(db, catalog, user, session_id)
    exam_name = None
    if session.exam_id is not None:  # an exam call (issue 21): ended and graded once its time is up
        if exams.expire_if_due(db, catalog, session):
            session, turns = practice.get_session(db, catalog, user, session_id)
        exam_name = exams.exam_name(db, session)
    view = session_view(db, catalog, session)  # the versions the session plays
    grade = debrief.current_grade(db, session)
    ended = session.status == "ended"
    return render(
        request,
        "trainee/practice.html",
        user=user,
        session=session,
        turns=turns,
        view=view,
        summary=session.summary,
        grade=grade,
        mood=debrief.mood_curve(db, session) if ended else None,
        teach=debrief_view(db, catalog, session, grade, user, lang=lang_of(request), view=view) if ended else None,
        dim_names=debrief.dimension_names(catalog),
        feedback=feedback(db, session),
        owner=session.user_id == user.id,
        clock=call_clock(db, catalog, session),
        exam_name=exam_name,
    )


@router.post("/practice/{session_id}/retry")
def retry_practice(
    session_id: str,
    request: Request,
    db: SessionDep,
    catalog: CatalogDep,
    settings: SettingsDep,
    provider: ProviderDep,
    csrf_token: Annotated[str, Form()] = "",
):
    """「再练一次」: the same scenario, same mode, a new seed; lands on the new call's page."""
    user = form_user(request, db, csrf_token)
    session = practice.retry_session(db, catalog, user, session_id, fixed_seed=settings.engine_seed is not None,
                                     provider=provider.name if provider else "offline")
    return RedirectResponse(f"/{'call' if session.mode == 'call' else 'practice'}/{session.id}", status_code=303)


@router.post("/practice/{session_id}/hints")
def toggle_hints(
    session_id: str,
    request: Request,
    db: SessionDep,
    on: Annotated[str, Form(max_length=8)] = "",
    csrf_token: Annotated[str, Form()] = "",
):
    """提示 on or off for the rest of a running chat (issue 21): back to the same page."""
    user = form_user(request, db, csrf_token)
    if on not in ("true", "false"):
        raise InvalidInput("on: must be true or false", field="on")
    session = practice.load_session(db, user, session_id, write=True)
    hinting.set_hints(db, session, on == "true")
    return RedirectResponse(f"/practice/{session.id}", status_code=303)


@router.post("/practice/{session_id}/leave")
def leave_call(
    session_id: str,
    request: Request,
    db: SessionDep,
    csrf_token: Annotated[str, Form()] = "",
):
    """「离开通话」 (issue 21): the call ends at once, ungraded; back to its page, which says so."""
    user = form_user(request, db, csrf_token)
    session = debrief.leave_session(db, user, session_id)
    return RedirectResponse(f"/{'call' if session.mode == 'call' else 'practice'}/{session.id}", status_code=303)


@router.post("/practice/{session_id}/branch")
def branch_call(
    session_id: str,
    request: Request,
    db: SessionDep,
    catalog: CatalogDep,
    turn: Annotated[str, Form(max_length=8)] = "",
    csrf_token: Annotated[str, Form()] = "",
):
    """「从这句重来」 (issue 21): continue the call from just before that line, as a branch."""
    user = form_user(request, db, csrf_token)
    if not turn.isdigit():
        raise InvalidInput("turn: must be the number of one of your lines", field="turn")
    session = branching.branch_session(db, catalog, user, session_id, int(turn))
    return RedirectResponse(f"/practice/{session.id}", status_code=303)


@router.get("/sessions")
def sessions_page(request: Request, db: SessionDep, catalog: CatalogDep):
    user = page_user(request, db)
    rows = practice.list_sessions(db, user)
    titles = {s.id: s.title for s in catalog.scenarios.values()}
    grades = practice.session_grades(db, [s for s, _ in rows])
    return render(request, "trainee/sessions.html", user=user, rows=rows, titles=titles, grades=grades)
