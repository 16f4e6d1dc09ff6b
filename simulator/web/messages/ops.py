"""Operations strings (issue 8): what a page says when the database is busy or down."""

from __future__ import annotations

OPS_MESSAGES: dict[str, dict[str, str]] = {
    "db_unavailable": {"zh": "数据库繁忙或暂时不可用,这一步没有保存。请稍等片刻再试。",
                       "en": "database: busy or unavailable right now; the last step was not saved, "
                             "try again in a moment"},
}

# Why the output guard rejected a model's line, or why the offline line answered (issue 16).
GUARD_REASONS: dict[str, dict[str, str]] = {
    "repeats_line": {"zh": "重复了本通电话里说过的话", "en": "repeated an earlier line of the call"},
    "runaway_repetition": {"zh": "一句话里反复重复", "en": "repeated itself within the line"},
    "misses_agreement": {"zh": "该答应还款时没有答应", "en": "did not agree when the engine decided agreement"},
    "keeps_talking": {"zh": "该挂电话时还在往下聊", "en": "kept talking when the engine decided a hang-up"},
    "invented_figure": {"zh": "说了没人提过的金额或日期", "en": "stated a figure nobody had given"},
    "wrong_person": {"zh": "说话的身份不对(债务人和家属说串了)", "en": "spoke as the wrong person (debtor vs relative)"},
    "unearned_agreement": {"zh": "不该答应时答应了还款", "en": "agreed to pay when the engine did not decide so"},
    "mentions_ai": {"zh": "提到 AI、模型或扮演", "en": "mentioned AI, a model or role-play"},
    "speaks_as_collector": {"zh": "替催收员说话", "en": "spoke as the collector"},
    "coaches_collector": {"zh": "指导催收员", "en": "coached the collector"},
    "not_chinese": {"zh": "没有用中文", "en": "not in Chinese"},
    "empty": {"zh": "空回复", "en": "empty reply"},
    "timeout": {"zh": "模型超时", "en": "model timed out"},
    "connection": {"zh": "连不上模型服务", "en": "could not connect to the model server"},
    "rate_limited": {"zh": "模型服务限流", "en": "model server rate-limited the request"},
    "stream_broken": {"zh": "流式回复中断", "en": "the streamed reply broke off"},
    "bad_response": {"zh": "模型服务返回格式不对", "en": "malformed answer from the model server"},
    "error": {"zh": "模型调用出错", "en": "model call failed"},
}


def guard_reason_label(code: str, lang: str = "zh") -> str:
    """A guard or fallback code in the reader's language (``http_503`` reads as a server error)."""
    entry = GUARD_REASONS.get(code)
    if entry is None and code.startswith("http_"):
        return f"模型服务返回错误 {code[5:]}" if lang == "zh" else f"model server error {code[5:]}"
    if entry is None:
        return "其他原因" if lang == "zh" else "other reason"
    return entry.get(lang, entry["zh"])
