"""UI strings of the phone-call page (issue 7), merged into ``i18n.MESSAGES``.

``CALL_JS_KEYS`` are the strings ``call.js`` needs; the page hands them over as one JSON attribute.
"""

from __future__ import annotations

CALL_MESSAGES: dict[str, dict[str, str]] = {
    "call_mode_button": {"zh": "电话模式", "en": "Phone call"},
    "call_title": {"zh": "电话练习", "en": "Phone-call practice"},
    "call_hint": {"zh": "先看清案件信息,准备好再拨号。可以说话,也可以随时在下方输入文字。",
                  "en": "Read the case file, then dial. Speak, or type below at any time."},
    "call_dial": {"zh": "拨号", "en": "Dial"},
    "call_redial": {"zh": "重新接通", "en": "Reconnect"},
    "call_again": {"zh": "再打一次", "en": "Call again"},
    "call_ready": {"zh": "待拨号", "en": "Ready to dial"},
    "call_ringing": {"zh": "正在呼叫…", "en": "Calling…"},
    "call_live": {"zh": "通话中", "en": "On the call"},
    "call_on_hold": {"zh": "通话保持中", "en": "On hold"},
    "call_hung_up_by_debtor": {"zh": "对方已挂断", "en": "They hung up"},
    "call_ended": {"zh": "通话已结束", "en": "Call ended"},
    "call_grading": {"zh": "正在评分…", "en": "Grading…"},
    "call_mute": {"zh": "静音", "en": "Mute"},
    "call_unmute": {"zh": "取消静音", "en": "Unmute"},
    "call_hold": {"zh": "保持", "en": "Hold"},
    "call_resume": {"zh": "恢复通话", "en": "Resume"},
    "call_hangup": {"zh": "挂断", "en": "Hang up"},
    "call_ptt": {"zh": "按住说话(或按住空格键)", "en": "Hold to talk (or hold Space)"},
    "call_mode_ptt": {"zh": "按键说话", "en": "Push to talk"},
    "call_mode_vad": {"zh": "免提自动", "en": "Hands-free"},
    "call_talk_mode": {"zh": "说话方式", "en": "Talk mode"},
    "call_listening": {"zh": "正在听…", "en": "Listening…"},
    "call_transcribing": {"zh": "识别中…", "en": "Transcribing…"},
    "call_muted_note": {"zh": "麦克风已静音,对方听不到你说话。", "en": "Microphone muted: they cannot hear you."},
    "call_text_placeholder": {"zh": "也可以直接输入要说的话,回车发送", "en": "Or type what you say; Enter sends"},
    "call_no_recognition": {"zh": "你的浏览器不支持中文语音识别(例如 Firefox),请在下方输入文字,通话照常进行。",
                            "en": "This browser has no Chinese speech recognition (e.g. Firefox): type below; "
                                  "the call goes on."},
    "call_server_recognition": {"zh": "浏览器不支持语音识别,已改用服务器识别(松开按钮后识别)。",
                                "en": "No speech recognition in this browser: the server transcribes "
                                      "(after you release)."},
    "call_no_voice": {"zh": "浏览器没有中文语音,对方的话只显示为文字。",
                      "en": "No Chinese voice in this browser: their lines are shown as text."},
    "call_mic_denied": {"zh": "无法使用麦克风(可能未授权),请用文字输入。",
                        "en": "The microphone is unavailable (permission?): type instead."},
    "call_recognition_error": {"zh": "语音识别出错,请重试或改用文字输入。",
                               "en": "Speech recognition failed: try again or type."},
    "call_speech_unavailable": {"zh": "服务器语音暂时不可用,已改为文字。", "en": "Server speech is unavailable: text only."},
    "call_interrupted": {"zh": "对方打断了你", "en": "They cut you off"},
    "call_silence_marker": {"zh": "冷场", "en": "Silence"},
    "call_spoken": {"zh": "语音", "en": "spoken"},
    "call_typed": {"zh": "文字", "en": "typed"},
    "call_metrics": {"zh": "通话数据", "en": "Call metrics"},
    "call_duration": {"zh": "通话时长", "en": "Duration"},
    "call_talk_ratio": {"zh": "你的说话占比", "en": "Your talk share"},
    "call_longest_silence": {"zh": "最长沉默", "en": "Longest silence"},
    "call_avg_response": {"zh": "平均接话时间", "en": "Average response time"},
    "call_silence_prompts": {"zh": "冷场追问", "en": "Silence prompts"},
    "call_speech_seconds": {"zh": "你的说话时长", "en": "Your speaking time"},
    "call_spoken_typed": {"zh": "语音 / 文字轮次", "en": "Spoken / typed turns"},
    "call_interruptions": {"zh": "被对方打断", "en": "Cut off"},
    "call_by_chars": {"zh": "按字数", "en": "by characters"},
    "call_times": {"zh": "次", "en": "×"},
}

CALL_JS_KEYS = (
    "call_dial", "call_redial", "call_ready", "call_ringing", "call_live", "call_on_hold", "call_hung_up_by_debtor",
    "call_ended", "call_grading", "call_mute", "call_unmute", "call_hold", "call_resume", "call_listening",
    "call_transcribing", "call_muted_note", "call_no_recognition", "call_server_recognition", "call_no_voice",
    "call_mic_denied", "call_recognition_error", "call_speech_unavailable", "call_interrupted",
    "call_silence_marker", "call_spoken", "call_typed", "you", "debtor", "third_party", "error_generic",
    "error_empty", "error_too_long", "offline_reply", "offline_reply_hint",
)
