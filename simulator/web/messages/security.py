"""Security strings (issue 8): the login lockout, and the name of every audit-log action
(``services.audit.ACTIONS``; a test checks each has both languages)."""

from __future__ import annotations

SECURITY_MESSAGES: dict[str, dict[str, str]] = {
    "login_slowed": {"zh": "这个网络最近登录失败较多,请 {seconds} 秒后再试。",
                     "en": "Many failed logins from this network lately; try again in {seconds} seconds."},
    "login_locked": {"zh": "登录失败次数过多,为保护账户已暂时锁定。请在 {minutes} 分钟后再试,或联系管理员。",
                     "en": "Too many failed logins: sign-in is locked for now to protect the account. "
                           "Try again in {minutes} minutes, or ask an administrator."},
    "session_expired": {"zh": "登录已超时,请重新登录。", "en": "Your session has expired. Please log in again."},
    "action_auth.login_failed": {"zh": "登录失败", "en": "Failed login"},
    "action_auth.lockout": {"zh": "登录锁定", "en": "Login lockout"},
    "action_auth.login_reset": {"zh": "登录成功(清零失败次数)", "en": "Login (failures cleared)"},
    "action_grade.override": {"zh": "调整评分", "en": "Grade override"},
    "action_turn_comment.create": {"zh": "添加点评", "en": "Turn comment"},
    "action_catalog.draft_save": {"zh": "保存草稿", "en": "Draft saved"},
    "action_catalog.draft_discard": {"zh": "丢弃草稿", "en": "Draft discarded"},
    "action_catalog.publish": {"zh": "发布新版本", "en": "Version published"},
    "action_catalog.approval_request": {"zh": "提交及格规则变更审批", "en": "Pass-rule change submitted"},
    "action_catalog.approve": {"zh": "批准及格规则变更", "en": "Pass-rule change approved"},
    "action_catalog.approval_reject": {"zh": "退回及格规则变更", "en": "Pass-rule change sent back"},
    "action_catalog.rollback": {"zh": "回退到旧版本", "en": "Rolled back"},
    "action_catalog.clone": {"zh": "复制", "en": "Cloned"},
    "action_catalog.import": {"zh": "导入", "en": "Imported"},
    "action_scenario.assign": {"zh": "分配场景给班组", "en": "Scenario assigned to cohorts"},
    "action_account.sign_out": {"zh": "强制下线(所有会话)", "en": "Signed out everywhere"},
    "action_account.deactivate": {"zh": "停用账号", "en": "Account deactivated"},
    "action_account.activate": {"zh": "启用账号", "en": "Account activated"},
    "action_account.password_reset": {"zh": "重置密码", "en": "Password reset"},
}
