"""UI strings of the trainer workspace (issue 5: review, rule tester, audit log), merged into ``i18n.MESSAGES``.

Kept in their own module, as ``i18n_hr`` is, so these pages grow without editing the same lines as others.
"""

from __future__ import annotations

TRAINER_MESSAGES: dict[str, dict[str, str]] = {
    # navigation
    "nav_review": {"zh": "复盘点评", "en": "Review"},
    "nav_rule_test": {"zh": "话术检测", "en": "Rule tester"},
    "nav_audit": {"zh": "审计日志", "en": "Audit log"},
    # review list
    "review_title": {"zh": "学员练习复盘", "en": "Trainee sessions to review"},
    "review_hint": {"zh": "你带教班组里学员的练习记录;打开一条即可逐句点评、调整评分。",
                    "en": "Sessions of the trainees in your cohorts; open one to comment on turns or override the grade."},
    "review_empty": {"zh": "还没有可复盘的练习记录。", "en": "No sessions to review yet."},
    "trainee_col": {"zh": "学员", "en": "Trainee"},
    "score_col": {"zh": "评分", "en": "Score"},
    "comments_col": {"zh": "点评", "en": "Comments"},
    "overridden": {"zh": "已调整", "en": "Overridden"},
    "review_open": {"zh": "复盘", "en": "Review"},
    # one session
    "comment_on_turn": {"zh": "点评这一句", "en": "Comment on this turn"},
    "comment_placeholder": {"zh": "这句话哪里好、哪里可以改进?", "en": "What works in this line, what could be better?"},
    "add_comment": {"zh": "添加点评", "en": "Add comment"},
    "trainer_comment": {"zh": "培训师点评", "en": "Trainer's comment"},
    "override_title": {"zh": "调整评分", "en": "Override the grade"},
    "override_hint": {"zh": "原始评分会保留;调整会写入审计日志,并展示给学员。",
                      "en": "The original grade is kept; the override is audit-logged and shown to the trainee."},
    "override_overall": {"zh": "调整后总分", "en": "New overall score"},
    "override_passed": {"zh": "是否通过", "en": "Passed"},
    "override_reason": {"zh": "调整原因", "en": "Reason"},
    "override_submit": {"zh": "保存调整", "en": "Save override"},
    "original_grade": {"zh": "原始评分", "en": "Original grade"},
    "trainer_grade": {"zh": "培训师调整后的评分", "en": "Trainer's grade"},
    "override_by": {"zh": "调整人", "en": "By"},
    "no_grade_yet": {"zh": "本次练习还没有评分(通话结束后自动评分)。", "en": "Not graded yet (graded when the call ends)."},
    "feedback_title": {"zh": "培训师反馈", "en": "Trainer feedback"},
    "turn_col": {"zh": "第几句", "en": "Turn"},
    "yes": {"zh": "是", "en": "Yes"},
    "no": {"zh": "否", "en": "No"},
    # rule tester
    "rule_test_title": {"zh": "话术检测", "en": "Rule tester"},
    "rule_test_hint": {"zh": "输入一句催收员的话,查看分析器识别出的话术动作、施压等级,以及触发的违规规则、依据和建议说法。",
                       "en": "Type one collector line to see the moves, pressure level and rule violations the analyzer "
                             "finds, with the legal basis and a better phrasing."},
    "rule_test_placeholder": {"zh": "例如:今天不还钱,我们就上门找你家人。", "en": "e.g. 今天不还钱,我们就上门找你家人。"},
    "rule_test_run": {"zh": "检测", "en": "Test"},
    "rule_test_moves": {"zh": "话术动作", "en": "Moves"},
    "rule_test_no_moves": {"zh": "未识别出话术动作", "en": "No moves recognised"},
    "rule_test_pressure": {"zh": "施压等级", "en": "Pressure level"},
    "rule_test_amounts": {"zh": "提到的金额", "en": "Amounts"},
    "rule_test_dates": {"zh": "提到的日期", "en": "Dates"},
    "rule_test_rule": {"zh": "规则", "en": "Rule"},
    "rule_test_unknown_rule": {"zh": "(规则包中没有这条规则,显示类别说明)", "en": "(not in the rule pack; the category's text is shown)"},
    "rule_pack": {"zh": "规则包", "en": "Rule pack"},
    "pressure_0": {"zh": "0 · 服务语气", "en": "0 · Service"},
    "pressure_1": {"zh": "1 · 提醒还款义务", "en": "1 · Obligation reminder"},
    "pressure_2": {"zh": "2 · 陈述事实后果", "en": "2 · Factual consequences"},
    "pressure_3": {"zh": "3 · 明确期限或法律程序", "en": "3 · Firm deadline or legal step"},
    # audit log
    "audit_title": {"zh": "审计日志", "en": "Audit log"},
    "audit_hint": {"zh": "谁在什么时候改了什么:评分调整、逐句点评、题库发布、账号变更、登录失败。",
                   "en": "Who changed what and when: grade overrides, turn comments, catalog changes, accounts, failed logins."},
    "audit_filter_all": {"zh": "全部操作", "en": "All actions"},
    "audit_filter": {"zh": "筛选", "en": "Filter"},
    "audit_older": {"zh": "更早的记录 →", "en": "Older entries →"},
    "audit_newest": {"zh": "← 回到最新", "en": "← Back to newest"},
    "audit_cli": {"zh": "命令行", "en": "command line"},
    "audit_empty": {"zh": "还没有审计记录。", "en": "No audit entries yet."},
    "audit_when": {"zh": "时间", "en": "When"},
    "audit_who": {"zh": "操作人", "en": "Who"},
    "audit_action": {"zh": "操作", "en": "Action"},
    "audit_object": {"zh": "对象", "en": "Object"},
    "audit_before": {"zh": "变更前", "en": "Before"},
    "audit_after": {"zh": "变更后", "en": "After"},
}
