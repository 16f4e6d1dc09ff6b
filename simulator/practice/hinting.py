"""Sparse hints in a practice call (issue 21, item 4): when the trainee opted in, the hint (if any) that
follows a debtor's reply, from the call's state and the archetype's coping technique (grading/hints.py).

A hint is stored with the reply it follows (``turn.hint``) so the transcript, the debrief and the trainer
show exactly what the trainee saw; it never changes the grade.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from simulator.core.errors import Conflict
from simulator.db import repository as repo
from simulator.db.models import PracticeSession, Turn
from simulator.engine.conversation import Conversation, Reply
from simulator.grading.hints import HintTurn, next_hint

log = logging.getLogger(__name__)


def hint_for_reply(db: Session, practice: PracticeSession, convo: Conversation, reply: Reply,
                   reply_index: int) -> dict[str, Any] | None:
    """The hint to show after ``reply`` (not yet stored), or None. A failure here never costs the turn."""
    try:
        turns = list(repo.list_turns(session=db, session_id=practice.id))
        anger = (reply.state_dict() or {}).get("anger")
        read = [_read(t) for t in turns] + [HintTurn(reply_index, reply.speaker, intent=reply.intent, anger=anger)]
        seed = convo.card.seed
        found = next_hint(read, convo.call_state, coping=seed.coping if seed else [],
                          coping_source=seed.source if seed else "",
                          given=[t.hint for t in turns if t.hint])
    except Exception:  # a hint is a nicety: the reply is stored whatever happens here
        log.exception("hint failed for session %s", practice.id)
        return None
    return found.to_dict() if found else None


def _read(turn: Turn) -> HintTurn:
    moves = tuple((turn.analysis or {}).get("moves") or ()) if turn.speaker == "collector" else ()
    anger = (turn.state or {}).get("anger") if turn.speaker != "collector" else None
    return HintTurn(turn.index, turn.speaker, intent=turn.intent, moves=moves, anger=anger)


def set_hints(db: Session, practice: PracticeSession, on: bool) -> PracticeSession:
    """Opt in to hints for the rest of a running call, or out again (the owner only: see ``load_session``)."""
    if practice.status != "active":
        raise Conflict("hints: this call has ended", field="hints")
    if practice.exam_id is not None and on:
        raise Conflict("hints: there are no hints in an exam", field="hints")
    repo.update_practice(session=db, practice=practice, values={"hints": bool(on)})
    db.commit()
    return practice


def hints_given(turns: Sequence[Turn]) -> list[dict[str, Any]]:
    """The hints a call showed, in order, each with the transcript index of the reply it followed."""
    return [{**t.hint, "after": t.index} for t in turns if t.hint]

