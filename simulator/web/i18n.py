"""UI strings, zh-CN first with an English switch. Persona speech is always Chinese."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Protocol

from simulator.web.messages.authoring import AUTHORING_MESSAGES
from simulator.web.messages.call import CALL_MESSAGES
from simulator.web.messages.catalog import CATALOG_MESSAGES
from simulator.web.messages.hr import HR_MESSAGES
from simulator.web.messages.ops import OPS_MESSAGES
from simulator.web.messages.rubrics import RUBRIC_MESSAGES
from simulator.web.messages.security import SECURITY_MESSAGES
from simulator.web.messages.trainer import TRAINER_MESSAGES

LANGS = ("zh", "en")
log = logging.getLogger(__name__)

MESSAGES: dict[str, dict[str, str]] = {
    "app_name": {"zh": "催收模拟训练", "en": "Collector Sim"},
    "tagline": {"zh": "与AI扮演的债务人实战演练,先练好,再上线", "en": "Practise on AI-played debtors before the real call"},
    "login": {"zh": "登录", "en": "Log in"},
    "logout": {"zh": "退出", "en": "Log out"},
    "username": {"zh": "用户名", "en": "Username"},
    "password": {"zh": "密码", "en": "Password"},
    "login_failed": {"zh": "用户名或密码不正确", "en": "Incorrect username or password"},
    "nav_scenarios": {"zh": "选择场景", "en": "Scenarios"},
    "nav_sessions": {"zh": "我的练习", "en": "My sessions"},
    "nav_guide": {"zh": "客户类型手册", "en": "Archetype guide"},
    "scenarios_title": {"zh": "选择一个练习场景", "en": "Pick a practice scenario"},
    "scenarios_hint": {"zh": "每个场景基于一种逾期客户类型。开始前先看清案件信息和练习目标。",
                       "en": "Each scenario is built on one borrower archetype. Read the case file and objectives first."},
    "filter_all": {"zh": "全部", "en": "All"},
    "stage": {"zh": "逾期阶段", "en": "Stage"},
    "difficulty": {"zh": "难度", "en": "Difficulty"},
    "start": {"zh": "开始练习", "en": "Start"},
    "situation": {"zh": "特殊情形", "en": "Situation"},
    "case_file": {"zh": "案件信息", "en": "Case file"},
    "objectives": {"zh": "练习目标", "en": "Objectives"},
    "study_notes": {"zh": "应对要点", "en": "Coping techniques"},
    "debtor_name": {"zh": "客户姓名", "en": "Debtor"},
    "gender": {"zh": "性别", "en": "Gender"},
    "male": {"zh": "男", "en": "Male"},
    "female": {"zh": "女", "en": "Female"},
    "age": {"zh": "年龄", "en": "Age"},
    "phone": {"zh": "联系电话", "en": "Phone"},
    "id_last4": {"zh": "身份证后四位", "en": "ID (last 4)"},
    "lender": {"zh": "债权机构", "en": "Lender"},
    "product": {"zh": "产品", "en": "Product"},
    "principal": {"zh": "借款本金", "en": "Principal"},
    "overdue_amount": {"zh": "逾期金额", "en": "Overdue amount"},
    "days_overdue": {"zh": "逾期天数", "en": "Days overdue"},
    "due_date": {"zh": "应还日期", "en": "Due date"},
    "occupation": {"zh": "职业", "en": "Occupation"},
    "guarantor": {"zh": "担保人", "en": "Guarantor"},
    "contact_history": {"zh": "催收记录", "en": "Contact history"},
    "notes": {"zh": "备注", "en": "Notes"},
    "yuan": {"zh": "元", "en": "CNY"},
    "days": {"zh": "天", "en": "days"},
    "none": {"zh": "无", "en": "None"},
    "chat_placeholder": {"zh": "输入你要对客户说的话,回车发送(Shift+回车换行)",
                         "en": "Type what you say to the debtor; Enter sends (Shift+Enter for a new line)"},
    "send": {"zh": "发送", "en": "Send"},
    "end_call": {"zh": "结束通话", "en": "End call"},
    "end_confirm": {"zh": "确定结束本次通话吗?", "en": "End this call?"},
    "typing": {"zh": "对方正在说话…", "en": "The debtor is speaking…"},
    "sim_clock": {"zh": "通话时间", "en": "Time of day"},
    "sim_clock_hint": {"zh": "模拟的当地时间,按每句话的长度推算。未经客户同意,晚 10 点到早 8 点不得催收。",
                       "en": "Simulated local time, estimated from the length of each line. No collection from 22:00 to 08:00 without the debtor's consent."},
    "you": {"zh": "我(催收员)", "en": "Me (collector)"},
    "debtor": {"zh": "客户", "en": "Debtor"},
    "third_party": {"zh": "接听人", "en": "Third party"},
    "hung_up_notice": {"zh": "对方挂断了电话。", "en": "The debtor hung up."},
    "outcome": {"zh": "结果", "en": "Outcome"},
    "outcome_none": {"zh": "未达成", "en": "No agreement"},
    "outcome_promise_to_pay": {"zh": "承诺还款", "en": "Promise to pay"},
    "outcome_payment_plan": {"zh": "还款计划", "en": "Payment plan"},
    "outcome_refused": {"zh": "拒绝还款", "en": "Refused"},
    "outcome_hung_up": {"zh": "对方挂断", "en": "Hung up"},
    "status_active": {"zh": "进行中", "en": "In progress"},
    "status_ended": {"zh": "已结束", "en": "Ended"},
    "anger": {"zh": "情绪", "en": "Anger"},
    "trust": {"zh": "信任", "en": "Trust"},
    "willingness": {"zh": "还款意愿", "en": "Willingness"},
    "sessions_title": {"zh": "我的练习记录", "en": "My practice sessions"},
    "sessions_empty": {"zh": "还没有练习记录,先去选择一个场景吧。", "en": "No sessions yet. Pick a scenario to start."},
    "started_at": {"zh": "开始时间", "en": "Started"},
    "turns": {"zh": "轮次", "en": "Turns"},
    "status": {"zh": "状态", "en": "Status"},
    "open": {"zh": "查看", "en": "Open"},
    "resume": {"zh": "继续", "en": "Resume"},
    "transcript": {"zh": "通话记录", "en": "Transcript"},
    "summary": {"zh": "本次小结", "en": "Summary"},
    "violations": {"zh": "违规提示", "en": "Violations"},
    "no_violations": {"zh": "未发现违规话术", "en": "No violations found"},
    "duration": {"zh": "通话时长", "en": "Duration"},
    "seconds": {"zh": "秒", "en": "s"},
    "back_to_scenarios": {"zh": "再练一个", "en": "Practise another"},
    "error_generic": {"zh": "出错了,请稍后重试", "en": "Something went wrong, please retry"},
    "error_empty": {"zh": "消息不能为空", "en": "The message is empty"},
    "error_too_long": {"zh": "消息太长了(最多2000字)", "en": "The message is too long (2,000 characters max)"},
    "not_found": {"zh": "找不到该页面或记录", "en": "Page or record not found"},
    "guide_title": {"zh": "七类逾期客户应对手册", "en": "The seven borrower archetypes"},
    "features": {"zh": "客户特征", "en": "Features"},
    "example": {"zh": "客户原话", "en": "In their words"},
    "coping": {"zh": "应对技巧", "en": "Coping techniques"},
    "success_factor": {"zh": "成功要素", "en": "Success factor"},
    "role_trainee": {"zh": "学员", "en": "Trainee"},
    "role_trainer": {"zh": "培训师", "en": "Trainer"},
    "role_hr": {"zh": "人事", "en": "HR"},
    "role_admin": {"zh": "管理员", "en": "Admin"},
    "situation_none": {"zh": "常规", "en": "Standard"},
    "situation_broken_promises": {"zh": "屡次爽约", "en": "Broken promises"},
    "situation_complaint": {"zh": "因投诉不愿还款", "en": "Unwilling: complaint"},
    "situation_deceased": {"zh": "家属称本人已故", "en": "Borrower deceased"},
    "situation_no_ability_short": {"zh": "短期无力还款", "en": "Short-term inability"},
    "situation_no_ability_long": {"zh": "长期无力还款", "en": "Long-term inability"},
    "situation_third_party": {"zh": "第三方接听", "en": "Third party answers"},
    "language": {"zh": "English", "en": "中文"},
    "points": {"zh": "分", "en": "pts"},
    "passed": {"zh": "通过", "en": "Passed"},
    "failed": {"zh": "未通过", "en": "Failed"},
    "rubric": {"zh": "评分标准", "en": "Rubric"},
    "mode_rules_only": {"zh": "规则评分", "en": "Rules only"},
    "mode_rules_judge": {"zh": "规则+模型评审", "en": "Rules + LLM judge"},
    "mode_incomplete": {"zh": "无法评分", "en": "Incomplete"},
    "say_instead": {"zh": "建议说法", "en": "Say instead"},
    "basis": {"zh": "依据", "en": "Basis"},
    "cat_threat": {"zh": "威胁恐吓", "en": "Threat"},
    "cat_insult": {"zh": "侮辱谩骂", "en": "Insult"},
    "cat_third_party_disclosure": {"zh": "向第三方披露", "en": "Third-party disclosure"},
    "cat_impersonation": {"zh": "冒充公检法", "en": "Impersonation"},
    "cat_false_legal_claim": {"zh": "虚假法律后果", "en": "False legal claim"},
    "cat_misleading": {"zh": "误导性陈述", "en": "Misleading"},
    "cat_harassment": {"zh": "骚扰", "en": "Harassment"},
    "cat_improper_fee": {"zh": "违规收费", "en": "Improper fee"},
    "cat_privacy_breach": {"zh": "未核实身份即披露", "en": "Privacy breach"},
    "cat_duty_of_care": {"zh": "漠视轻生风险", "en": "Ignored a risk of self-harm"},
}


# LLM-played debtors (issue 3): the fallback marker and the admin pages.
MESSAGES.update({
    "offline_reply": {"zh": "离线应答", "en": "Offline reply"},
    "offline_reply_hint": {"zh": "模型未能及时或合规地回答,这一句由离线引擎代答",
                           "en": "The model did not answer in time or in character; the offline engine answered this line"},
    "nav_admin_llm": {"zh": "模型设置", "en": "LLM"},
    "nav_admin_sessions": {"zh": "用量统计", "en": "Usage"},
    "admin_llm_title": {"zh": "扮演债务人的大模型", "en": "LLM-played debtors"},
    "admin_llm_hint": {"zh": "配置见 README「LLM-played debtors」一节(环境变量 SIM_LLM_BASE_URL、SIM_LLM_API_KEY、SIM_LLM_MODEL)。",
                       "en": "Configure with SIM_LLM_BASE_URL, SIM_LLM_API_KEY and SIM_LLM_MODEL (README, “LLM-played debtors”)."},
    "llm_provider": {"zh": "当前引擎", "en": "Active provider"},
    "llm_model": {"zh": "模型", "en": "Model"},
    "llm_endpoint": {"zh": "接口地址", "en": "Endpoint"},
    "llm_key": {"zh": "API 密钥", "en": "API key"},
    "llm_key_set": {"zh": "已设置(不显示)", "en": "set (hidden)"},
    "llm_key_unset": {"zh": "未设置", "en": "not set"},
    "llm_timeouts": {"zh": "超时(连接/读取)", "en": "Timeouts (connect/read)"},
    "llm_budget": {"zh": "历史上下文上限", "en": "History budget"},
    "llm_offline": {"zh": "离线引擎(未配置大模型)", "en": "Offline engine (no LLM configured)"},
    "llm_test": {"zh": "测试连接", "en": "Test connection"},
    "llm_testing": {"zh": "正在测试…", "en": "Testing…"},
    "llm_guard_title": {"zh": "输出把关", "en": "Output guard"},
    "needs_review": {"zh": "待培训师复核", "en": "For trainer review"},
    "model_reading": {"zh": "模型读法与规则不同(+ 模型多读出 / − 模型不认同):",
                      "en": "The model read it differently (+ the model adds / − the model disputes):"},
    "model_reading_hint": {"zh": "打开「模型读取催收员发言」后,模型对这句话的解读与规则不一致之处,供培训师复核。",
                           "en": "With the model reading collector turns on: where its reading of this line differs "
                                 "from the rules, for a trainer to review."},
    "needs_review_hint": {"zh": "评审模型发现、规则没有发现的问题:不会单独导致不通过,请培训师确认。",
                          "en": "Found by the model, not by the rules: it does not fail the call on its own; "
                                "a trainer confirms it."},
    "llm_guard_hint": {"zh": "最近 5000 句由模型说的债务人台词:模型的话被拦下的原因,以及改用离线台词的次数。",
                       "en": "The newest 5,000 debtor lines the model was asked for: why the guard rejected "
                             "the model's attempts, and how often the offline line answered."},
    "llm_guard_turns": {"zh": "模型回合", "en": "Model turns"},
    "llm_guard_clean": {"zh": "一次通过", "en": "Shown at the first attempt"},
    "llm_guard_regenerated": {"zh": "重新生成后通过", "en": "Shown after one regeneration"},
    "llm_guard_fallbacks": {"zh": "改用离线台词", "en": "Answered by the offline line"},
    "llm_guard_reason": {"zh": "原因", "en": "Reason"},
    "llm_guard_rejected": {"zh": "被拦下次数", "en": "Attempts rejected"},
    "llm_guard_fell_back": {"zh": "改用离线台词次数", "en": "Offline line used"},
    "llm_guard_none": {"zh": "还没有由模型说的台词。", "en": "No line has been voiced by a model yet."},
    "llm_ok": {"zh": "连接正常,耗时", "en": "Connected in"},
    "llm_failed": {"zh": "连接失败:", "en": "Connection failed: "},
    "ms": {"zh": "毫秒", "en": "ms"},
    "tokens": {"zh": "tokens", "en": "tokens"},
    "admin_sessions_title": {"zh": "各次练习的模型用量与费用", "en": "Tokens and cost per session"},
    "admin_sessions_hint": {"zh": "费用按配置的单价估算;带 * 的数字是估算值(服务端未返回用量)。",
                            "en": "Costs use the configured prices; * marks estimated counts (the server sent no usage)."},
    "user_col": {"zh": "学员", "en": "User"},
    "llm_turns": {"zh": "模型应答", "en": "LLM replies"},
    "fallbacks": {"zh": "离线代答", "en": "Fallbacks"},
    "prompt_tokens": {"zh": "输入 tokens", "en": "Prompt tokens"},
    "completion_tokens": {"zh": "输出 tokens", "en": "Completion tokens"},
    "est_cost": {"zh": "估算费用", "en": "Est. cost"},
    "avg_latency": {"zh": "平均耗时(毫秒)", "en": "Avg latency (ms)"},
    "avg_ttft": {"zh": "平均首字(毫秒)", "en": "Avg first token (ms)"},
    "scenario_col": {"zh": "场景", "en": "Scenario"},
    "total": {"zh": "合计", "en": "Total"},
    "price_per_1k": {"zh": "单价(每千 tokens,输入/输出)", "en": "Price per 1k tokens (prompt/completion)"},
})
MESSAGES.update(HR_MESSAGES)  # certification and HR dashboards (issue 6)
MESSAGES.update(TRAINER_MESSAGES)  # trainer review, rule tester, audit log (issue 5)
MESSAGES.update(RUBRIC_MESSAGES)  # rubric and rule-pack editors (issue 5, item 3)
MESSAGES.update(CALL_MESSAGES)  # the phone-call page (issue 7)
MESSAGES.update(CATALOG_MESSAGES)  # versioned catalog: which versions a session used (issue 5)
MESSAGES.update(AUTHORING_MESSAGES)  # persona editor, preview, scenario builder, versions (issue 5)
MESSAGES.update(OPS_MESSAGES)  # database busy or down (issue 8)
MESSAGES.update(SECURITY_MESSAGES)  # login lockout, session expiry (issue 8)


# Debrief annotations: move labels and chart captions.
MESSAGES.update({
    "move_greeting": {"zh": "问候", "en": "Greeting"},
    "move_self_identification": {"zh": "自报身份", "en": "Self-identification"},
    "move_identity_verification": {"zh": "核实身份", "en": "Identity check"},
    "move_disclose_debt": {"zh": "说明欠款", "en": "States the debt"},
    "move_ask_reason": {"zh": "询问原因", "en": "Asks the reason"},
    "move_listen": {"zh": "倾听", "en": "Listens"},
    "move_empathy": {"zh": "共情", "en": "Empathy"},
    "move_apology": {"zh": "致歉", "en": "Apology"},
    "move_reassure": {"zh": "安抚/保证", "en": "Reassurance"},
    "move_separate_issues": {"zh": "区分投诉与还款", "en": "Separates complaint"},
    "move_benefit_of_paying": {"zh": "讲还款好处", "en": "Benefit of paying"},
    "move_explain_consequence": {"zh": "说明合法后果", "en": "Lawful consequence"},
    "move_legal_process": {"zh": "依法程序", "en": "Legal process"},
    "move_better_option": {"zh": "协商更优", "en": "Better option"},
    "move_offer_plan": {"zh": "提供方案", "en": "Offers a plan"},
    "move_request_commitment": {"zh": "要求承诺", "en": "Asks to commit"},
    "move_confirm_commitment": {"zh": "复述确认", "en": "Confirms terms"},
    "move_stress_promise": {"zh": "强调守约", "en": "Stresses the promise"},
    "move_payment_channel": {"zh": "官方渠道", "en": "Official channel"},
    "move_complaint_channel": {"zh": "投诉渠道", "en": "Complaint channel"},
    "move_record_dispute": {"zh": "登记异议", "en": "Records a dispute"},
    "move_request_documents": {"zh": "索取材料", "en": "Requests documents"},
    "move_request_callback": {"zh": "请求转告回电", "en": "Asks for a callback"},
    "move_condolence": {"zh": "致哀", "en": "Condolence"},
    "move_closing": {"zh": "礼貌结束", "en": "Closing"},
    "move_blame": {"zh": "指责", "en": "Blame"},
    "move_sarcasm": {"zh": "讽刺", "en": "Sarcasm"},
    "pressure_level": {"zh": "施压", "en": "Pressure"},
    "dimension_chart": {"zh": "分项得分", "en": "Scores by dimension"},
    "mood_curve": {"zh": "客户情绪变化", "en": "The debtor's mood over the call"},
    "print_debrief": {"zh": "打印复盘", "en": "Print debrief"},
    "grade_upload": {"zh": "真实通话评分", "en": "Grade a real call"},
    "grade_upload_hint": {"zh": "粘贴通话转写,每轮以“催收员:”或“客户:”开头(第三方用“家属:”),得到与练习相同的评分与复盘。",
                          "en": "Paste a call transcript, each turn starting with “催收员:” or “客户:” (“家属:” for a third party), "
                                "and get the same grade and debrief as a practice call."},
    "grade_it": {"zh": "评分", "en": "Grade"},
    "archetype": {"zh": "客户类型", "en": "Archetype"},
})


class HasCookies(Protocol):
    """What ``lang_of`` reads of a request (any web framework's): its cookies."""

    @property
    def cookies(self) -> Mapping[str, str]: ...


def lang_of(request: HasCookies) -> str:
    lang = request.cookies.get("lang", "zh")
    return lang if lang in LANGS else "zh"


_MISSING: set[str] = set()


def translate(key: str, lang: str) -> str:
    """The message in ``lang`` (Chinese when it has no English). A key with no message is shown as itself
    and logged once per process as a warning, so a key built at run time that no one wrote is found."""
    entry = MESSAGES.get(key)
    if entry is None:
        if key not in _MISSING:
            _MISSING.add(key)
            log.warning("i18n: no message for key %r (shown as the key)", key)
        return key
    return entry.get(lang) or entry["zh"]
