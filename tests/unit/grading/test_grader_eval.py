"""The grader's published accuracy: ``collector-sim eval`` over labelled call transcripts.

The floors below are the figures measured on tests/data/graded_transcripts.jsonl when the grader
evaluation was built, minus a small margin; raise them when the grader improves, never lower them
to make a change pass.  Unit tests of the scoring arithmetic use a stand-in grader so that they
pin evaluate.py, not the current rules.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from simulator.cli.main import app
from simulator.config import PROJECT_ROOT
from simulator.grading import evaluate as ev
from simulator.grading.evaluate import (
    LabelledTranscript,
    TranscriptLabel,
    evaluate_grader,
    format_report,
    is_transcript_file,
    load_labelled_transcripts,
)
from simulator.grading.result import DimensionScore, GradeResult, ViolationRecord
from simulator.grading.transcript import Transcript

DATA = PROJECT_ROOT / "tests" / "data" / "graded_transcripts.jsonl"
DIMS = ("courtesy", "legality", "pressure_calibration", "emotional_control")


# -- the labelled file ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def records() -> list[LabelledTranscript]:
    return load_labelled_transcripts(DATA)


def test_the_labelled_file_covers_archetypes_stages_and_situations(records):
    assert len(records) >= 36
    assert {r.transcript.archetype for r in records} == {
        "provocative", "evasive", "victim", "confident", "stubborn", "sophisticated", "promiser"}
    assert {r.transcript.stage for r in records} == {"M1", "M2", "M3", "M4"}
    assert {r.transcript.situation for r in records} >= {
        "broken_promises", "complaint", "deceased", "no_ability_short", "no_ability_long", "third_party"}
    assert all(6 <= len(r.transcript.turns) <= 16 for r in records)
    passed = sum(r.label.passed for r in records)
    assert 0.35 <= passed / len(records) <= 0.65
    cats = Counter(c for r in records for _, c in r.label.violations)
    assert {"threat", "third_party_disclosure", "impersonation", "improper_fee", "privacy_breach"} <= set(cats)
    assert all(r.label.note for r in records)


def test_the_grader_meets_its_measured_floors(records, rubric, pack):
    report = evaluate_grader(records, rubric, pack)
    # measured when built (rules only): accuracy 0.900, fail F1 0.867, violation P 0.920 R 0.697 F1 0.793,
    # critical recall 0.667 (12/18), weak agreement 0.870, strong agreement 0.976
    assert report.accuracy >= 0.85
    assert report.fail.f1 >= 0.80
    assert report.violations.precision >= 0.85
    assert report.violations.recall >= 0.65
    assert report.violations.f1 >= 0.75
    assert report.critical_recall >= 0.60
    assert report.weak_agreement >= 0.82
    assert report.strong_agreement >= 0.93
    # every lawful, well-handled call in the file passes: false alarms on good calls cost trust fastest
    assert report.per_group["privacy_breach"].fp == 0
    # design §10 goal is ≤ 20 ms per 40-turn grade; compare with the analyzer alone in the same run,
    # since absolute times drift on shared machines
    assert report.ms_per_40_turns <= 2 * report.analyzer_ms_per_40_turns + 10


# -- loading -----------------------------------------------------------------------------------------------
GOOD_LINE = {
    "id": "t1", "archetype": "victim", "stage": "M1",
    "turns": [{"speaker": "collector", "text": "您好,请问是王女士吗?"}, {"speaker": "debtor", "text": "是我。"}],
    "label": {"passed": True, "violations": [], "weak": [], "strong": ["courtesy"], "note": "ok"},
}


def _write(tmp_path: Path, objs: list[object | str]) -> Path:
    path = tmp_path / "t.jsonl"
    lines = [o if isinstance(o, str) else json.dumps(o, ensure_ascii=False) for o in objs]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _with_label(**label) -> dict:
    return GOOD_LINE | {"id": "t2", "label": GOOD_LINE["label"] | label}


def test_loader_reads_records_and_skips_blank_lines(tmp_path):
    path = _write(tmp_path, [GOOD_LINE, "", _with_label(passed=False, violations=[[0, "threat"]])])
    got = load_labelled_transcripts(path)
    assert [r.id for r in got] == ["t1", "t2"]
    assert got[0].label == TranscriptLabel(True, (), (), ("courtesy",), "ok")
    assert got[1].label.violations == ((0, "threat"),)
    assert got[0].transcript.stage == "M1" and got[0].transcript.turns[1].speaker == "debtor"


@pytest.mark.parametrize(
    ("bad", "needle"),
    [
        ("{not json", "invalid JSON"),
        ("[1, 2]", "JSON object"),
        ({k: v for k, v in GOOD_LINE.items() if k != "label"} | {"id": "x"}, "'label' is missing"),
        (GOOD_LINE, "'id' repeats"),
        (GOOD_LINE | {"id": "x", "turns": [{"speaker": "boss", "text": "hi"}]}, "turns[0].speaker"),
        (GOOD_LINE | {"id": "x", "turns": []}, "turns"),
        (_with_label(passed="yes"), "'label.passed'"),
        (_with_label(violations=[[0]]), "'label.violations[0]'"),
        (_with_label(violations=[[0, "rudeness"]]), "unknown category 'rudeness'"),
        (_with_label(violations=[[5, "threat"]]), "turn 5 is outside 0..1"),
        (_with_label(violations=[[1, "threat"]]), "turn 1 is not a collector turn"),
        (_with_label(weak=["charm"]), "'label.weak' has unknown dimension 'charm'"),
        (_with_label(weak=["courtesy"]), "'label.strong' repeats 'courtesy'"),
    ],
)
def test_a_malformed_line_names_the_line_and_the_field(tmp_path, bad, needle):
    path = _write(tmp_path, [GOOD_LINE, bad])
    with pytest.raises(ValueError) as err:
        load_labelled_transcripts(path)
    assert f"{path}: line 2" in str(err.value)
    assert needle in str(err.value)


def test_an_empty_file_is_an_error(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no labelled transcripts"):
        load_labelled_transcripts(path)


def test_transcript_files_are_told_apart_from_utterance_files(tmp_path):
    assert is_transcript_file(_write(tmp_path, ["", GOOD_LINE]))
    assert not is_transcript_file(_write(tmp_path, [{"id": "u", "text": "您好", "labels": []}]))
    assert not is_transcript_file(_write(tmp_path, ["{broken"]))


# -- scoring arithmetic, with a stand-in grader ------------------------------------------------------------
def _transcript(tid: str, n: int = 4) -> Transcript:
    speakers = ["collector", "debtor"]
    return Transcript(id=tid, turns=[{"speaker": speakers[i % 2], "text": f"第{i}句"} for i in range(n)])


def _result(passed: bool, violations: list[tuple[int, str]] = (), **scores: int) -> GradeResult:
    dims = {d: DimensionScore(score=scores.get(d, 75)) for d in DIMS}
    recs = [ViolationRecord(category=c, severity="critical" if c in ev.CRITICAL else "major", turn=t,
                            quote=f"第{t}句", rule="CN-TEST", suggestion="…") for t, c in violations]
    return GradeResult(overall=80 if passed else 40, passed=passed, rubric="default@1", rule_pack="cn@2",
                       mode="rules_only", dimensions=dims, violations=recs,
                       fail_reasons=[] if passed else ["出现红线违规"])


@pytest.fixture
def fake_grades(monkeypatch):
    """Make evaluate_grader see the given results, keyed by transcript id."""
    table: dict[str, GradeResult] = {}
    monkeypatch.setattr(ev, "grade", lambda transcript, rubric, pack, provider=None: table[transcript.id])
    return table


def test_verdicts_violations_and_dimensions_are_scored_as_documented(fake_grades, rubric, pack):
    records = [
        # a red line caught; misleading labelled, false_legal_claim found at the same turn: same "deception"
        LabelledTranscript(_transcript("a"), TranscriptLabel(False, ((0, "threat"), (2, "misleading")), ("legality",))),
        # a lawful call the grader fails on a false alarm
        LabelledTranscript(_transcript("b"), TranscriptLabel(True, (), (), ("courtesy",))),
        # a red line missed: the call passes
        LabelledTranscript(_transcript("c"), TranscriptLabel(False, ((2, "third_party_disclosure"),), ("legality",))),
    ]
    fake_grades.update(
        a=_result(False, [(0, "threat"), (2, "false_legal_claim")], legality=0),
        b=_result(False, [(2, "insult")], courtesy=80),
        c=_result(True, [], legality=70),
    )
    report = evaluate_grader(records, rubric, pack)
    assert report.total == 3 and report.verdict_correct == 1
    assert (report.fail.tp, report.fail.fp, report.fail.fn) == (1, 1, 1)
    assert report.per_group["deception"].tp == 1 and report.per_group["threat"].tp == 1
    assert report.per_group["insult"].fp == 1 and report.per_group["third_party_disclosure"].fn == 1
    assert (report.violations.tp, report.violations.fp, report.violations.fn) == (2, 1, 1)
    assert (report.critical.tp, report.critical.fn) == (1, 1)
    legality = report.dimensions["legality"]
    assert (legality.weak_total, legality.weak_hit) == (2, 1)  # 0 < 70 agrees, 70 does not
    assert (report.dimensions["courtesy"].strong_total, report.dimensions["courtesy"].strong_hit) == (1, 1)
    kinds = Counter(m.kind for m in report.misses)
    assert kinds == {"verdict": 2, "false violation": 1, "missed violation": 1, "weak dimension": 1}
    missed = next(m for m in report.misses if m.kind == "missed violation")
    assert missed.id == "c" and "turn 2 third_party_disclosure" in missed.expected


def test_the_report_prints_headlines_last_and_serialises(fake_grades, rubric, pack):
    fake_grades["a"] = _result(True)
    report = evaluate_grader([LabelledTranscript(_transcript("a"), TranscriptLabel(True, ()))], rubric, pack)
    tail = format_report(report).splitlines()[-6:]
    assert tail[0].startswith("pass/fail accuracy: 1.000 (1/1)")
    assert tail[3].startswith("critical recall:") and tail[5].startswith("grading time:")
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["kind"] == "grader" and data["passfail_accuracy"] == 1.0 and data["misses"] == []


def test_a_label_naming_a_dimension_the_rubric_lacks_is_an_error(fake_grades, rubric, pack):
    fake_grades["a"] = _result(True)
    record = LabelledTranscript(_transcript("a"), TranscriptLabel(True, (), ("charm",)))
    with pytest.raises(ValueError, match="charm"):
        evaluate_grader([record], rubric, pack)


# -- the command line ------------------------------------------------------------------------------------
runner = CliRunner()


def test_eval_detects_a_transcript_file_and_grades_it():
    res = runner.invoke(app, ["eval", str(DATA)])
    assert res.exit_code == 0, res.output
    assert res.output.strip().splitlines()[-6].startswith("pass/fail accuracy:")
    as_json = runner.invoke(app, ["eval", str(DATA), "--json"])
    assert as_json.exit_code == 0
    assert json.loads(as_json.output)["transcripts"] >= 36


def test_eval_rejects_a_malformed_transcript_file(tmp_path):
    path = _write(tmp_path, [GOOD_LINE, _with_label(violations=[[9, "threat"]])])
    res = runner.invoke(app, ["eval", str(path)])
    assert res.exit_code != 0
    assert "line 2" in res.output and "label.violations[0]" in res.output
