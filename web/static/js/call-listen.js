// Listening to the trainee (issue 7): push-to-talk or hands-free through the browser's recognition, or
// phrases recorded and transcribed by the server; the debtor cutting in; the talk-mode switch.
import { $, S, root, csrf, now, note, showError } from "./call-page.js";
import { call } from "./call-state.js";
import { showInterim, marker } from "./call-transcript.js";
import { act, provide } from "./call-actions.js";

const END_OF_PHRASE_MS = 700;  // hands-free: this much quiet after a phrase ends the trainee's turn

async function transcribeOnServer(blob) {
  const res = await fetch("/api/speech/transcribe", {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": blob.type || "audio/webm", "X-CSRF-Token": csrf },
    body: blob,
  });
  if (!res.ok) throw new Error("transcribe " + res.status);
  return (await res.json()).text || "";
}

function live() { return call.state === "live" && !call.muted; }

const handlers = {
  onStart() {
    if (!live()) return;
    call.lastHeard = now();
    if (call.turnStart === null) call.turnStart = now();
    act.clearSilence();
  },
  onInterim(text) {
    if (!live()) return;
    call.lastHeard = now();
    showInterim(call.phrases.join("") + text);
  },
  onFinal(text) {
    if (!live()) return;
    call.lastHeard = now();
    const clean = text.trim();
    if (!clean) return;
    call.phrases.push(clean);
    showInterim(call.phrases.join(""));
    if (call.talkMode === "vad") {
      clearTimeout(call.phraseTimer);
      call.phraseTimer = setTimeout(flushSpoken, END_OF_PHRASE_MS);
    }
  },
  onIdle() {
    $("ptt").classList.remove("active");
    if (call.talkMode === "ptt" && call.phrases.length) flushSpoken();
    else if (!call.phrases.length) {
      showInterim("");
      if (call.turnStart !== null && !$("call-input").value.trim()) { call.turnStart = null; act.armSilence(); }
    }
  },
  onError(code) {
    if (code === "network" && call.recognizer && call.recognizer.kind === "browser" && root.dataset.serverStt === "yes") {
      // the browser's recognition service is out of reach: let the server transcribe instead
      call.recognizer = window.CallSpeech.serverRecognizer(handlers, transcribeOnServer);
      if (call.recognizer) { note("call_server_recognition"); return; }
    }
    if (code === "network") {
      note("call_recognition_error");
      disableVoiceInput();
    } else if (code === "not-allowed" || code === "service-not-allowed" || code === "audio-capture") {
      note("call_mic_denied");
      disableVoiceInput();
    } else {
      showError(S.call_recognition_error);
    }
  },
};

// The browser's recognition, else (with server speech) recording and server transcription, else text.
export function setupRecognition() {
  call.recognizer = window.CallSpeech.browserRecognizer(handlers);
  if (!call.recognizer && root.dataset.serverStt === "yes") {
    call.recognizer = window.CallSpeech.serverRecognizer(handlers, transcribeOnServer);
    if (call.recognizer) note("call_server_recognition");
  }
  if (!call.recognizer) { note("call_no_recognition"); disableVoiceInput(); }
}

function flushSpoken() {
  clearTimeout(call.phraseTimer);
  const text = call.phrases.join("");
  call.phrases = [];
  showInterim("");
  if (text) act.sendTurn(text, "spoken");
}

export function resumeListening() {
  if (call.recognizer && call.state === "live" && !call.muted && !call.speaking && call.talkMode === "vad") {
    call.recognizer.listen(true);
  }
}
export function pauseListening() {
  if (call.recognizer && call.talkMode === "vad") call.recognizer.abort();
}

// The debtor cuts in: whatever the trainee is still saying is lost, and the reply is heard at once.
export function cutTrainee(mine) {
  clearTimeout(call.phraseTimer);
  call.phrases = [];
  call.turnStart = null;
  showInterim("");
  if (call.recognizer) call.recognizer.abort();
  call.pttHeld = false;
  $("ptt").classList.remove("active");
  if (call.voice) call.voice.cancel();
  if (mine) { mine.classList.add("cut"); marker(mine, S.call_interrupted, "interrupt"); }
}
export function cutTraineeQuietly() {
  clearTimeout(call.phraseTimer);
  call.phrases = [];
  showInterim("");
  if (call.recognizer) call.recognizer.abort();
}

function disableVoiceInput() {
  call.recognizer = null;
  const ptt = $("ptt");
  ptt.disabled = true;
  ptt.classList.add("hidden");
  document.querySelectorAll("[data-talk-mode]").forEach((b) => { b.disabled = true; });
}

export function setTalkMode(mode) {
  call.talkMode = mode;
  try { window.localStorage.setItem("call-talk-mode", mode); } catch (e) { /* private mode */ }
  document.querySelectorAll("[data-talk-mode]").forEach((b) => {
    b.setAttribute("aria-pressed", String(b.dataset.talkMode === mode));
  });
  $("ptt").classList.toggle("hidden", mode !== "ptt" || !call.recognizer);
  root.dataset.talkMode = mode;
  if (!call.recognizer) return;
  if (mode === "vad") resumeListening(); else call.recognizer.abort();
}

export function pttDown(ev) {
  if (ev) ev.preventDefault();
  if (call.state !== "live" || call.muted || !call.recognizer || call.pttHeld) return;
  call.pttHeld = true;
  $("ptt").classList.add("active");
  if (call.speaking && call.voice) call.voice.cancel();  // the trainee talks over the debtor
  call.recognizer.listen(false);
}
export function pttUp() {
  if (!call.pttHeld) return;
  call.pttHeld = false;
  if (call.recognizer) call.recognizer.stop();
}

provide({ resumeListening, pauseListening, setTalkMode, cutTrainee, cutTraineeQuietly });
