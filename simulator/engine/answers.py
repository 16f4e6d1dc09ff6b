"""A debtor who answers what was asked (issue 15): the question's topic, the archetype, and trust.

When the collector asks a direct question — how much can you find, when does the money come in,
what do you earn, when are you reachable, which of the two options — the debtor answers it: from
the hidden truth when trust is high enough (that is how a 顽固型 debtor's hidden ¥2,000 comes
out), with a dodge in the archetype's own style when it is not.  Every figure in an answer comes
from the case file or the hidden truth ({can_pay}, {pay_date}), never from thin air.

The threshold varies by seed within the archetype, so different seeds behave differently, not only
word differently.
"""

from __future__ import annotations

import random

from simulator.engine.state import State

TOPICS = ("choice", "amount", "date", "income", "contact_time")

# Trust (and calm) an archetype needs before it tells the truth about money.
OPEN_TRUST: dict[str, float] = {
    # an evasive debtor who is caught on the line and not pushed says roughly what he has (seed 001:
    # the trick is to make him engage), so he opens up at about the trust at which he would agree
    "provocative": 0.42, "evasive": 0.3, "victim": 0.4, "confident": 0.45,
    "stubborn": 0.42, "sophisticated": 0.45, "promiser": 0.3,
}
OPEN_MAX_ANGER = 0.6
SEED_JITTER = 0.06

# Built-in lines, used only by a card that has no answer_* intents in its bank (the shipped cards
# carry these same lines in personas/*.yaml, where trainers can edit them).
# {placeholders} are filled by bank.fill from the case file and hidden truth.
OPEN: dict[str, dict[str, tuple[str, ...]]] = {
    "amount": {
        "provocative": ("最多{can_pay},多一分都没有,你别想再往上加!", "行,我跟你交个底,手上能拿出来的就{can_pay}块。"),
        "evasive": ("嗯……{can_pay}吧,估计能凑出来。", "这个……{can_pay}块应该没问题,再多就难了。"),
        "victim": ("我手上……也就能凑{can_pay}块钱,还得东挪西借。", "真的只有{can_pay},我把能省的都省下来了。"),
        "confident": ("{can_pay}我现在就拿得出来,但罚息你们得给我讲清楚。", "我不是没钱,{can_pay}随时能转,关键是你们的态度。"),
        "stubborn": ("……就{can_pay},多了没有。", "非要说的话,这周能挤出来{can_pay}块,就这么多。"),
        "sophisticated": ("按我现在的现金流,{can_pay}是上限。", "我算过了,不影响周转的话能拿出{can_pay}。"),
        "promiser": ("{can_pay}!{pay_date}之前肯定能给你。", "你放心,{can_pay}块我能凑出来。"),
    },
    "date": {
        "provocative": ("{pay_date}!到时候钱到了我自然会还,别天天催。", "{pay_date}之前吧,钱那时候才到。"),
        "evasive": ("大概……{pay_date}吧,那时候应该能到。", "{pay_date}前后吧,我尽量。"),
        "victim": ("要等到{pay_date}……那时候才能凑上一点。", "{pay_date}吧,我尽力,真的。"),
        "confident": ("{pay_date}。我说到做到,用不着你们天天打。", "钱{pay_date}到账,到时候我自己会处理。"),
        "stubborn": ("……{pay_date}吧,那之前别指望。", "要还也得等{pay_date}。"),
        "sophisticated": ("我的回款在{pay_date},那之前资金都安排好了。", "{pay_date}之后资金才宽松。"),
        "promiser": ("{pay_date}!{pay_date}我一定还上!", "最晚{pay_date},我保证。"),
    },
    "income": {
        "provocative": ("收入?就那点钱,每个月刚够花。", "挣多少跟你有关系吗?反正不宽裕。"),
        "evasive": ("收入不太稳定,时多时少。", "说不准,这个月还没算过来。"),
        "victim": ("挣的那点钱,全贴进家里了。", "收入就那么点,家里到处要用钱。"),
        "confident": ("我收入没问题,就是最近周转慢一点。", "我的生意你不用操心,就是一时资金压着。"),
        "stubborn": ("收入?不够花,就这样。", "挣的都花在该花的地方了。"),
        "sophisticated": ("收入是有的,但每月固定支出排得很满,还款只能往后排。", "账我都算得清清楚楚,剩下的余地不多。"),
        "promiser": ("收入是有的,就是这个月被别的事占了,下个月就好了。", "工资发了就有,你放心。"),
    },
    "contact_time": {
        "provocative": ("晚上七点以后吧,白天忙得很,别老上班时间打。",),
        "evasive": ("晚上吧……晚上一般能接。", "这两天都在外面跑,晚上八点以后吧。"),
        "victim": ("白天要照顾家里,晚上孩子睡了以后吧。",),
        "confident": ("工作日下午,别的时间我不接。",),
        "stubborn": ("晚上吧。",),
        "sophisticated": ("工作日下午三点以后,提前发个短信。",),
        "promiser": ("随时都行,你打我肯定接!",),
    },
}
# Which option a debtor picks when asked to choose between paying in full and instalments.
CHOICE_FULL = ("那就一次还清吧,拖着我也烦。", "一次性吧,早了早完事。")
CHOICE_PLAN = ("分期吧,一次性我肯定拿不出来。", "分期好一点,每个月压力小点。", "还是分开还吧,一下子全拿我真没有。")

DODGE: dict[str, tuple[str, ...]] = {
    "provocative": ("我有多少钱关你什么事?", "你问这么清楚干嘛?我说了会还!"),
    "evasive": ("这个不好说,得看情况。", "这个……回头再说吧,我现在在忙。"),
    "victim": ("我现在哪还有钱啊……你别逼我了。", "我也不知道……什么时候能好起来我也不知道。"),
    "confident": ("我的事你就别打听了。", "这不是你该问的。"),
    "stubborn": ("没有,一分都没有。", "不知道,说了没有就是没有。"),
    "sophisticated": ("我的资金安排不方便透露。", "这个我没必要跟你交底吧。"),
    "promiser": ("够的够的,你放心,肯定还!", "很快,很快,就这几天。"),
}


def opens_up(archetype: str, state: State, seed_rng: random.Random) -> bool:
    """True when the debtor trusts the collector enough to answer truthfully (seed-varied)."""
    threshold = OPEN_TRUST[archetype] + seed_rng.uniform(-SEED_JITTER, SEED_JITTER)
    return state.trust >= threshold and state.anger < OPEN_MAX_ANGER


def topic_to_answer(questions: tuple[str, ...]) -> str | None:
    """The one topic the reply answers, most pointed first."""
    for topic in TOPICS:
        if topic in questions:
            return topic
    return None


def answer_intent(topic: str, *, open_up: bool, can_pay_full: bool) -> str:
    """The intent of the reply to a question on ``topic``."""
    if topic == "choice":
        return "choose_full" if can_pay_full else "answer_choice"
    if topic == "contact_time" or open_up:
        return f"answer_{topic}"
    return "dodge"


def default_lines(intent: str, archetype: str) -> tuple[str, ...]:
    """Built-in lines for a card written before answer intents existed (persona cards carry their own)."""
    if intent == "choose_full":
        return CHOICE_FULL
    if intent == "answer_choice":
        return CHOICE_PLAN
    if intent == "dodge":
        return DODGE[archetype]
    return OPEN[intent.removeprefix("answer_")][archetype]


def pick(intent: str, archetype: str, card_lines: list[str], used: list[str], rng: random.Random) -> str | None:
    """An unused line for ``intent``: the card's own first, else the built-in ones; None when every
    line has been said already in this call (the engine then falls back on the persona's bank)."""
    for lines in (card_lines, default_lines(intent, archetype)):
        fresh = [line for line in lines if line not in used]
        if fresh:
            return rng.choice(fresh)
        if lines:
            return None
    return None
