// The call's state machine (issue 7): idle → ringing → live ⇄ hold → ended (or no_answer after a
// ring-out), with the shared state every call-*.js module reads, and answer / hold / mute / hang up.
import { $, S, VOICES, root, sessionId, csrf, now, sleep, clockText, note, dropNote, showError } from "./call-page.js";
import { showInterim, revealOpening } from "./call-transcript.js";
import { act } from "./call-actions.js";

const BUSY_MS = 1700;

export const call = {
  state: "idle",  // idle | ringing | no_answer | live | hold | ended
  startedAt: 0,  // performance.now() when they picked up
  lastDebtorEnd: 0,  // when the debtor last stopped talking
  lastHeard: 0,  // the last recognition event (the trainee is talking)
  turnStart: null,  // when the trainee began the turn under way
  phrases: [],  // finished phrases of that turn
  busy: false,  // a turn or a silence prompt is on its way to the server
  speaking: false,  // the debtor is talking
  muted: false,
  pttHeld: false,
  talkMode: "ptt",
  mood: "calm",
  silenceTimer: null,
  phraseTimer: null,
  clock: null,
  voiceChain: Promise.resolve(),
  recognizer: null,  // call-listen.js: the browser's or the server's recognition, or null (text only)
  voice: null,  // call-voice.js: the browser's or the server's voice, or null (text only)
  tones: null,  // ringback and busy tones
};

export function callMs(t) { return Math.max(0, Math.round(t - call.startedAt)); }
export function setState(state, label) {
  call.state = state;
  root.dataset.callState = state;
  if (label) $("call-status").textContent = S[label] || label;
}
export function moodOf(state) {
  const anger = state && typeof state.anger === "number" ? state.anger : 0;
  return anger >= 0.65 ? "hostile" : anger >= 0.35 ? "tense" : "calm";
}
export function profileFor(speaker) { return VOICES[speaker] || VOICES.debtor || { gender: "any", age: null }; }

// Someone picked up: the clock starts; on a fresh call whoever answered says the opening line.
export function answered(fresh, reply) {
  setState("live", "call_live");
  call.startedAt = now();
  call.lastDebtorEnd = now();
  $("call-dot").classList.add("live");
  $("dialpad").classList.add("hidden");
  $("controls").classList.remove("hidden");
  act.setTalkMode(call.talkMode);
  call.clock = setInterval(() => { $("call-timer").textContent = clockText(now() - call.startedAt); }, 250);
  const opening = fresh ? revealOpening(reply) : null;
  if (opening) {
    act.debtorSays({ debtor: opening.text, speaker: opening.speaker,
      state: { anger: parseFloat(root.dataset.openingAnger || "0") }, ended: false }, true);
  } else {
    act.armSilence();
    act.resumeListening();
  }
}

export async function hangUp(byThem) {
  if (call.state === "ended") return;
  setState("ended", byThem ? "call_hung_up_by_debtor" : "call_ended");
  act.clearSilence();
  clearTimeout(call.phraseTimer);
  clearInterval(call.clock);
  if (call.recognizer) call.recognizer.abort();
  if (call.voice) call.voice.cancel();
  $("call-dot").classList.remove("live");
  document.querySelectorAll("#controls button, #controls input, #no-answer button, #no-answer input, #no-answer select, #no-answer textarea")
    .forEach((el) => { el.disabled = true; });
  showInterim("");
  if (byThem) { call.tones.busy(); await sleep(BUSY_MS); }
  call.tones.stop();
  $("call-status").textContent = S.call_grading;
  try {
    const res = await fetch("/api/sessions/" + sessionId + "/end", {
      method: "POST", headers: { "X-CSRF-Token": csrf }, credentials: "same-origin",
    });
    if (!res.ok) { showError(S.error_generic); return; }
  } catch (e) { showError(S.error_generic); return; }
  window.location.reload();  // the page comes back with the debrief and the call metrics
}

export function toggleHold() {
  const holdBtn = $("hold");
  if (call.state === "live") {
    setState("hold", "call_on_hold");
    act.clearSilence();
    if (call.recognizer) call.recognizer.abort();
    if (call.voice) call.voice.pause();
    holdBtn.setAttribute("aria-pressed", "true");
    holdBtn.textContent = S.call_resume;
    $("ptt").disabled = true;
    $("call-input").disabled = true;
  } else if (call.state === "hold") {
    setState("live", "call_live");
    if (call.voice) call.voice.resume();
    holdBtn.setAttribute("aria-pressed", "false");
    holdBtn.textContent = S.call_hold;
    $("ptt").disabled = !call.recognizer || call.muted;
    $("call-input").disabled = false;
    call.lastDebtorEnd = now();  // a hold is deliberate: the silence clock starts again
    if (!call.speaking) { act.armSilence(); act.resumeListening(); }
  }
}

export function toggleMute() {
  const muteBtn = $("mute");
  call.muted = !call.muted;
  muteBtn.setAttribute("aria-pressed", String(call.muted));
  muteBtn.textContent = call.muted ? S.call_unmute : S.call_mute;
  root.dataset.muted = call.muted ? "yes" : "no";
  $("ptt").disabled = call.muted || !call.recognizer;
  if (call.muted) {
    act.cutTraineeQuietly();
    note("call_muted_note");
  } else {
    dropNote("call_muted_note");
    act.resumeListening();
  }
}
