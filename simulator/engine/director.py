"""Director notes: the engine's decision for this turn, told to the LLM in plain Chinese.

The state machine stays authoritative (design §4): it has already moved the affect state, decided
the outcome and picked an intent. The model only *voices* that decision, so it needs to hear it the
way an actor hears a director — how you feel, why, and what you do in this line — not as numbers.
"你非常愤怒,因为对方刚威胁要打电话到你单位;你快要挂电话了" steers a model far better than
"anger=0.86".
"""

from __future__ import annotations

from collections.abc import Mapping

from simulator.catalog.schema import PersonaCard
from simulator.engine import bank
from simulator.engine.conversation import Reply
from simulator.engine.state import AGREED

# Why the debtor feels the way they do: the collector's violation this turn, most serious first.
VIOLATION_CAUSE: dict[str, str] = {
    "threat": "对方刚才威胁你和你的家人",
    "third_party_disclosure": "对方刚威胁要把你欠钱的事告诉你的家人、单位或通讯录里的人",
    "impersonation": "对方冒充公检法、律师来吓唬你",
    "false_legal_claim": "对方拿抓人、坐牢、马上冻结财产这种不实的话吓你",
    "harassment": "对方说要一直打电话、上门找你",
    "insult": "对方刚才出言侮辱你",
    "improper_fee": "对方让你交来路不明的费用、往个人账户打钱",
    "misleading": "对方说的一听就是吓唬人的假话",
}
# ...or the collector's moves when nothing was violated.
MOVE_CAUSE: tuple[tuple[str, str], ...] = (
    ("blame", "对方在指责你说话不算数"),
    ("sarcasm", "对方在挖苦你"),
    ("empathy", "对方一直耐心听你说、体谅你的难处"),
    ("listen", "对方一直耐心听你说"),
    ("condolence", "对方向你表示了慰问"),
    ("apology", "对方为打扰你道了歉"),
    ("offer_plan", "对方提出了分期或先还一部分的办法"),
    ("legal_process", "对方讲了起诉之类的法律程序"),
    ("explain_consequence", "对方讲了逾期会上征信、会有罚息"),
    ("request_commitment", "对方要你给个准话,什么时候还、还多少"),
    ("disclose_debt", "对方一上来就说你欠钱的事"),
)
GOOD_CAUSES = frozenset(cause for move, cause in MOVE_CAUSE if move in ("empathy", "listen", "condolence", "apology", "offer_plan"))

# What to do in this line, by intent. {placeholders} are filled by substitution, never executed.
INTENT_NOTE: dict[str, str] = {
    "opening": "你刚接起电话,还不知道是谁打来的。",
    "unidentified": "对方还没说清楚自己是谁、哪个单位的,你不跟陌生人谈钱,先问清楚他是谁。",
    "identity_confirm": "对方在核实你的身份,你承认自己是{name},但语气符合你现在的心情。",
    "venting": "发泄不满:抱怨催收电话太多、罚息太高或贷款机构不讲理。",
    "excuse": "说出你现在还不上的理由。",
    "sad_story": "带着情绪讲你的难处。",
    "deflection": "岔开话题、拖延,说你现在不方便、在忙。",
    "challenge": "质疑对方:金额、罚息、凭什么这么催。",
    "legal_bravado": "嘴硬:有本事就去起诉,你不怕。",
    "finance_talk": "讲你的收入、开销和其他欠款,算账给他听。",
    "softening": "火气消了一些,愿意听他往下说。",
    "negotiating": "讨价还价:想少还一点、晚一点还,或者分期。",
    "promising": "含糊地说会还,但不说具体金额和日期。",
    "agreeing": "答应还款:{agreed_date}还{agreed_amount}元,把金额和日期说清楚。",
    "plan_agreeing": "答应对方的分期或先还一部分的方案:先还{agreed_amount}元,{agreed_date}。",
    "confirm_details": "确认刚才说好的:{agreed_date}还{agreed_amount}元。",
    "refusing": "明确拒绝还钱。",
    "hanging_up": "说完这句你就挂电话,这是你最后一句话。",
    "threat_reaction": "对对方的威胁作出反应:害怕、愤怒或者反过来说要投诉、报警。",
    "insult_reaction": "对对方的侮辱作出反应:很生气,要他放尊重点。",
    "disclosure_reaction": "对方要把欠款的事告诉别人,你又急又气,要他别这么干,说要投诉。",
    "deception_reaction": "你觉得对方在吓唬你、说假话,当面戳穿或质问他。",
    "pressure_reaction": "对对方讲的后果(征信、罚息、起诉)作出反应。",
    "empathy_reaction": "对方在体谅你,你愿意多说两句心里话。",
    "closing": "对方要结束通话,你也简单说句再见。",
    "answer_amount": "如实回答对方问的金额:你最多能拿出{can_pay}元。不要说别的数字。",
    "answer_date": "如实回答对方问的时间:{pay_date}钱才能到。",
    "answer_income": "回答对方问的收入和开销情况,说实际的难处,不要报具体数字。",
    "answer_contact_time": "告诉对方你什么时候方便接电话。",
    "answer_late_ok": "对方问这么晚了要不要继续谈:你同意现在接着说。",
    "answer_late_no": "对方问这么晚了要不要继续谈:你不同意,请对方明天白天再打。",
    "answer_choice": "在对方给出的两个方案里选一个,说清楚选哪个。",
    "dodge": "对方问的问题你现在不想正面回答,用你自己的方式搪塞或岔开,不要报任何数字。",
    "filler": "简单应一声,等对方往下说。",
    "silence": "对方半天没出声,你问一句人还在不在、怎么不说话,语气符合你现在的心情。",  # call mode
    # third party
    "ask_who": "问清楚对方是谁、找{name}什么事。",
    "refuse_info": "不肯透露{name}在哪儿、电话多少,让对方自己去找本人。",
    "pass_message": "答应帮忙转告,让{name}回电话。",
    "curious": "追问对方找{name}到底什么事,是不是他出了什么问题。",
    "hostile_reaction": "对方态度很差,你很生气,不想再跟他说。",
    "deceased_news": "告诉对方:{name}已经去世了。",
    "grief": "说到{name}去世你很难过,对方还来要钱,你又伤心又生气。",
    "documents": "答应提供死亡证明之类的材料。",
    "estate_talk": "说到{name}留下的遗产和家里能不能帮着还,你还在犹豫。",
    "estate_agree": "答应用{name}的遗产来还:{agreed_date}先还{agreed_amount}元。",
    "handover": "你去叫{name}来接电话。",
}
# A guarantor on the phone plays some third-party intents as a guarantor (engine/third_party.py, _guarantor).
GUARANTOR_NOTE: dict[str, str] = {
    "ask_who": "对方还没问担保的事:确认你就是接电话的人,问清楚对方是谁、找你什么事。",
    "curious": "对方问你是不是{name}这笔贷款的担保人:你承认是,合同是你签的,再问{name}出了什么事。",
    "disclosure_reaction": "对方说了{name}逾期没还的情况:你作为担保人又意外又着急,埋怨{name}没跟你说。",
    "estate_talk": "说到你作为担保人的责任:你认这个担保,但希望先找{name}本人还,你会去催他。",
    "estate_agree": "答应对方:{agreed_date}之前让{name}先还{agreed_amount}元,他还不上就由你先替他垫上。",
    "refuse_info": "不肯多透露{name}的情况,让对方直接找他本人。",
    "pass_message": "答应去联系{name},让他尽快给对方回电话。",
}


def _anger(anger: float) -> str:
    if anger >= 0.8:
        return "你非常愤怒"
    if anger >= 0.65:
        return "你很生气"
    if anger >= 0.35:
        return "你有些烦躁、不耐烦"
    return "你情绪还算平稳"


def _cause(reply: Reply) -> str | None:
    analysis = reply.analysis
    if analysis is None:
        return None
    for category, cause in VIOLATION_CAUSE.items():
        if category in analysis.categories:
            return cause
    for move, cause in MOVE_CAUSE:
        if move in analysis.moves:
            return cause
    return None


def _trust(trust: float) -> str | None:
    if trust >= 0.6:
        return "你开始信任对方"
    if trust < 0.25:
        return "你不信任对方"
    return None


def _willingness(willingness: float, outcome: str) -> str | None:
    if outcome in AGREED:
        return None
    if willingness >= 0.6:
        return "你心里愿意还钱,在想怎么还"
    if willingness >= 0.4:
        return "你开始考虑先还一小部分"
    if willingness < 0.2:
        return "你现在根本不想还钱"
    return None


def _outcome(reply: Reply, values: Mapping[str, str]) -> str:
    if reply.outcome == "hung_up" or reply.ended:
        return "通话到此结束:说完这句就挂断。"
    if reply.outcome in AGREED:
        return bank.fill("你已经答应还款:{agreed_date}还{agreed_amount}元。不要反悔,也不要改金额和日期。", values)
    if reply.outcome == "refused":
        return "你现在拒绝还款,但电话还没挂。不要答应任何还款。"
    if reply.intent in ("promising", "negotiating"):
        return "你还没有真正答应:不要说出确定的还款金额和日期。"
    return "你还没有答应还款:不要答应任何金额和日期,也不要说你同意还款。"


def direct(reply: Reply, card: PersonaCard | None, values: Mapping[str, str]) -> str:
    """The note for one line. ``card`` gives the hang-up threshold (None for a third party)."""
    state = reply.state
    mood = _anger(state.anger)
    cause = _cause(reply)
    if cause is None:
        parts = [mood]
    elif cause in GOOD_CAUSES:
        parts = [cause, mood]  # "对方一直耐心听你说;你情绪还算平稳;你开始考虑先还一小部分"
    else:
        parts = [f"{mood},因为{cause}"]
    near = card.thresholds.hang_up_anger - 0.12 if card is not None else 0.73
    if reply.outcome != "hung_up" and state.anger >= near:
        parts.append("你快要挂电话了")
    # A relative on the phone owes nothing: willingness and "don't agree to pay" are the debtor's.
    extras = (_trust(state.trust),) if card is None else (_trust(state.trust), _willingness(state.willingness, reply.outcome))
    parts += [extra for extra in extras if extra]
    feeling = ";".join(parts) + "。"
    notes = {**INTENT_NOTE, **GUARANTOR_NOTE} if reply.guarantor else INTENT_NOTE
    todo = bank.fill(notes.get(reply.intent, INTENT_NOTE["filler"]), values)
    if card is None and reply.outcome not in AGREED and not reply.ended:
        last = bank.fill("不要替{name}答应还钱,也不要透露{name}的住址和联系方式。", values)
    else:
        last = _outcome(reply, values)
    return "\n".join((feeling, "这一句:" + todo, last))
