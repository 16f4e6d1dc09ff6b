"""`collector-sim grade FILE [--rubric ID] [--json]` (design §7)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from simulator.config import Settings


def grade_command(
    file: Annotated[Path, typer.Argument(help="a transcript (JSON) or JSON Lines of transcripts")],
    rubric: Annotated[str, typer.Option(help="rubric id")] = "default",
    as_json: Annotated[bool, typer.Option("--json", help="one grade object per transcript, JSON Lines")] = False,
    judge: Annotated[bool, typer.Option(help="also ask the configured LLM judge (rules only without one)")] = False,
) -> None:
    """Grade transcripts against a rubric: scores, quoted evidence, violations and better phrasings."""
    from simulator.catalog.loader import CatalogError, load_catalog
    from simulator.grading.grader import grade
    from simulator.grading.judge import ask_all as judge_all
    from simulator.grading.transcript import TranscriptError, load_transcripts

    def fail(message: str) -> None:
        typer.echo(f"error: {message}", err=True)
        raise typer.Exit(2)

    settings = Settings()
    if not file.is_file():
        fail(f"FILE: no such file {file}")
    try:
        catalog = load_catalog(settings.personas_dir, settings.rubrics_dir)
        transcripts = load_transcripts(file)
    except (CatalogError, TranscriptError) as exc:
        fail(str(exc))
    chosen = catalog.rubric(rubric)
    if chosen is None:
        fail(f"--rubric: unknown rubric {rubric!r}; known: {', '.join(catalog.rubrics)}")
    provider = None
    if judge:
        from simulator.llm import factory  # built by the LLM provider work

        provider = factory.build_provider(settings)
        if provider is None:
            fail("--judge: no LLM is configured (set SIM_LLM_BASE_URL, SIM_LLM_API_KEY, SIM_LLM_MODEL)")
    pack = catalog.rule_packs[chosen.rule_pack]
    verdicts = judge_all(provider, chosen, transcripts) if provider is not None else [None] * len(transcripts)
    for transcript, verdict in zip(transcripts, verdicts, strict=True):
        result = grade(transcript, chosen, pack, verdict)
        if as_json:
            typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))
            continue
        typer.echo(f"== {transcript.id}: {result.overall} {'PASS' if result.passed else 'FAIL'} ({result.rubric}, {result.mode})")
        for dim, score in result.dimensions.items():
            typer.echo(f"  {dim:<22}{score.score:>4}  {score.summary}")
        for v in result.violations:
            typer.echo(f"  ! turn {v.turn} {v.category} ({v.severity}) {v.rule}: {v.quote}")
            typer.echo(f"    → {v.suggestion}")
        for line in result.debrief:
            typer.echo(f"  {line}")
