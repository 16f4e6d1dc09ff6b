"""Request and response bodies of dialing a phone-mode call (issue 7): attempts and text messages."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

HHMM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


class DialRequest(BaseModel):
    """The first call is placed at the scenario's time; a call back says when (``day`` 0 = the
    scenario's day, ``at`` the time of day), later than the last attempt."""

    model_config = ConfigDict(extra="forbid")
    day: int | None = Field(default=None, ge=0, le=6)
    at: Annotated[str, Field(pattern=HHMM)] | None = None


class DialAttempt(BaseModel):
    attempt: int
    day: int
    at: str
    answered: bool
    night: bool = False  # outside 08:00–22:00
    too_soon: bool = False  # sooner than the scenario's min_redial_minutes after a call nobody answered


class DialReply(BaseModel):
    attempt: DialAttempt
    answered: bool
    carrier: str | None = None  # the operator's recorded prompt when nobody picks up
    opening: str | None = None  # what whoever picks up says first
    speaker: str | None = None  # debtor | third_party
    turn: int | None = None


class SmsRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(max_length=500)


class SmsReply(BaseModel):
    turn: int
    text: str
