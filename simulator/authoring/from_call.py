"""A scenario drafted from a real call (issue 21, item 7): a trainer uploads a transcript (the formats the
grader accepts) and gets a *draft* persona card and scenario to review in the editor and publish.

- **Personal data first.** Phone numbers, ID and card numbers, addresses and the debtor's name are replaced
  before anything is read further or stored (names by the ``{name}`` placeholder, which the engine fills
  with the scenario's own debtor name). Only the debtor's lines are kept, as bank lines.
- **The archetype is guessed** from the debtor's lines by the seed's features (001: 挑衅型 swears and
  complains, 推托型 is busy and vague, 受害者型 tells a hard story…), with the lines that decided it.
- **Case facts** (amount, days overdue, promises made) come from what was said.

Nothing here publishes: the drafts go through the editor, its preview and its checks like any other.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from simulator.analysis import analyze
from simulator.analysis.listener import read_listener
from simulator.grading.transcript import Transcript
from simulator.messages import LANGS, N_, translate

PHONE = re.compile(r"(?<!\d)1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)")
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
CARD = re.compile(r"(?<!\d)\d{16,19}(?!\d)")
LANDLINE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")
ID_TAIL = re.compile(r"(后[四4]位(?:是|为)?[::]?\s*)\d{3}[\dXx]")
ADDRESS = re.compile(r"((?:住在|家在|地址是|地址[::]|在))?[\u4e00-\u9fff]{2,4}?(?:省|市|自治区)"
                     r"[\u4e00-\u9fff0-9]{0,16}?(?:区|县|镇|乡|路|街|道|村)[\u4e00-\u9fff0-9号栋幢单元室楼层弄巷-]{0,16}")
TITLED_NAME = re.compile(r"([\u4e00-\u9fff]{2,3}?)(先生|女士|小姐)")
ASKED_NAME = re.compile(r"(?:请问)?(?:您|你)?是([\u4e00-\u9fff]{2,3}?)(?:本人)?(?:吗|吧|么)")
SELF_NAME = re.compile(r"我(?:是|叫)([\u4e00-\u9fff]{2,3}?)(?:[,.!?,。!?]|$)")
NOT_NAMES = {"本人", "哪位", "什么", "谁啊", "您好", "你好", "客服", "催收", "银行", "公司", "这样", "那个", "这个"}
DAYS = re.compile(r"逾期(?:了)?\s*(\d{1,4})\s*天")

# Seed 001's features, as the debtor's words show them.
ARCHETYPE_SIGNS: dict[str, re.Pattern[str]] = {
    "provocative": re.compile(r"烦不烦|有完没完|凭什么|滚|骂|吼|别再打|你们这帮|要死啊|骗子"),
    "evasive": re.compile(r"(?:在)?忙|再说|回头|不方便|开会|不清楚|不知道|先这样|改天|过几天再"),
    "victim": re.compile(r"哭|不容易|怎么活|没办法|生病|住院|失业|离婚|孩子|老人|可怜|被骗|都是因为"),
    "confident": re.compile(r"律师|起诉|法院|告我|随便告|你们砍|额度|我懂|我清楚"),
    "stubborn": re.compile(r"就是不还|不会还|不还|没钱就是没钱|随便你|爱怎么|说了没有"),
    "sophisticated": re.compile(r"利息|上限|合规|录音|投诉|银保监|证据|法定|合同第|违法"),
    "promiser": re.compile(r"保证|一定(?:还|会)|肯定(?:还|会)|马上(?:就)?还|下周|月底|这次(?:一定|绝对)"),
}
INTENT_SIGNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("promising", ARCHETYPE_SIGNS["promiser"]),
    ("legal_bravado", re.compile(r"起诉|律师|法院|告我|随便告")),
    ("challenge", re.compile(r"利息|罚息|凭什么|依据|合规|上限|违法")),
    ("sad_story", ARCHETYPE_SIGNS["victim"]),
    ("refusing", re.compile(r"不还|不会还|没钱就是没钱")),
    ("excuse", re.compile(r"没钱|周转|回款|压款|工资|手头紧")),
    ("deflection", ARCHETYPE_SIGNS["evasive"]),
)


@dataclass
class Scrubbed:
    text: str
    replaced: Counter[str] = field(default_factory=Counter)


@dataclass
class CallReading:
    archetype: str
    reasons: list[dict[str, str]]  # {"archetype", "line"}: the lines that decided the guess
    scores: dict[str, int]
    debtor_lines: list[tuple[str, str]]  # (intent, scrubbed line)
    amount: int | None
    days_overdue: int | None
    promises: list[str]
    replaced: dict[str, int]  # what personal data was replaced, by kind


def names_in(transcript: Transcript) -> set[str]:
    """The debtor's name as the call says it: 「王建军先生」, 「是刘秀兰吗」, 「我是王建军」."""
    found: set[str] = set()
    for turn in transcript.turns:
        for pattern in (TITLED_NAME, ASKED_NAME, SELF_NAME):
            for m in pattern.finditer(turn.text):
                name = m.group(1)
                if name not in NOT_NAMES and not name.startswith(("我", "您", "你", "是")):
                    found.add(name)
    return found


def scrub(text: str, names: set[str]) -> Scrubbed:
    """``text`` with personal data replaced: the name by ``{name}``, numbers and addresses by a label."""
    out = Scrubbed(text)

    def sub(pattern: re.Pattern[str], label: str, kind: str, keep_group: bool = False) -> None:
        def repl(m: re.Match[str]) -> str:
            out.replaced[kind] += 1
            return ((m.group(1) or "") if keep_group else "") + label
        out.text = pattern.sub(repl, out.text)

    sub(ID_NUMBER, "[身份证号]", "id_number")
    sub(CARD, "[卡号]", "card_number")
    sub(PHONE, "[手机号]", "phone")
    sub(LANDLINE, "[电话]", "phone")
    sub(ID_TAIL, "[后四位]", "id_number", keep_group=True)
    sub(ADDRESS, "[地址]", "address", keep_group=True)
    for name in sorted(names, key=len, reverse=True):
        count = out.text.count(name)
        if count:
            out.replaced["name"] += count
            out.text = out.text.replace(name, "{name}")
    # A surname with a title left over ("王先生" after "王建军" was replaced): the name too.
    for surname in {n[0] for n in names}:
        out.text, n = re.subn(rf"{surname}(先生|女士|小姐)", r"{name}\1", out.text)
        out.replaced["name"] += n
    return out


def intent_of(line: str) -> str:
    if read_listener(line).provocations:
        return "venting"
    return next((intent for intent, pattern in INTENT_SIGNS if pattern.search(line)), "deflection")


def read_call(transcript: Transcript) -> CallReading:
    names = names_in(transcript)
    replaced: Counter[str] = Counter()
    debtor: list[tuple[str, str]] = []
    amounts: list[int] = []
    days: int | None = None
    for turn in transcript.turns:
        clean = scrub(turn.text, names)
        replaced.update(clean.replaced)
        if turn.speaker == "debtor":
            debtor.append((intent_of(clean.text), clean.text))
        elif turn.speaker == "collector":
            amounts += analyze(clean.text).amounts
        if (m := DAYS.search(clean.text)) and days is None:
            days = int(m.group(1))
    scores: dict[str, int] = dict.fromkeys(ARCHETYPE_SIGNS, 0)
    reasons: list[dict[str, str]] = []
    for _, line in debtor:
        for archetype, pattern in ARCHETYPE_SIGNS.items():
            if pattern.search(line) or (archetype == "provocative" and read_listener(line).provocations):
                scores[archetype] += 1
                reasons.append({"archetype": archetype, "line": line})
    best = max(scores, key=lambda a: (scores[a], -list(ARCHETYPE_SIGNS).index(a)))
    amount = Counter(amounts).most_common(1)[0][0] if amounts else None
    promises = [line for intent, line in debtor if intent == "promising"]
    return CallReading(archetype=best if scores[best] else "evasive",
                       reasons=[r for r in reasons if r["archetype"] == best], scores=scores,
                       debtor_lines=[(i, _with_amount(line, amount)) for i, line in debtor], amount=amount,
                       days_overdue=days, promises=promises, replaced=dict(replaced))


def _with_amount(line: str, amount: int | None) -> str:
    """The overdue amount said in a line becomes ``{amount}`` (the scenario's own, once edited)."""
    return re.sub(rf"(?<!\d){amount}(?!\d)", "{amount}", line) if amount else line


def persona_doc(base: dict[str, Any], reading: CallReading, new_id: str, names: dict[str, str]) -> dict[str, Any]:
    """The archetype's card under ``new_id``, with the call's debtor lines added to its bank."""
    doc = dict(base)
    doc["id"] = new_id
    doc["name"] = {lang: translate("draft_call_persona_name", lang, name=names.get(lang, "")) for lang in LANGS}
    bank = {k: {m: list(v) for m, v in moods.items()} for k, moods in (base.get("bank") or {}).items()}
    for intent, line in reading.debtor_lines:
        lines = bank.setdefault(intent, {}).setdefault("any", [])
        if line not in lines:
            lines.append(line)
    doc["bank"] = bank
    notes = "由真实通话生成的草稿:客户类型按客户原话判断为「" + names.get("zh", "") + "」,通话里的客户原话已加入话术库(any 情绪)。"
    doc["trainer_notes"] = notes + (("\n" + str(base["trainer_notes"])) if base.get("trainer_notes") else "")
    return doc


NEW_DEBTOR = "客户甲"  # the draft's debtor: a trainer names them in the editor


def _renamed(value: Any, old: str, new: str) -> Any:
    """``value`` with the base scenario's debtor (「刘秀兰」, 「刘女士」) renamed throughout (objectives, notes)."""
    if isinstance(value, str):
        return re.sub(rf"{old[0]}(先生|女士|小姐)", new, value.replace(old, new))
    if isinstance(value, dict):
        return {k: _renamed(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, old, new) for v in value]
    return value


def scenario_doc(base: dict[str, Any], reading: CallReading, new_id: str, persona_id: str,
                 stage: str) -> dict[str, Any]:
    """The archetype's M1 scenario under ``new_id``, with the call's facts (personal data left out)."""
    old_name = str((base.get("case_file") or {}).get("debtor_name") or "")
    doc = _renamed(dict(base), old_name, NEW_DEBTOR) if old_name else dict(base)
    doc["id"] = new_id
    doc["stage"] = stage
    doc["title"] = {lang: translate(N_("draft_call_title"), lang) for lang in LANGS}
    doc["brief"] = {lang: translate(N_("draft_call_brief"), lang) for lang in LANGS}
    case = dict(base.get("case_file") or {})
    case["debtor_name"] = NEW_DEBTOR
    case["phone"] = "138****0000"
    case["id_last4"] = "0000"
    if reading.amount:
        case["overdue_amount"] = reading.amount
    if reading.days_overdue:
        case["days_overdue"] = reading.days_overdue
    promised = ";".join(reading.promises[:3])
    case["notes"] = "据真实通话整理,客户姓名、电话、证件号和地址已隐去。" + (f"通话中客户说过:{promised}" if promised else "")
    case["contact_history"] = []
    doc["case_file"] = case
    doc["trainer_notes"] = (f"由真实通话生成的草稿。先发布人设 {persona_id},再把本场景的客户人设改为它;"
                            "核对案件信息后发布。")
    return doc


def draft_from_call(db: Any, catalog: Any, actor: Any, transcript: Transcript) -> dict[str, Any]:
    """Read the call, then save a draft persona card and a draft scenario (never published here)."""
    import secrets

    from simulator.authoring import service
    from simulator.authoring.forms import dump_yaml, load_mapping

    service.ensure_author(actor)
    reading = read_call(transcript)
    card = catalog.personas[reading.archetype]
    persona_id = f"call-{reading.archetype}-{secrets.token_hex(3)}"
    scenario_id = f"{persona_id}-m1"
    persona = persona_doc(load_mapping(service.latest_body(db, "persona", reading.archetype)), reading, persona_id,
                          {"zh": card.name.zh, "en": card.name.en})
    service.save_draft(db, "persona", persona_id, dump_yaml(persona), actor)
    scenario = scenario_doc(load_mapping(service.latest_body(db, "scenario", f"{reading.archetype}-m1")), reading,
                            scenario_id, persona_id, transcript.stage)
    service.save_draft(db, "scenario", scenario_id, dump_yaml(scenario), actor)
    return {"archetype": reading.archetype, "reasons": reading.reasons, "scores": reading.scores,
            "facts": {"amount": reading.amount, "days_overdue": reading.days_overdue, "promises": reading.promises},
            "replaced": reading.replaced, "bank_lines": len(reading.debtor_lines),
            "persona": persona_id, "scenario": scenario_id}
