// The call's transcript (issue 7): a bubble per line with its time in the call and how it was said,
// the trainee's words while they speak, markers (cut off, offline reply).
import { $, S, clockText } from "./call-page.js";

export function bubble(speaker, text, meta) {
  const transcript = $("transcript");
  const wrap = document.createElement("div");
  wrap.className = "msg msg-" + speaker;
  wrap.dataset.speaker = speaker;
  const who = document.createElement("div");
  who.className = "msg-who";
  who.textContent = speaker === "collector" ? S.you : (S[speaker] || speaker);
  if (meta && meta.ms !== undefined) {
    const time = document.createElement("span");
    time.className = "msg-time";
    time.textContent = clockText(meta.ms);
    who.append(" · ", time);
  }
  if (meta && meta.via) {
    const via = document.createElement("span");
    via.className = "msg-via via-" + meta.via;
    via.textContent = S["call_" + meta.via] || meta.via;
    who.append(" · ", via);
  }
  if (meta && meta.silence) {
    wrap.dataset.silence = "yes";
    const tag = document.createElement("span");
    tag.className = "msg-via via-silence";
    tag.textContent = S.call_silence_marker;
    who.append(" · ", tag);
  }
  const body = document.createElement("div");
  body.className = "msg-text";
  body.textContent = text;  // never innerHTML: model and trainee text is untrusted
  wrap.append(who, body);
  transcript.insertBefore(wrap, $("interim"));
  transcript.scrollTop = transcript.scrollHeight;
  return wrap;
}

export function textOf(wrap) { return wrap.querySelector(".msg-text"); }

export function marker(wrap, text, cls, title) {
  const m = document.createElement("span");
  m.className = "msg-marker " + (cls || "");
  m.textContent = text;
  if (title) m.title = title;
  wrap.appendChild(m);
}

export function showInterim(text) {
  $("interim-text").textContent = text;
  $("interim").classList.toggle("hidden", !text);
  const transcript = $("transcript");
  transcript.scrollTop = transcript.scrollHeight;
}

// The opening line, shown when someone picks up: the page holds it hidden, or (after a ring-out) the
// dial answer brings it. Returns {text, speaker} or null.
export function revealOpening(reply) {
  let opening = $("transcript").querySelector(".msg.hidden[data-opening='yes']");
  if (opening) {
    opening.classList.remove("hidden");
    const time = document.createElement("span");
    time.className = "msg-time";
    time.textContent = "00:00";
    opening.querySelector(".msg-who").append(" · ", time);
  } else if (reply && reply.opening) {
    opening = bubble(reply.speaker, reply.opening, { ms: 0 });
    opening.dataset.turn = reply.turn;
  } else {
    return null;
  }
  return { text: textOf(opening).textContent, speaker: opening.dataset.speaker };
}
