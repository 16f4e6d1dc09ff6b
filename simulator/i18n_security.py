"""Security strings (issue 8): the login lockout and the audit-log names of login events."""

from __future__ import annotations

SECURITY_MESSAGES: dict[str, dict[str, str]] = {
    "login_locked": {"zh": "登录失败次数过多,为保护账户已暂时锁定。请在 {minutes} 分钟后再试,或联系管理员。",
                     "en": "Too many failed logins: sign-in is locked for now to protect the account. "
                           "Try again in {minutes} minutes, or ask an administrator."},
    "session_expired": {"zh": "登录已超时,请重新登录。", "en": "Your session has expired. Please log in again."},
    "action_auth.login_failed": {"zh": "登录失败", "en": "Failed login"},
    "action_auth.lockout": {"zh": "登录锁定", "en": "Login lockout"},
    "action_auth.login_reset": {"zh": "登录成功(清零失败次数)", "en": "Login (failures cleared)"},
}
