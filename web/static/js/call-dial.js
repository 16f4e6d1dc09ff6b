// Dialing (issue 7): the server's answer plan says whether anyone picks up (POST /api/sessions/{id}/dial).
// Answered: it rings, then whoever picked up says the opening line. Nobody answers: it rings out, the
// carrier's prompt plays, and the trainee may leave a text message, call back at a time they choose, or
// end and see how their dialing is graded.
import { $, S, root, sessionId, sleep, clearError, showError, postJSON, errorDetail } from "./call-page.js";
import { call, setState, answered, hangUp } from "./call-state.js";
import { bubble } from "./call-transcript.js";
import { setupRecognition } from "./call-listen.js";
import { setupVoice, say } from "./call-voice.js";

const RING_MS = 2400;  // one ring before they pick up
const RING_OUT_MS = 4200;  // how long it rings before the carrier gives up
const MINUTES_PER_DAY = 24 * 60;

function minutes(at) { const [h, m] = at.split(":").map(Number); return h * 60 + m; }
function hhmm(total) {
  const m = ((total % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return String(Math.floor(m / 60)).padStart(2, "0") + ":" + String(m % 60).padStart(2, "0");
}
function dayName(day) { return S["call_day_" + day] || S.call_day_n.replace("{n}", String(day + 1)); }

// Where the simulated clock stands: the last attempt's day and time.
let last = root && root.dataset.lastAt ? { day: parseInt(root.dataset.lastDay || "0", 10), at: root.dataset.lastAt } : null;

function listAttempt(attempt) {
  const li = document.createElement("li");
  li.dataset.answered = attempt.answered ? "yes" : "no";
  const flags = [attempt.answered ? S.call_answered : S.call_no_answer];
  if (attempt.night) flags.push(S.call_night);
  if (attempt.too_soon) flags.push(S.call_too_soon);
  li.textContent = S.call_attempt_n.replace("{n}", String(attempt.attempt)) + " · " + dayName(attempt.day) + " "
    + attempt.at + " · " + flags.join(" · ");
  $("attempts").appendChild(li);
}

async function place(when) {
  const res = await postJSON("/api/sessions/" + sessionId + "/dial", when || {});
  if (!res.ok) throw new Error(await errorDetail(res));
  return res.json();
}

function showNoAnswer() {
  setState("no_answer", "call_no_answer");
  $("dialpad").classList.remove("ringing");
  $("dial").classList.add("hidden");
  $("no-answer").classList.remove("hidden");
  if (last) $("callback-day").value = String(last.day);
}

// Ring, ask the server who (if anyone) picks up, and go on from there.
async function ring(when) {
  clearError();
  setState("ringing", "call_ringing");
  $("dialpad").classList.add("ringing");
  $("no-answer").classList.add("hidden");
  call.tones.ringback();
  const started = performance.now();
  let reply;
  try {
    reply = await place(when);
  } catch (e) {
    call.tones.stop();
    showError(e.message || S.error_generic);
    if (last) showNoAnswer(); else { setState("idle", "call_ready"); $("dial").disabled = false; }
    return;
  }
  last = { day: reply.attempt.day, at: reply.attempt.at };
  const wait = (reply.answered ? RING_MS : RING_OUT_MS) - (performance.now() - started);
  if (wait > 0) await sleep(wait);
  call.tones.stop();
  if (reply.answered) { answered(true, reply); return; }
  listAttempt(reply.attempt);
  $("carrier").textContent = reply.carrier;
  showNoAnswer();
  say(reply.carrier, "carrier", "calm");
}

export async function dial() {
  $("dial").disabled = true;
  call.tones.unlock();
  setState("ringing", "call_ringing");
  $("dialpad").classList.add("ringing");
  setupRecognition();
  await setupVoice();
  if (root.dataset.fresh === "yes") await ring(null);
  else answered(false);  // reconnecting to a call already under way
}

// Call back at the chosen day and time (the simulated clock only moves forward).
export function callBackAt(ev) {
  ev.preventDefault();
  const at = $("callback-at").value;
  if (!at) { showError(S.call_pick_time); return; }
  ring({ day: parseInt($("callback-day").value, 10), at: at });
}

export function redialNow() {
  const next = last.day * MINUTES_PER_DAY + minutes(last.at) + 1;
  ring({ day: Math.floor(next / MINUTES_PER_DAY), at: hhmm(next) });
}

export async function sendSms(ev) {
  ev.preventDefault();
  const input = $("sms-input");
  const text = input.value.trim();
  if (!text) { showError(S.error_empty); return; }
  clearError();
  const res = await postJSON("/api/sessions/" + sessionId + "/sms", { text: text });
  if (!res.ok) { showError(await errorDetail(res)); return; }
  const sent = await res.json();
  bubble("collector", sent.text, { via: "sms" }).dataset.turn = sent.turn;
  input.value = "";
}

export function giveUp() { hangUp(false); }

// A page reloaded after a ring-out comes back to the choices, not to the dial button.
export async function resumeRingOut() {
  setupRecognition();
  await setupVoice();
  showNoAnswer();
}
