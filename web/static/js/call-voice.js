// The debtor's voice on the call (issue 7): the server's (/api/speech/speak) or the browser's
// speechSynthesis, one line at a time; a polite debtor waits for the trainee to finish first.
import { root, csrf, now, sleep, note } from "./call-page.js";
import { call, hangUp, moodOf, profileFor } from "./call-state.js";
import { act, provide } from "./call-actions.js";

const END_OF_PHRASE_MS = 700;  // hands-free: this much quiet after a phrase ends the trainee's turn
const REPLY_PAUSE_MS = 300;  // a breath before a debtor answers (a provoked one does not take it)
const QUIET_WAIT_MS = 5000;  // the longest a polite debtor waits for the trainee to finish

async function fetchSpeech(text, gender, mood) {
  const res = await fetch("/api/speech/speak", {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: JSON.stringify({ text: text, gender: gender, mood: mood }),
  });
  if (!res.ok) throw new Error("speak " + res.status);
  return res.blob();
}

function browserVoiceWithChinese() {
  const v = window.CallSpeech.browserVoice();
  return v && v.hasChinese() ? v : null;
}

// The server's voice when it has one; else the browser's, if it speaks Chinese; else none (a note says so).
export async function setupVoice() {
  if (root.dataset.serverTts === "yes") {
    call.voice = window.CallSpeech.serverVoice(fetchSpeech);
    return;
  }
  let voice = window.CallSpeech.browserVoice();
  if (voice && !voice.hasChinese()) {  // the voice list may still be loading
    await new Promise((resolve) => {
      const t = setTimeout(resolve, 800);
      try { window.speechSynthesis.addEventListener("voiceschanged", () => { clearTimeout(t); resolve(); }, { once: true }); } catch (e) { /* old API */ }
    });
    if (!voice.hasChinese()) voice = null;
  }
  call.voice = voice;
  if (!voice) note("call_no_voice");
}

// Say a line; the voices take turns (a second line waits for the first).
export function say(text, speaker, mood) {
  const job = call.voiceChain.then(async () => {
    if (!call.voice || call.state === "ended") return;
    try {
      await call.voice.speak(text, profileFor(speaker), mood);
    } catch (e) {  // the server voice failed: the browser's, else text only
      note("call_speech_unavailable");
      call.voice = browserVoiceWithChinese();
      if (call.voice) await call.voice.speak(text, profileFor(speaker), mood);
    }
  });
  call.voiceChain = job.catch(() => { /* keep the chain alive */ });
  return call.voiceChain;
}

// Wait until the trainee has stopped talking (a polite debtor does not talk over them).
async function quiet() {
  const until = now() + QUIET_WAIT_MS;
  while (now() < until && (call.pttHeld || now() - call.lastHeard < END_OF_PHRASE_MS)) await sleep(100);
}

export async function debtorSays(data, provoked) {
  call.speaker = data.speaker;
  call.mood = moodOf(data.state);
  if (!provoked) {
    await sleep(REPLY_PAUSE_MS);
    await quiet();
  }
  while (call.state === "hold") await sleep(200);  // nobody talks to a caller on hold
  if (call.state === "ended") return;
  call.speaking = true;
  root.dataset.debtorSpeaking = "yes";
  act.pauseListening();
  try {
    await say(data.debtor, data.speaker, call.mood);
  } finally {
    call.speaking = false;
    root.dataset.debtorSpeaking = "no";
  }
  call.lastDebtorEnd = now();
  if (data.ended) { await hangUp(true); return; }
  if (call.state === "live") { act.armSilence(); act.resumeListening(); }
}

provide({ debtorSays });
