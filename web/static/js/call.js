// Phone-call page (issue 7), the entry module: wires the buttons and keys to the call-*.js modules —
// dialing (call-dial.js), the state machine (call-state.js), listening (call-listen.js), the debtor's
// voice (call-voice.js), silence (call-silence.js), turns (call-turns.js), the transcript
// (call-transcript.js). An ended call, or someone else's, only shows its debrief.
import { $, root } from "./call-page.js";
import { call, toggleHold, toggleMute, hangUp } from "./call-state.js";
import { dial, callBackAt, redialNow, sendSms, giveUp, resumeRingOut } from "./call-dial.js";
import { setTalkMode, pttDown, pttUp } from "./call-listen.js";
import { armSilence, clearSilence } from "./call-silence.js";
import { sendTurn } from "./call-turns.js";

function start() {
  document.querySelectorAll(".meter-fill").forEach((el) => {
    el.style.width = Math.round(parseFloat(el.dataset.value || "0") * 100) + "%";
  });
  const transcript = $("transcript");
  if (transcript) transcript.scrollTop = transcript.scrollHeight;
  if (!$("dial")) {  // an ended call, or someone else's: the debrief is all there is
    const summary = $("summary");
    if (summary && !summary.classList.contains("hidden") && root.dataset.status === "ended") {
      summary.scrollIntoView({ block: "start" });
    }
    return;
  }
  try { call.talkMode = window.localStorage.getItem("call-talk-mode") === "vad" ? "vad" : "ptt"; } catch (e) { /* private mode */ }
  call.tones = window.CallSpeech.tones();

  const input = $("call-input");
  const ptt = $("ptt");
  $("dial").addEventListener("click", dial);
  $("hangup").addEventListener("click", () => { hangUp(false); });
  $("hold").addEventListener("click", toggleHold);
  $("mute").addEventListener("click", toggleMute);
  document.querySelectorAll("[data-talk-mode]").forEach((b) => {
    b.addEventListener("click", () => { setTalkMode(b.dataset.talkMode); });
  });
  ptt.addEventListener("pointerdown", pttDown);
  ["pointerup", "pointerleave", "pointercancel"].forEach((name) => { ptt.addEventListener(name, pttUp); });
  document.addEventListener("keydown", (ev) => {
    if (ev.code !== "Space" || ev.repeat || call.talkMode !== "ptt") return;
    const tag = (ev.target && ev.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "BUTTON" || tag === "SELECT") return;
    pttDown(ev);
  });
  document.addEventListener("keyup", (ev) => { if (ev.code === "Space") pttUp(); });
  input.addEventListener("input", () => {
    if (call.state !== "live") return;
    if (input.value.trim() && call.turnStart === null) { call.turnStart = performance.now(); clearSilence(); }
    else if (!input.value.trim() && call.turnStart !== null && !call.phrases.length) { call.turnStart = null; armSilence(); }
  });
  $("call-text").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (call.state !== "live" || call.busy) return;
    const text = input.value;
    input.value = "";
    const sent = await sendTurn(text, "typed");
    if (!sent && !input.value) input.value = text.trim() ? text : "";
  });
  $("callback").addEventListener("submit", callBackAt);
  $("redial-now").addEventListener("click", redialNow);
  $("sms").addEventListener("submit", sendSms);
  $("give-up").addEventListener("click", giveUp);
  window.addEventListener("beforeunload", () => { if (call.voice) call.voice.cancel(); });
  if (root.dataset.rangOut === "yes") resumeRingOut();
}

if (root) start();
