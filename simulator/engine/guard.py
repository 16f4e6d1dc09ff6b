"""The output guard: what the model says is cleaned and checked before a trainee reads it.

Users of AI role-play complain most that personas break character, coach the learner or speak for
them. Cleaning removes what a model adds around the line (speaker labels, stage directions, quotes,
``<think>`` blocks of reasoning models) and enforces the card's length limit at a sentence boundary.
Checking finds replies that left character — mention being an AI, speak as the collector, coach the
collector, switch language, agree to pay when the engine did not decide so — so the caller can
regenerate once and then fall back to the offline line.

``StreamGuard`` does the same incrementally, so tokens can be shown while they arrive: it holds back
only what might still turn into a label or a stage direction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from simulator.engine import debtor_says, voicing
from simulator.engine.voicing import Decision

DEBTOR_LABELS = ("债务人", "欠款人", "借款人", "客户", "当事人", "debtor", "Debtor", "assistant", "Assistant",
                 "回复", "回答", "我")
COLLECTOR_LABELS = ("催收员", "催收人员", "催收", "客服", "坐席", "业务员", "collector", "Collector", "user", "User")
OPENERS = "（([【*"
CLOSERS = {"（": "）", "(": ")", "[": "]", "【": "】", "*": "*"}
QUOTES = "\"'“”‘’「」『』"
SENTENCE_END = "。!?！？…~～"
CLAUSE_END = ",，;；、"
MAX_SENTENCES = 3
EARLY_LETTERS = 12  # a streaming reply's language is judged once it has this many letters

_THINK = re.compile(r"<think>.*?(</think>|$)", re.S)
_STAGE = re.compile(r"（[^（）]*）|\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|\*[^*\n]+\*")
_AI = re.compile(
    r"(?<![A-Za-z])(AI|A\.I\.|GPT|ChatGPT|OpenAI|LLM)(?![A-Za-z])|人工智能|语言模型|大模型|模型|智能助手|AI助手"
    r"|(?i:assistant)|虚拟助手|作为一个?(AI|人工智能|助手|程序)|扮演|角色扮演|模拟对话|我是(一个)?(程序|机器人)"
    r"|指令|提示词|有什么(可以|能)帮(您|你)",  # meta talk: a debtor never speaks of instructions or offers help
)
_AS_COLLECTOR = re.compile(
    r"我是(?!说|不是|在说|问)(这边|那边)?[^,，。!?！？]{0,12}(催收员|催收专员|客服|贷后|专员|工作人员)"
    r"|我们(公司|平台)将依法|请您?(尽快|按时)(还款|处理)|您的(欠款|逾期)"
)
_COACHING = re.compile(
    r"建议(你|您)|(你|您)可以(试着|尝试|试试)|(你|您)(应该|应当|最好)(先)?(表示|表达|安抚|共情|理解|倾听|询问|核实"
    r"|确认|介绍|说明|提出|给出|换个|注意|避免)|作为催收(员|人员)?|催收技巧|沟通技巧|话术|更好的说法|这样说(会|更)"
)
_AGREES = re.compile(
    r"(同意|答应)(你|您)?的?(还款|还钱|方案|分期|这个方案)|接受(你|您)?的?(方案|分期|还款)"
    r"|(马上|立刻|立即|现在就|今天就|这就)(去)?(还|转账|转钱|打钱|还款|还钱)(?![不没])|我(这就|马上)?把钱还(给你|清)"
)
_NEGATIONS = ("不", "没", "别", "才", "凭什么", "怎么", "让我", "要我")
# Intents whose line may name what the debtor can pay and when: the engine's own line does.
AGREEMENT_INTENTS = frozenset({"agreeing", "plan_agreeing", "confirm_details", "promising", "negotiating",
                               "estate_agree", "answer_amount", "answer_date", "answer_choice", "choose_full"})


@dataclass(frozen=True)
class Verdict:
    text: str  # cleaned and limited
    problem: str | None  # None when the reply may be shown


def _label_re(labels: Iterable[str]) -> re.Pattern[str]:
    names = "|".join(re.escape(label) for label in sorted(set(labels), key=len, reverse=True) if label)
    return re.compile(rf"^\s*(?:{names})\s*(?:[（(][^）)\n]{{0,12}}[）)])?\s*[:：]\s*")


def _collector_line_re() -> re.Pattern[str]:
    names = "|".join(re.escape(label) for label in COLLECTOR_LABELS)
    return re.compile(rf"(^|\n)\s*(?:{names})\s*(?:[（(][^）)\n]{{0,12}}[）)])?\s*[:：]")


_COLLECTOR_LINE = _collector_line_re()


def cjk_ratio(text: str) -> tuple[int, float]:
    """(letters, share of them that are Chinese characters); digits and punctuation do not count."""
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    letters = cjk + latin
    return letters, (cjk / letters if letters else 0.0)


def clean(raw: str, names: Iterable[str] = ()) -> str:
    """Strip think blocks, speaker labels, stage directions and wrapping quotes; one line out."""
    text = _THINK.sub("", raw)
    label = _label_re((*DEBTOR_LABELS, *names))
    lines = []
    for line in text.splitlines():
        line = label.sub("", line, count=1).strip()
        if line:
            lines.append(line)
    joined = ""
    for line in lines:
        if joined and joined[-1] not in SENTENCE_END + CLAUSE_END:
            joined += ","
        joined += line
    previous = None
    while previous != joined:  # nested directions: (叹气(小声))
        previous = joined
        joined = _STAGE.sub("", joined)
    joined = " ".join(joined.split())
    joined = _drop_unclosed(joined)  # "（喂!我没听错…": a direction the model never closed
    joined = joined.strip(QUOTES + " ")
    return joined.lstrip(CLAUSE_END + SENTENCE_END + " ").strip()


def limit(text: str, max_chars: int, max_sentences: int = MAX_SENTENCES) -> str:
    """At most ``max_sentences`` sentences and ``max_chars`` characters, cut at a sentence end
    (else a clause end, else hard) so a trainee never reads half a word."""
    ends = [i + 1 for i, ch in enumerate(text) if ch in SENTENCE_END and (i + 1 == len(text) or text[i + 1] not in SENTENCE_END)]
    if len(ends) > max_sentences:
        text = text[: ends[max_sentences - 1]]
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    cut = max((i for i, ch in enumerate(head) if ch in SENTENCE_END), default=-1)
    if cut >= max_chars // 3:
        return head[: cut + 1]
    cut = max((i for i, ch in enumerate(head) if ch in CLAUSE_END), default=-1)
    if cut >= max_chars // 3:
        return head[:cut] + "…"
    return head[: max_chars - 1] + "…"


def agrees(text: str) -> bool:
    """An agreement to pay, not negated ("我不同意还款") nor asked back ("你要我马上还?"): in so many
    words, or a commitment to a day or an amount (``debtor_says.commits``)."""
    if debtor_says.commits(text):
        return True
    for m in _AGREES.finditer(text):
        before = text[max(0, m.start() - 4) : m.start()]
        rest = text[m.end() :]
        clause_end = next((ch for ch in rest if ch in SENTENCE_END + CLAUSE_END), "")
        if any(neg in before for neg in _NEGATIONS) or clause_end in ("?", "？"):
            continue
        return True
    return False


def problem_of(text: str, *, intent: str = "filler", agreed: bool = False, partial: bool = False) -> str | None:
    """Why a cleaned reply leaves character, or None. Bare "你应该…" stays allowed: an angry debtor
    says it ("你应该先去问问你们公司!"); coaching is "你应该先表示理解"-style advice.

    ``partial`` judges a reply still streaming: the language only once there is enough text, and
    agreement not at all ("我马上还" may yet become "我马上还不了")."""
    if not text.strip():
        return None if partial else "empty"
    if _AI.search(text):
        return "mentions_ai"
    if _AS_COLLECTOR.search(text):
        return "speaks_as_collector"
    if _COACHING.search(text):
        return "coaches_collector"
    letters, share = cjk_ratio(text)
    if partial and letters < EARLY_LETTERS:
        return None
    if letters == 0 or share < 0.5:
        return "not_chinese"
    if not partial and not agreed and intent not in AGREEMENT_INTENTS and agrees(text):
        return "unearned_agreement"
    return None


def guard(raw: str, *, max_chars: int, names: Iterable[str] = (), intent: str = "filler", agreed: bool = False,
          decision: Decision | None = None) -> Verdict:
    """Clean, check and limit a complete reply. With the engine's ``decision`` the line must also voice
    it and be new to the call (``voicing.py``); that is judged on the line as shown, after the limit."""
    if _COLLECTOR_LINE.search(raw):
        return Verdict(clean(raw, names), "speaks_as_collector")
    text = clean(raw, names)
    problem = problem_of(text, intent=intent, agreed=agreed)
    if problem is not None:
        return Verdict(text, problem)
    shown = limit(text, max_chars)
    if decision is not None:
        problem = voicing.problem(shown, decision)
    return Verdict(shown if problem is None else text, problem)


class StreamGuard:
    """Incremental cleaning for streamed replies.

    ``feed`` returns the text that can be shown now; ``problem`` is set as soon as the partial reply
    is clearly out of character (the caller stops the stream and regenerates). ``finish`` returns the
    authoritative verdict on the whole reply: the caller sends its text in the final event, which
    replaces whatever was shown if the two differ.
    """

    def __init__(self, *, max_chars: int, names: Iterable[str] = (), intent: str = "filler", agreed: bool = False,
                 decision: Decision | None = None) -> None:
        self.max_chars = max_chars
        self.decision = decision
        self.names = tuple(n for n in names if n)
        self.intent = intent
        self.agreed = agreed
        self.raw = ""
        self.shown = ""
        self.problem: str | None = None
        self._diverged = False
        self._labels = tuple(f"{label}{colon}" for label in (*DEBTOR_LABELS, *COLLECTOR_LABELS, *self.names)
                             for colon in (":", "：", "(", "（"))

    def feed(self, piece: str) -> str:
        self.raw += piece
        visible = self._visible()
        if _COLLECTOR_LINE.search(self.raw):
            self.problem = "speaks_as_collector"
        elif visible:
            self.problem = problem_of(visible, intent=self.intent, agreed=self.agreed, partial=True)
        if self.problem or self._diverged:
            return ""
        if not visible.startswith(self.shown):
            self._diverged = True  # e.g. a late label: the final event corrects the bubble
            return ""
        capped = visible[: self.max_chars]
        delta = capped[len(self.shown):]
        self.shown = capped
        return delta

    @property
    def enough(self) -> bool:
        """The reply is already longer than can be shown: stop paying for more tokens."""
        return len(self.shown) >= self.max_chars and len(self._visible()) > self.max_chars + 10

    def finish(self) -> Verdict:
        return guard(self.raw, max_chars=self.max_chars, names=self.names, intent=self.intent, agreed=self.agreed,
                     decision=self.decision)

    def _visible(self) -> str:
        raw = self.raw
        start = raw.lstrip()
        if "<think>".startswith(start) or (start.startswith("<think>") and "</think>" not in start):
            return ""
        text = _THINK.sub("", raw).lstrip()
        if any(label.startswith(text) for label in self._labels):
            return ""  # could still become "王建军:" — wait for the next piece
        cut = _open_direction(text)
        if cut is not None:
            text = text[:cut]
        text = text.rstrip(QUOTES)
        if text.endswith("<"):
            text = text[:-1]
        return clean(text, self.names)


def _drop_unclosed(text: str) -> str:
    """Remove bracket openers that are never closed (the text after them stays: it is the line)."""
    stack: list[int] = []
    for i, ch in enumerate(text):
        if stack and ch == CLOSERS[text[stack[-1]]]:
            stack.pop()
        elif ch in OPENERS and ch != "*":
            stack.append(i)
    for i in reversed(stack):
        text = text[:i] + text[i + 1:]
    return text


def _open_direction(text: str) -> int | None:
    """Index of a stage direction that is still open at the end of ``text`` (hold it back)."""
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if stack and ch == CLOSERS[stack[-1][0]]:
            stack.pop()
        elif ch in OPENERS:
            stack.append((ch, i))
    return stack[0][1] if stack else None
