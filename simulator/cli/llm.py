"""`collector-sim llm check` and the LLM side of `play --provider openai` (issue 3).

Kept out of cli.py so the offline commands never import the model stack. The CLI is a client of the
same voice service the web app uses: one prompt, one guard, one fallback rule.
"""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from simulator.config import Settings

if TYPE_CHECKING:  # the offline commands must not pay for importing the engine and the model stack
    from simulator.engine.conversation import Conversation, Reply
    from simulator.engine.history import Line
    from simulator.llm.base import ChatProvider

llm_app = typer.Typer(no_args_is_help=True, help="The LLM that plays the debtors (OpenAI-compatible)")

NOT_CONFIGURED = ("no LLM is configured: set SIM_LLM_MODEL and SIM_LLM_BASE_URL (or SIM_LLM_API_KEY / "
                  "OPENAI_API_KEY for api.openai.com); see README, 'LLM-played debtors'")


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _provider(settings: Settings) -> ChatProvider:
    from simulator.llm.factory import build_provider

    provider = build_provider(settings)
    if provider is None:
        _fail(NOT_CONFIGURED)
    return provider


class LLMVoice:
    """Voices each engine reply through the configured model for ``play --provider openai``.

    One event loop for the whole script, so the HTTP connection is reused between turns.
    """

    def __init__(self, settings: Settings) -> None:
        self.provider = _provider(settings)
        self.settings = settings
        self.lines: list[Line] = []
        self._runner = asyncio.Runner()

    def opened(self, reply: Reply) -> None:
        from simulator.engine.history import Line

        self.lines.append(Line(reply.speaker, reply.text))

    def say(self, convo: Conversation, reply: Reply, message: str) -> tuple[str, bool]:
        """(the line to print, whether the offline engine had to answer)."""
        from simulator.engine.history import Line
        from simulator.practice.voice import Plan, voice_text

        plan = Plan(convo=convo, reply=reply, context_lines=list(self.lines), message=message,
                    budget=self.settings.llm_history_token_budget)
        voiced = self._runner.run(voice_text(self.provider, plan, temperature=self.settings.llm_temperature))
        moves = tuple(reply.analysis.moves) if reply.analysis else ()
        self.lines += [Line("collector", message, moves), Line(reply.speaker, voiced.text)]
        return voiced.text, voiced.fallback

    def close(self) -> None:
        from simulator.llm.factory import close_provider

        self._runner.run(close_provider(self.provider))
        self._runner.close()


@llm_app.command("check")
def check(as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False) -> None:
    """Ask the configured model for a one-word reply: prints provider, model and latency."""
    from simulator.admin.llm import ping
    from simulator.llm.factory import close_provider, endpoint_label

    settings = Settings()
    provider = _provider(settings)

    async def run():
        try:
            return await ping(provider)
        finally:
            await close_provider(provider)

    result = asyncio.run(run())
    if as_json:
        typer.echo(json.dumps({**result.model_dump(), "endpoint": endpoint_label(settings)}, ensure_ascii=False))
    elif result.ok:
        typer.echo(f"provider: {result.provider}  model: {result.model}  endpoint: {endpoint_label(settings)}  "
                   f"latency: {result.latency_ms} ms")
    if not result.ok:
        _fail(f"{result.provider} {result.model}: {result.error}", code=1)
