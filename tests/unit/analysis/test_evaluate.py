"""The evaluation harness behind ``collector-sim eval`` and the quality bars it enforces."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.analysis.evaluate import EvalReport, Labelled, evaluate, format_report, load_labelled

HERE = Path(__file__).resolve()
DEV_FILE = HERE.parents[3].parent / "shared/eval/dev/utterances.jsonl"
HELDOUT_FILE = HERE.parent / "heldout_paraphrases.jsonl"


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_load_labelled_reads_records_and_skips_blank_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, ['{"id": "a", "text": "您好", "labels": []}', "", '{"id": 7, "text": "老赖", "labels": ["insult"]}'])
    assert load_labelled(path) == [Labelled("a", "您好", ()), Labelled("7", "老赖", ("insult",))]


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ("{not json", "invalid JSON"),
        ("[1, 2]", "JSON object"),
        ('{"text": "x", "labels": []}', "'id'"),
        ('{"id": "a", "text": "", "labels": []}', "'text'"),
        ('{"id": "a", "text": "x", "labels": "threat"}', "'labels'"),
        ('{"id": "a", "text": "x", "labels": ["rudeness"]}', "unknown category 'rudeness'"),
    ],
)
def test_malformed_line_names_line_number_and_field(tmp_path: Path, line: str, needle: str) -> None:
    path = _write(tmp_path, ['{"id": "ok", "text": "您好", "labels": []}', line])
    with pytest.raises(ValueError) as err:
        load_labelled(path)
    assert f"{path}: line 2:" in str(err.value)
    assert needle in str(err.value)


def test_scores_merge_false_legal_claim_and_misleading_into_deception() -> None:
    report = evaluate(
        [
            Labelled("1", "逾期超过三十天就要坐牢。", ("misleading",)),  # predicted false_legal_claim: same group
            Labelled("2", "您好,请问是张先生吗?", ()),
            Labelled("3", "你这个老赖。", ("insult",)),
            Labelled("4", "我们不会联系您的家人。", ("threat",)),  # a deliberate false negative
        ]
    )
    assert report.per_group["deception"].tp == 1
    assert report.per_group["threat"].fn == 1
    assert report.micro.tp == 2 and report.micro.fn == 1 and report.micro.fp == 0
    assert report.binary.tp == 2 and report.binary.fn == 1
    assert report.lawful == 1 and report.lawful_fp_rate == 0.0
    assert [m.id for m in report.misses] == ["4"]
    assert report.misses[0].kind == "false negative"


def test_report_ends_with_the_four_headline_numbers() -> None:
    report = evaluate([Labelled("1", "你这个老赖。", ("insult",)), Labelled("2", "您好。", ())])
    last = format_report(report).splitlines()[-4:]
    assert [line.split(":")[0] for line in last] == ["micro-F1", "binary F1", "critical recall", "lawful FP rate"]


def test_report_serialises_to_json() -> None:
    report = evaluate([Labelled("1", "我们不会联系您的家人。", ("third_party_disclosure",))])
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["misses"][0]["expected"] == ["third_party_disclosure"]
    assert {"micro_f1", "binary_f1", "critical_recall", "lawful_fp_rate", "throughput_per_s"} <= set(data)


def _check(report: EvalReport, *, micro: float, lawful_fp: float) -> None:
    assert report.micro_f1 >= micro, format_report(report)
    assert report.lawful_fp_rate <= lawful_fp, format_report(report)


@pytest.mark.skipif(not DEV_FILE.is_file(), reason=f"dev set not found at {DEV_FILE}")
def test_dev_set_quality() -> None:
    report = evaluate(load_labelled(DEV_FILE))
    _check(report, micro=0.85, lawful_fp=0.0)
    assert report.lawful_flagged == 0


def test_heldout_paraphrases_quality() -> None:
    records = load_labelled(HELDOUT_FILE)
    assert len(records) >= 60
    lawful = sum(not r.labels for r in records)
    assert 0.4 <= lawful / len(records) <= 0.6
    _check(evaluate(records), micro=0.8, lawful_fp=0.05)


@pytest.mark.skipif(not DEV_FILE.is_file(), reason=f"dev set not found at {DEV_FILE}")
def test_heldout_lines_are_not_copied_from_the_dev_set() -> None:
    dev = {r.text for r in load_labelled(DEV_FILE)}
    assert not dev & {r.text for r in load_labelled(HELDOUT_FILE)}


def test_paraphrase_corpus_regressions() -> None:
    """1,700 lines written while developing the rules (each batch scored blind before any rule
    was changed for it): they guard against a new rule breaking an old paraphrase or a lawful line."""
    report = evaluate(load_labelled(HERE.parent / "paraphrase_corpus.jsonl"))
    _check(report, micro=0.95, lawful_fp=0.0)
