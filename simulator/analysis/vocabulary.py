"""The analyzer's vocabulary: collector moves, violation categories and their default severities.

One place for these names: persona cards react to them, the grader scores them, the CLI prints them.
"""

from __future__ import annotations

# What a collector utterance can do. An utterance may make several moves.
MOVES: tuple[str, ...] = (
    "greeting",  # 您好 / 早上好
    "self_identification",  # names self, employee number and/or institution
    "identity_verification",  # asks or checks that the listener is the debtor
    "disclose_debt",  # states amount, due date or days overdue
    "ask_reason",  # asks why payment was missed
    "listen",  # invites the debtor to talk, "您慢慢说, 我在听"
    "empathy",  # acknowledges feelings or hardship
    "apology",  # 不好意思打扰, 抱歉
    "reassure",  # privacy or intent reassurance ("我们不会告诉别人", "我不是威胁您")
    "separate_issues",  # a complaint and the repayment are two separate matters
    "benefit_of_paying",  # value of credit, benefits of paying on time (服务诱导)
    "explain_consequence",  # lawful, factual consequences: credit reporting, contractual penalties
    "legal_process",  # lawful litigation / enforcement stated as a conditional, court-driven step
    "better_option",  # negotiating now is the better choice; "I could offer a better option"
    "offer_plan",  # instalments, partial payment, extension, hardship application
    "request_commitment",  # asks when / how much the debtor will pay
    "confirm_commitment",  # repeats back an agreed amount and date
    "stress_promise",  # the importance of keeping this promise / consequences of breaking it
    "payment_channel",  # official channels only
    "complaint_channel",  # tells the debtor how to complain
    "record_dispute",  # registers a dispute or claim for checking
    "request_documents",  # asks for proof (receipt, medical papers, death certificate)
    "request_callback",  # asks a third party only to pass on a callback request
    "condolence",  # 节哀 / sympathy for a bereavement
    "closing",  # polite close, summary, next contact
    "blame",  # reproachful tone: "你怎么又不还", "说话不算数" (not a violation, but costly)
    "sarcasm",  # sarcasm or mockery short of an insult
)

VIOLATION_SEVERITY: dict[str, str] = {
    "threat": "critical",
    "insult": "major",
    "third_party_disclosure": "critical",
    "impersonation": "critical",
    "false_legal_claim": "major",
    "misleading": "major",
    "harassment": "major",
    "improper_fee": "critical",
    "privacy_breach": "major",
    # A debtor who says they want to die gets a reply that ignores it (grading/welfare.py).
    "duty_of_care": "critical",
}
VIOLATIONS: tuple[str, ...] = tuple(VIOLATION_SEVERITY)

# Keys a persona card's reactions may name: every move, every violation category, and pressure:N.
REACTION_KEYS: frozenset[str] = frozenset(
    (*MOVES, *VIOLATIONS, "pressure:0", "pressure:1", "pressure:2", "pressure:3")
)
