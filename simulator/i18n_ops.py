"""Operations strings (issue 8): what a page says when the database is busy or down."""

from __future__ import annotations

OPS_MESSAGES: dict[str, dict[str, str]] = {
    "db_unavailable": {"zh": "数据库繁忙或暂时不可用,这一步没有保存。请稍等片刻再试。",
                       "en": "database: busy or unavailable right now; the last step was not saved, "
                             "try again in a moment"},
}
