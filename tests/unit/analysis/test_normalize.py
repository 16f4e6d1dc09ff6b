"""Normalisation folds punctuation widths without moving any character."""

from __future__ import annotations

from simulator.analysis import analyze
from simulator.analysis.normalize import normalize


def test_full_width_punctuation_and_letters_fold_to_ascii() -> None:
    assert normalize("您好，请用ＡＰＰ还款！１２３？") == "您好,请用app还款!123?"


def test_normalisation_is_length_preserving() -> None:
    text = "今天不还，我就把你欠钱的事发到你通讯录里。「好」"
    assert len(normalize(text)) == len(text)


def test_full_width_lines_analyse_like_half_width_ones() -> None:
    assert analyze("再不还钱，小心你出点什么事！").categories == analyze("再不还钱,小心你出点什么事!").categories


def test_quote_is_the_original_span() -> None:
    text = "还款直接转我ＡＰＰ绑定的个人微信。"
    finding = analyze(text).violations[0]
    assert finding.quote in text
