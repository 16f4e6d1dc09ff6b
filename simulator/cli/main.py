"""Command-line interface (design §7): serve, play, analyze, eval, validate, users."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from simulator.cli.grade import grade_command
from simulator.cli.llm import LLMVoice, llm_app
from simulator.cli.seed import seed_command, seed_first_run
from simulator.config import Settings, prepare_worker_environment

app = typer.Typer(add_completion=False, no_args_is_help=True, help="collector-sim: debt-collection training simulator")
users_app = typer.Typer(no_args_is_help=True, help="Manage user accounts")
app.add_typer(users_app, name="users")
app.add_typer(llm_app, name="llm")
app.command("grade")(grade_command)
app.command("seed")(seed_command)


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _catalog(settings: Settings):
    from simulator.catalog.loader import CatalogError, load_catalog

    try:
        return load_catalog(settings.personas_dir, settings.rubrics_dir)
    except CatalogError as exc:
        fail(str(exc))


@app.command()
def validate() -> None:
    """Validate every persona, scenario and rubric file; exit non-zero naming file and field."""
    catalog = _catalog(Settings())
    typer.echo(
        f"ok: {len(catalog.personas)} personas, {len(catalog.third_parties)} third-party cards, "
        f"{len(catalog.scenarios)} scenarios, {len(catalog.rubrics)} rubrics, {len(catalog.rule_packs)} rule packs"
    )


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="bind address")] = None,
    port: Annotated[int | None, typer.Option(help="port")] = None,
    workers: Annotated[int | None, typer.Option(min=1, max=64, help="worker processes (default: SIM_WORKERS, "
                                                                    "else one per CPU core)")] = None,
) -> None:
    """Run the web app (creates demo accounts on an empty database and prints their passwords once). The
    schema is migrated once here, before any worker starts."""
    import uvicorn
    from sqlmodel import Session

    from simulator.accounts.service import ensure_demo_accounts
    from simulator.app import create_app
    from simulator.db.engine import make_engine, migrate

    settings = Settings()
    _catalog(settings)
    engine = make_engine(settings.resolved_database_url())
    migrate(engine)
    with Session(engine) as db:
        created = ensure_demo_accounts(db)
    engine.dispose()
    if created:
        typer.echo("Demo accounts created (passwords are shown only this once):")
        for username, role, password in created:
            typer.echo(f"  {role:<8} username: {username:<8} password: {password}")
        seed_first_run(settings)  # demo cohort with graded sessions for the HR dashboard (issue 6)
    host = host or settings.host
    port = port or settings.port
    count = workers or settings.workers or os.cpu_count() or 1
    typer.echo(f"collector-sim on http://{host}:{port}  (API docs: /docs; {count} worker{'s' if count > 1 else ''})")
    # log_config=None: the app's own logging (SIM_LOG_FORMAT) is kept instead of uvicorn's default config
    if count == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_config=None)
        return
    # Several processes: each builds the app from the same environment; the schema is already migrated.
    prepare_worker_environment(settings.data_dir)
    uvicorn.run("simulator.app:create_app", factory=True, workers=count, host=host, port=port, log_config=None)


@app.command()
def migrate() -> None:
    """Upgrade the database to the newest schema (run once before starting several workers)."""
    from simulator.db.engine import head_revision, make_engine
    from simulator.db.engine import migrate as upgrade

    engine = make_engine(Settings().resolved_database_url())
    upgrade(engine)
    engine.dispose()
    typer.echo(f"database at revision {head_revision()}")


def _pick_scenario(catalog, persona: str | None, scenario: str | None):
    if scenario:
        found = catalog.scenario(scenario)
        if found is None:
            fail(f"--scenario: unknown scenario {scenario!r}")
        return found
    if persona not in catalog.personas:
        fail(f"--persona: unknown persona {persona!r}; known: {', '.join(catalog.personas)}")
    options = [s for s in catalog.scenarios.values() if s.persona == persona and s.situation == "none"]
    if not options:
        fail(f"--persona: no scenario uses persona {persona!r}")
    return sorted(options, key=lambda s: (s.stage, s.difficulty))[0]


@app.command()
def play(
    script: Annotated[Path, typer.Option("--script", help="one collector line per line")],
    persona: Annotated[str | None, typer.Option(help="persona id (uses its easiest scenario)")] = None,
    scenario: Annotated[str | None, typer.Option(help="scenario id")] = None,
    seed: Annotated[int, typer.Option(help="random seed")] = 0,
    provider: Annotated[str, typer.Option(help="offline, or openai: the configured LLM voices the replies")] = "offline",
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Play a scripted conversation against a persona and print the debtor's replies and state."""
    from simulator.engine.conversation import Conversation

    if bool(persona) == bool(scenario):
        fail("give exactly one of --persona or --scenario")
    if provider not in ("offline", "openai"):
        fail(f"--provider: unknown provider {provider!r}; use offline or openai")
    if not script.is_file():
        fail(f"--script: no such file {script}")
    llm = LLMVoice(Settings()) if provider == "openai" else None  # fails with one line when unconfigured
    lines = [ln.strip() for ln in script.read_text(encoding="utf-8").splitlines() if ln.strip()]
    catalog = _catalog(Settings())
    sc = _pick_scenario(catalog, persona, scenario)
    tp = catalog.third_parties.get(sc.third_party.card) if sc.third_party else None
    convo = Conversation(sc, catalog.personas[sc.persona], seed=seed, third_party_card=tp)
    opening = convo.open()
    if llm:
        llm.opened(opening)
    turns = []
    for line in lines:
        if convo.ended:
            break
        reply = convo.respond(line)
        text, fallback = llm.say(convo, reply, line) if llm else (reply.text, False)
        turns.append({"collector": line, "debtor": text, "speaker": reply.speaker,
                      "state": reply.state_dict(), "outcome": reply.outcome, **({"fallback": fallback} if llm else {})})
    if llm:
        llm.close()
    result = {"scenario": sc.id, "opening": opening.text, "turns": turns, "outcome": convo.memory.outcome}
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
        return
    typer.echo(f"[{sc.id}] {opening.speaker}: {opening.text}")
    for t in turns:
        s = t["state"]
        typer.echo(f"  催收员: {t['collector']}\n  {t['speaker']}: {t['debtor']}")
        typer.echo(f"    anger={s['anger']:.2f} trust={s['trust']:.2f} willingness={s['willingness']:.2f} outcome={t['outcome']}")
    typer.echo(f"outcome: {result['outcome']}")


@app.command()
def analyze(
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines output")] = False,
    reading: Annotated[bool, typer.Option("--reading", help="add the structured reading (speech acts and their parts)")] = False,
) -> None:
    """Analyse collector utterances read from stdin, one per line."""
    from simulator.analysis import analyze as run

    for raw in sys.stdin:
        text = raw.strip()
        if not text:
            continue
        result = run(text)
        data = result.to_dict()
        if not reading:
            data.pop("reading")  # the design §7 contract shape, unless asked for more
        if as_json:
            typer.echo(json.dumps(data, ensure_ascii=False))
        else:
            cats = ",".join(result.categories) or "-"
            extra = f" reading={json.dumps(data['reading'], ensure_ascii=False)}" if reading else ""
            typer.echo(f"pressure={result.pressure} moves={','.join(result.moves) or '-'} violations={cats}{extra}  {text}")


def _names(option: str, value: str | None, known: tuple[str, ...]) -> tuple[str, ...]:
    if value is None:
        return known
    names = tuple(n.strip() for n in value.split(",") if n.strip())
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        fail(f"--{option}: unknown {unknown[0] if unknown else 'empty list'!r}; known: {', '.join(known)}")
    return names


def _eval_personas(provider: str, seeds: int, as_json: bool, out: Path | None, archetypes: str | None = None,
                   scripts: str | None = None) -> None:
    import asyncio

    from simulator.authoring import persona_eval

    if provider not in ("offline", "openai"):
        fail(f"--provider: unknown provider {provider!r}; use offline or openai")
    if not 1 <= seeds <= 50:
        fail("--seeds: between 1 and 50")
    chosen_archetypes = _names("archetypes", archetypes, persona_eval.ARCHETYPE_ORDER)
    chosen_scripts = _names("scripts", scripts, persona_eval.SCRIPTS)
    settings = Settings()
    catalog = _catalog(settings)
    model = None
    if provider == "openai":
        from simulator.llm.factory import build_provider

        model = build_provider(settings)
        if model is None:
            fail("--provider openai: no LLM is configured (set SIM_LLM_BASE_URL, SIM_LLM_API_KEY, SIM_LLM_MODEL)")

    async def run() -> persona_eval.FidelityReport:
        from simulator.llm.factory import close_provider

        try:
            return await persona_eval.evaluate(catalog, seeds=range(seeds), provider=model,
                                               archetypes=chosen_archetypes, scripts=chosen_scripts,
                                               budget=settings.llm_history_token_budget,
                                               temperature=settings.llm_temperature)
        finally:
            await close_provider(model)

    report = asyncio.run(run())
    if out is not None:
        out.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in report.transcripts), encoding="utf-8")
    typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if as_json
               else "\n".join(persona_eval.render(report)))


def _eval_judge(file: Path, rubric: str, as_json: bool) -> None:
    from simulator.grading import judge_agreement
    from simulator.grading.evaluate import is_transcript_file, load_labelled_transcripts
    from simulator.grading.judge import ask_all
    from simulator.llm.factory import build_provider

    if not is_transcript_file(file):
        fail("--judge: FILE must be labelled transcripts (JSON Lines of {id, turns, label})")
    settings = Settings()
    catalog = _catalog(settings)
    chosen = catalog.rubric(rubric)
    if chosen is None:
        fail(f"--rubric: unknown rubric {rubric!r}; known: {', '.join(catalog.rubrics)}")
    model = build_provider(settings)
    if model is None:
        fail("--judge: no LLM is configured (set SIM_LLM_BASE_URL, SIM_LLM_API_KEY, SIM_LLM_MODEL)")
    try:
        records = load_labelled_transcripts(file, [d.id for d in chosen.dimensions])
    except ValueError as exc:
        fail(str(exc))
    verdicts = ask_all(model, chosen, [r.transcript for r in records])
    report = judge_agreement.compare(records, chosen, catalog.rule_packs[chosen.rule_pack], verdicts)
    typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if as_json
               else judge_agreement.format_report(report))


@app.command("eval")
def evaluate(
    file: Annotated[Path, typer.Argument(help="labelled JSON Lines: utterances {id, text, labels}, transcripts {id, turns, label}, "
                                              "dimension pairs {dimension, better, worse}; a coping-script JSON object; "
                                              "or the word 'personas' for the persona-fidelity evaluation")],
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
    rubric: Annotated[str, typer.Option(help="rubric id (transcript files only)")] = "default",
    judge: Annotated[bool, typer.Option("--judge", help="transcript files: also ask the configured LLM judge and "
                                                         "compare rules, judge and merged grades with the labels")] = False,
    provider: Annotated[str, typer.Option(help="personas: offline, or openai (the configured model voices the lines)")] = "offline",
    seeds: Annotated[int, typer.Option(help="personas: seeds per script and archetype")] = 3,
    transcripts_out: Annotated[Path | None, typer.Option("--transcripts", help="personas: write every played call "
                                                                               "(JSON Lines) to read")] = None,
    archetypes: Annotated[str | None, typer.Option(help="personas: comma-separated archetypes (default: all seven)")] = None,
    scripts: Annotated[str | None, typer.Option(help="personas: comma-separated scripts (default: all five)")] = None,
) -> None:
    """Score the analyzer, the grader or the judge against labelled data, or the personas' fidelity."""
    if str(file) == "personas" and not file.is_file():
        _eval_personas(provider, seeds, as_json, transcripts_out, archetypes, scripts)
        return
    if not file.is_file():
        fail(f"FILE: no such file {file}")
    if judge:
        _eval_judge(file, rubric, as_json)
        return
    from simulator.grading import heldout
    from simulator.grading.evaluate import is_transcript_file

    kind = heldout.kind_of(file)
    if kind is not None:
        catalog = _catalog(Settings())
        if kind != "coping" and catalog.rubric(rubric) is None:
            fail(f"--rubric: unknown rubric {rubric!r}; known: {', '.join(catalog.rubrics)}")
        try:
            report = (heldout.coping(file, catalog) if kind == "coping"
                      else heldout.pairs(file, catalog, rubric) if kind == "pairs"
                      else heldout.verdicts(file, catalog, rubric))
        except (ValueError, KeyError) as exc:
            fail(f"FILE: {exc}")
        typer.echo(json.dumps(report.figures, ensure_ascii=False, indent=2) if as_json else "\n".join(report.lines))
        return
    if is_transcript_file(file):
        from simulator.grading.evaluate import evaluate_grader, load_labelled_transcripts
        from simulator.grading.evaluate import format_report as format_grader_report

        catalog = _catalog(Settings())
        chosen = catalog.rubric(rubric)
        if chosen is None:
            fail(f"--rubric: unknown rubric {rubric!r}; known: {', '.join(catalog.rubrics)}")
        try:
            transcripts = load_labelled_transcripts(file, [d.id for d in chosen.dimensions])
            grader_report = evaluate_grader(transcripts, chosen, catalog.rule_packs[chosen.rule_pack])
        except ValueError as exc:
            fail(str(exc))
        typer.echo(json.dumps(grader_report.to_dict(), ensure_ascii=False, indent=2) if as_json
                   else format_grader_report(grader_report))
        return
    from simulator.analysis.evaluate import evaluate as run_eval
    from simulator.analysis.evaluate import format_report, load_labelled

    try:
        records = load_labelled(file)
    except ValueError as exc:
        fail(str(exc))
    report = run_eval(records)
    from simulator.analysis.evaluate_reading import (
        evaluate_reading,
        format_reading_report,
        has_reading_labels,
    )

    reading = evaluate_reading(file) if has_reading_labels(file) else None
    if as_json:
        data = report.to_dict()
        if reading is not None:
            data["reading"] = reading.to_dict()
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        typer.echo(format_report(report) + (format_reading_report(reading) if reading is not None else ""))



PasswordStdin = Annotated[bool, typer.Option("--password-stdin", help="read the password from the first line of standard input")]
PromptOption = Annotated[bool, typer.Option("--prompt", help="type the password (hidden, asked twice)")]


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="login name")],
    role: Annotated[str, typer.Option(help="trainee | trainer | hr | admin")],
    password_stdin: PasswordStdin = False,
    prompt: PromptOption = False,
    name: Annotated[str | None, typer.Option(help="display name")] = None,
) -> None:
    """Create a user. The password is generated and printed once, unless you type it (--prompt) or pipe
    it (--password-stdin): never on the command line, where ps and shell history would keep it."""
    from sqlmodel import Session

    from simulator.accounts.service import create_user, generate_password
    from simulator.core.errors import ServiceError
    from simulator.db.engine import make_engine, migrate

    settings = Settings()
    engine = make_engine(settings.resolved_database_url())
    migrate(engine)
    given = _password_input(password_stdin, prompt)
    pw = given or generate_password()
    with Session(engine) as db:
        try:
            create_user(db, username=username, role=role, password=pw, display_name=name, must_change=not given)
            db.commit()
        except ServiceError as exc:
            fail(exc.detail)
    typer.echo(f"created {role} {username}" + ("" if given else f" with password: {pw}"))


@users_app.command("list")
def users_list() -> None:
    """List users."""
    from sqlmodel import Session

    from simulator.db import repository as repo
    from simulator.db.engine import make_engine, migrate

    engine = make_engine(Settings().resolved_database_url())
    migrate(engine)
    with Session(engine) as db:
        for u in repo.list_users(session=db):
            typer.echo(f"{u.id}\t{u.username}\t{u.role}\t{u.display_name}")


def _account_change(username: str, change, done: str) -> None:
    """Open the database, apply ``change(db, username)`` to one account, commit, say ``done``."""
    from sqlmodel import Session

    from simulator.core.errors import ServiceError
    from simulator.db.engine import make_engine, migrate

    engine = make_engine(Settings().resolved_database_url())
    migrate(engine)
    with Session(engine) as db:
        try:
            change(db, username)
            db.commit()
        except ServiceError as exc:
            fail(exc.detail)
    typer.echo(done)


@users_app.command("sign-out")
def users_sign_out(username: Annotated[str, typer.Argument(help="login name")]) -> None:
    """End every browser session and API token of an account (a lost laptop, a shared PC)."""
    from simulator.accounts.service import sign_out_account

    _account_change(username, sign_out_account, f"signed out {username} everywhere")


@users_app.command("deactivate")
def users_deactivate(username: Annotated[str, typer.Argument(help="login name")]) -> None:
    """Refuse the account's logins and end its sessions; its practice history stays for HR."""
    from simulator.accounts.service import set_active

    _account_change(username, lambda db, name: set_active(db, name, False), f"deactivated {username}")


@users_app.command("activate")
def users_activate(username: Annotated[str, typer.Argument(help="login name")]) -> None:
    """Allow a deactivated account to log in again."""
    from simulator.accounts.service import set_active

    _account_change(username, lambda db, name: set_active(db, name, True), f"activated {username}")


@users_app.command("reset-password")
def users_reset_password(
    username: Annotated[str, typer.Argument(help="login name")],
    password_stdin: PasswordStdin = False,
    prompt: PromptOption = False,
) -> None:
    """Set a new password (generated and printed once, typed with --prompt or piped with --password-stdin);
    the account's sessions and tokens end."""
    from simulator.accounts.service import generate_password, reset_password

    given = _password_input(password_stdin, prompt)
    pw = given or generate_password()
    _account_change(username, lambda db, name: reset_password(db, name, pw, must_change=not given),
                    f"new password for {username}" + ("" if given else f": {pw}"))


def _password_input(from_stdin: bool, prompt: bool) -> str | None:
    """The password the operator typed or piped, or None to generate one."""
    if from_stdin and prompt:
        fail("password: use --prompt or --password-stdin, not both")
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            fail("password: nothing on standard input")
        return line
    if prompt:
        return typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return None


def main() -> None:
    app()


if __name__ == "__main__":
    main()
