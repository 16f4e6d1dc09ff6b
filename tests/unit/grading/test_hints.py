"""Sparse hints (issue 21, item 4): one short hint, on a state the grader would hold against the call,
at most one every few lines, quoting the training material it comes from."""

from __future__ import annotations

from simulator.analysis.call_state import CallState
from simulator.grading.hints import MIN_GAP, PHONE_RULES, HintTurn, next_hint

PROVOCATIVE_COPING = ["找出敌对的动机;", "让客户发泄,并解释其遇到的挫折;", "关怀客户,同情其面对的难处;",
                      "当客户冷静下来时,寻找可以解决的方案;", "永远不要以硬碰硬。"]
PROMISER_COPING = ["告诉他兑现其还款诺言的重要性;", "强调不兑现诺言的严重后果;", "用行动证明你对催收还款是绝对认真的。"]
SEED_001 = "seeds/001_589a21ec576e5a99.txt"


def verified() -> CallState:
    return CallState(on_line="debtor", identity="verified", collector_turns=2)


def call(*pairs: tuple[str, str | tuple[str, ...]]) -> list[HintTurn]:
    """("debtor", intent) / ("collector", moves) pairs, indexed in order."""
    out = []
    for i, (speaker, what) in enumerate(pairs):
        if speaker == "collector":
            out.append(HintTurn(i, speaker, moves=tuple(what)))
        else:
            out.append(HintTurn(i, speaker, intent=str(what)))
    return out


def hint(turns, state, coping=PROVOCATIVE_COPING, given=()):
    return next_hint(turns, state, coping=coping, coping_source=SEED_001, given=given)


def test_no_hint_before_the_trainee_has_said_anything_or_while_it_is_their_turn():
    assert hint(call(("debtor", "opening")), CallState()) is None
    assert hint(call(("debtor", "opening"), ("collector", ("greeting",))), CallState()) is None


def test_an_unchecked_identity_gets_the_phone_rule_quoted():
    turns = call(("debtor", "opening"), ("collector", ("greeting",)), ("debtor", "identity_confirm"))
    h = hint(turns, CallState(on_line="debtor", identity="none", collector_turns=1))
    assert h.kind == "verify_first" and h.source == PHONE_RULES and "核对了对方身份" in h.coping
    assert h.message == "hint_verify_first" and h.line == 1


def test_a_name_the_debtor_confirmed_or_a_proof_asked_for_needs_no_hint():
    turns = call(("debtor", "opening"), ("collector", ("identity_verification",)), ("debtor", "identity_confirm"))
    assert hint(turns, CallState(on_line="debtor", identity="confirmed_name", collector_turns=1)) is None
    assert hint(turns, CallState(on_line="debtor", identity="asked_proof", collector_turns=1)) is None


def test_a_relative_on_the_line_is_not_asked_to_prove_they_are_the_debtor():
    turns = call(("third_party", "opening"), ("collector", ("greeting",)), ("third_party", "deflection"))
    assert hint(turns, CallState(on_line="third_party", collector_turns=1)) is None


def test_the_second_vent_without_acknowledgement_quotes_the_archetype_s_coping():
    turns = call(("debtor", "opening"), ("collector", ("disclose_debt",)), ("debtor", "venting"),
                 ("collector", ("explain_consequence",)), ("debtor", "venting"))
    h = hint(turns, verified())
    assert h.kind == "acknowledge" and h.source == SEED_001 and h.coping == "让客户发泄,并解释其遇到的挫折"


def test_an_acknowledged_vent_starts_the_count_again():
    turns = call(("debtor", "venting"), ("collector", ("empathy",)), ("debtor", "venting"))
    assert hint(turns, verified()) is None
    once = call(("debtor", "opening"), ("collector", ("disclose_debt",)), ("debtor", "venting"))
    assert hint(once, verified()) is None


def test_an_archetype_with_no_line_about_feelings_falls_back_to_the_phone_rules():
    turns = call(("debtor", "venting"), ("collector", ("disclose_debt",)), ("debtor", "sad_story"))
    h = hint(turns, verified(), coping=["不断电话联系或者不断上门拜访,直到客户同意对贷款事宜进行探讨;"])
    assert h.kind == "acknowledge" and h.source == PHONE_RULES and "语气放轻" in h.coping


def test_a_promise_with_no_day_or_amount_gets_the_promiser_s_coping():
    turns = call(("debtor", "opening"), ("collector", ("request_commitment",)), ("debtor", "promising"))
    h = hint(turns, verified(), coping=PROMISER_COPING)
    assert h.kind == "pin_down" and h.coping == "告诉他兑现其还款诺言的重要性"


def test_a_concrete_offer_on_the_table_is_not_nagged():
    state = verified()
    state.offers.append({"kind": "full", "amount": 2350, "date": "11月28日"})
    turns = call(("debtor", "opening"), ("collector", ("request_commitment",)), ("debtor", "promising"))
    assert hint(turns, state, coping=PROMISER_COPING) is None


def test_hints_are_sparse_and_each_kind_is_given_at_most_twice():
    turns = call(("debtor", "opening"), ("collector", ("request_commitment",)), ("debtor", "promising"))
    recent = [{"kind": "acknowledge", "line": 1}]
    assert hint(turns, verified(), coping=PROMISER_COPING, given=recent) is None  # within MIN_GAP lines
    long = call(*[p for _ in range(MIN_GAP + 1) for p in (("collector", ("greeting",)), ("debtor", "promising"))])
    assert hint(long, verified(), coping=PROMISER_COPING, given=recent).kind == "pin_down"
    twice = [{"kind": "pin_down", "line": 0}, {"kind": "pin_down", "line": 0}]
    assert hint(long, verified(), coping=PROMISER_COPING, given=twice) is None


def test_an_angry_reply_vents_whatever_its_intent_but_an_angry_yes_does_not():
    shouted = [HintTurn(0, "debtor", intent="excuse", anger=0.8), HintTurn(1, "collector", moves=("disclose_debt",)),
               HintTurn(2, "debtor", intent="challenge", anger=0.85)]
    assert hint(shouted, verified()).kind == "acknowledge"
    calm = [HintTurn(0, "debtor", intent="excuse", anger=0.3), HintTurn(1, "collector", moves=("disclose_debt",)),
            HintTurn(2, "debtor", intent="challenge", anger=0.4)]
    assert hint(calm, verified()) is None
    agreed = [HintTurn(0, "debtor", intent="venting", anger=0.8), HintTurn(1, "collector", moves=("offer_plan",)),
              HintTurn(2, "debtor", intent="agreeing", anger=0.7)]
    assert hint(agreed, verified()) is None
