"""A grader sentence is stored in Chinese and said again in the reader's language (issue 20)."""

from __future__ import annotations

import copy
import json
import pickle

from simulator.messages import Said, both, joined, render, say, term


def test_a_said_sentence_is_its_chinese_text_and_knows_how_to_say_it_in_english():
    s = say("gr_legal_found", n=2)
    assert s == "发现 2 处违规,需要纠正。" and isinstance(s, str)
    assert render(s, "en") == "2 violation(s) found that need correcting."


def test_values_are_said_in_the_same_language_lists_with_its_separator():
    s = say("gr_to_improve", what=[say("gr_check_greeting"), say("gr_tone")])
    assert s == "待改进:开场问候、语气"
    assert render(s, "en") == "To improve: a greeting, tone"


def test_a_stored_sentence_renders_after_a_json_round_trip():
    s = say("gr_fail_below_floor", name=both("合法合规", "Legality"), score=40, floor=60)
    stored = json.loads(json.dumps(s.to_json()))
    assert render(stored, "zh") == str(s) == "「合法合规」得分 40 低于要求 60"
    assert render(stored, "en") == "“Legality” scored 40, below the required 60"


def test_a_term_is_named_by_the_page_s_vocabulary_and_kept_as_given_in_chinese():
    s = say("gr_fail_red_line", cats=[term("cat", "threat", "威胁恐吓(本机构)")])
    assert s == "出现红线违规:威胁恐吓(本机构)"
    assert render(s.to_json(), "en", lambda family, value, lang: f"<{family}:{value}:{lang}>") == \
        "red-line violation: <cat:threat:en>"
    assert render(s.to_json(), "en") == "red-line violation: 威胁恐吓(本机构)"  # no vocabulary: as given


def test_clauses_join_with_their_own_separator():
    s = say("gr_debrief_fail_reasons", reasons=joined([say("gr_fail_below_pass", overall=50, floor=70),
                                                       say("gr_fail_no_ask")], "gr_reason_sep"))
    assert ";" in s and render(s, "en").count("; ") == 1


def test_copies_and_pickles_keep_the_key():
    s = say("gr_pressure_off", n=3)
    for other in (copy.deepcopy(s), pickle.loads(pickle.dumps(s))):
        assert isinstance(other, Said) and other == s and render(other, "en") == render(s, "en")


def test_a_quoted_line_stays_chinese_in_english():
    s = say("gr_sug_calm", line="我理解您很生气。")
    assert render(s, "en") == "Take the feeling in first, then get back to the goal: “我理解您很生气。”"
