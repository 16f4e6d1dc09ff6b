"""Director notes: the engine's decision (intent, state, outcome) told to the model in Chinese."""

from __future__ import annotations

from simulator.analysis import analyze
from simulator.engine.conversation import Reply
from simulator.engine.director import direct
from simulator.engine.state import State

VALUES = {"name": "王建军", "agreed_amount": "3000", "agreed_date": "10月31日"}


def reply(intent: str, state: State, outcome: str = "none", text: str = "", said: str = "") -> Reply:
    return Reply(speaker="debtor", text="…", intent=intent, state=state, outcome=outcome,
                 ended=outcome == "hung_up", analysis=analyze(said) if said else None)


def test_furious_because_of_a_disclosure_threat_and_close_to_hanging_up(catalog):
    card = catalog.personas["provocative"]
    note = direct(reply("disclosure_reaction", State(0.85, 0.1, 0.2), said="再不还钱我就打电话到你单位,让你同事都知道。"),
                  card, VALUES)
    assert note.startswith("你非常愤怒,因为对方刚威胁要把你欠钱的事告诉你的家人、单位或通讯录里的人;你快要挂电话了")
    assert "不要答应任何金额和日期" in note


def test_listened_to_and_considering_a_small_payment(catalog):
    card = catalog.personas["victim"]
    note = direct(reply("empathy_reaction", State(0.2, 0.5, 0.45), said="您慢慢说,我在听。"), card, VALUES)
    assert note.startswith("对方一直耐心听你说")
    assert "你开始考虑先还一小部分" in note


def test_an_agreement_names_the_engines_amount_and_date(catalog):
    note = direct(reply("agreeing", State(0.1, 0.7, 0.7), outcome="promise_to_pay"), catalog.personas["promiser"], VALUES)
    assert "10月31日还3000元" in note and "不要反悔" in note


def test_hanging_up_is_the_last_line(catalog):
    note = direct(reply("hanging_up", State(0.95, 0.1, 0.1), outcome="hung_up"), catalog.personas["provocative"], VALUES)
    assert "挂" in note.splitlines()[-1]


def test_a_third_party_is_not_told_about_paying(catalog):
    note = direct(reply("ask_who", State(0.2, 0.3, 0.3)), None, VALUES)
    assert "考虑先还" not in note and "不要替王建军答应还钱" in note
