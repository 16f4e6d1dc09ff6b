// Phone-call page (issue 7): dial → ring → answer, talk (push-to-talk, hands-free or typed), hear the
// debtor, silence prompts, interruptions, hold, mute, hang up → debrief. Turns go through the same
// streaming endpoint as the chat page (server-sent events over fetch), with the browser's timing.
(function () {
  "use strict";
  const root = document.getElementById("call");
  if (!root) return;
  const S = JSON.parse(root.dataset.strings || "{}");
  const VOICES = JSON.parse(root.dataset.voices || "{}");
  const sessionId = root.dataset.session;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = function (id) { return document.getElementById(id); };
  const transcript = $("transcript");
  const interim = $("interim");
  const interimText = $("interim-text");
  const statusEl = $("call-status");
  const timerEl = $("call-timer");
  const dot = $("call-dot");
  const errorBox = $("call-error");
  const notes = $("speech-notes");
  const dialBtn = $("dial");
  const dialpad = $("dialpad");
  const controls = $("controls");
  const muteBtn = $("mute");
  const holdBtn = $("hold");
  const hangupBtn = $("hangup");
  const pttBtn = $("ptt");
  const form = $("call-text");
  const input = $("call-input");
  const modeButtons = document.querySelectorAll("[data-talk-mode]");
  const MAX = parseInt(root.dataset.maxChars || "2000", 10);
  const RING_MS = 2400;  // one ring before they pick up
  const END_OF_PHRASE_MS = 700;  // hands-free: this much quiet after a phrase ends the trainee's turn
  const REPLY_PAUSE_MS = 300;  // a breath before a debtor answers (a provoked one does not take it)
  const QUIET_WAIT_MS = 5000;  // the longest a polite debtor waits for the trainee to finish
  const BUSY_MS = 1700;

  document.querySelectorAll(".meter-fill").forEach(function (el) {
    el.style.width = Math.round(parseFloat(el.dataset.value || "0") * 100) + "%";
  });
  if (transcript) transcript.scrollTop = transcript.scrollHeight;
  if (!dialBtn) {  // an ended call, or someone else's: the debrief is all there is
    const summary = $("summary");
    if (summary && !summary.classList.contains("hidden") && root.dataset.status === "ended") {
      summary.scrollIntoView({ block: "start" });
    }
    return;
  }

  const call = {
    state: "idle",  // idle | ringing | live | hold | ended
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
  };
  try { call.talkMode = window.localStorage.getItem("call-talk-mode") === "vad" ? "vad" : "ptt"; } catch (e) { /* private mode */ }
  const tones = window.CallSpeech.tones();
  let recognizer = null;
  let voice = null;

  function now() { return performance.now(); }
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }
  function callMs(t) { return Math.max(0, Math.round(t - call.startedAt)); }
  function clockText(ms) {
    const s = Math.floor(ms / 1000);
    return String(Math.floor(s / 60)).padStart(2, "0") + ":" + String(s % 60).padStart(2, "0");
  }
  function setState(state, label) {
    call.state = state;
    root.dataset.callState = state;
    if (label) statusEl.textContent = S[label] || label;
  }
  function note(key) {
    if (notes.querySelector('[data-key="' + key + '"]')) return;
    const li = document.createElement("li");
    li.dataset.key = key;
    li.textContent = S[key] || key;
    notes.appendChild(li);
  }
  function showError(text) { errorBox.textContent = text; errorBox.classList.remove("hidden"); }
  function clearError() { errorBox.classList.add("hidden"); errorBox.textContent = ""; }
  function moodOf(state) {
    const anger = state && typeof state.anger === "number" ? state.anger : 0;
    return anger >= 0.65 ? "hostile" : anger >= 0.35 ? "tense" : "calm";
  }
  function profileFor(speaker) { return VOICES[speaker] || VOICES.debtor || { gender: "any", age: null }; }

  // ---- the transcript --------------------------------------------------------------------------------
  function bubble(speaker, text, meta) {
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
    transcript.insertBefore(wrap, interim);
    transcript.scrollTop = transcript.scrollHeight;
    return wrap;
  }
  function textOf(wrap) { return wrap.querySelector(".msg-text"); }
  function marker(wrap, text, cls, title) {
    const m = document.createElement("span");
    m.className = "msg-marker " + (cls || "");
    m.textContent = text;
    if (title) m.title = title;
    wrap.appendChild(m);
  }
  function showInterim(text) {
    interimText.textContent = text;
    interim.classList.toggle("hidden", !text);
    transcript.scrollTop = transcript.scrollHeight;
  }

  // ---- the debtor's voice ------------------------------------------------------------------------------
  async function fetchSpeech(text, gender, mood) {
    const res = await fetch("/api/speech/speak", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ text: text, gender: gender, mood: mood }),
    });
    if (!res.ok) throw new Error("speak " + res.status);
    return res.blob();
  }
  async function transcribeOnServer(blob) {
    const res = await fetch("/api/speech/transcribe", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": blob.type || "audio/webm", "X-CSRF-Token": csrf },
      body: blob,
    });
    if (!res.ok) throw new Error("transcribe " + res.status);
    return (await res.json()).text || "";
  }
  function browserVoiceWithChinese() {
    const v = window.CallSpeech.browserVoice();
    return v && v.hasChinese() ? v : null;
  }
  // Say a line; the voices take turns (a second line waits for the first).
  function say(text, speaker, mood) {
    const job = call.voiceChain.then(async function () {
      if (!voice || call.state === "ended") return;
      try {
        await voice.speak(text, profileFor(speaker), mood);
      } catch (e) {  // the server voice failed: the browser's, else text only
        note("call_speech_unavailable");
        voice = browserVoiceWithChinese();
        if (voice) await voice.speak(text, profileFor(speaker), mood);
      }
    });
    call.voiceChain = job.catch(function () { /* keep the chain alive */ });
    return call.voiceChain;
  }

  // Wait until the trainee has stopped talking (a polite debtor does not talk over them).
  async function quiet() {
    const until = now() + QUIET_WAIT_MS;
    while (now() < until && (call.pttHeld || now() - call.lastHeard < END_OF_PHRASE_MS)) await sleep(100);
  }

  async function debtorSays(data, provoked) {
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
    pauseListening();
    try {
      await say(data.debtor, data.speaker, call.mood);
    } finally {
      call.speaking = false;
      root.dataset.debtorSpeaking = "no";
    }
    call.lastDebtorEnd = now();
    if (data.ended) { await hangUp(true); return; }
    if (call.state === "live") { armSilence(); resumeListening(); }
  }

  // ---- listening -------------------------------------------------------------------------------------
  const handlers = {
    onStart: function () {
      if (call.state !== "live" || call.muted) return;
      call.lastHeard = now();
      if (call.turnStart === null) call.turnStart = now();
      clearSilence();
    },
    onInterim: function (text) {
      if (call.state !== "live" || call.muted) return;
      call.lastHeard = now();
      showInterim(call.phrases.join("") + text);
    },
    onFinal: function (text) {
      if (call.state !== "live" || call.muted) return;
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
    onIdle: function () {
      pttBtn.classList.remove("active");
      if (call.talkMode === "ptt" && call.phrases.length) flushSpoken();
      else if (!call.phrases.length) {
        showInterim("");
        if (call.turnStart !== null && !input.value.trim()) { call.turnStart = null; armSilence(); }
      }
    },
    onError: function (code) {
      if (code === "network" && recognizer && recognizer.kind === "browser" && root.dataset.serverStt === "yes") {
        // the browser's recognition service is out of reach: let the server transcribe instead
        recognizer = window.CallSpeech.serverRecognizer(handlers, transcribeOnServer);
        if (recognizer) { note("call_server_recognition"); return; }
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

  function flushSpoken() {
    clearTimeout(call.phraseTimer);
    const text = call.phrases.join("");
    call.phrases = [];
    showInterim("");
    if (text) sendTurn(text, "spoken");
  }
  function resumeListening() {
    if (recognizer && call.state === "live" && !call.muted && !call.speaking && call.talkMode === "vad") {
      recognizer.listen(true);
    }
  }
  function pauseListening() {
    if (recognizer && call.talkMode === "vad") recognizer.abort();
  }
  // The debtor cuts in: whatever the trainee is still saying is lost, and the reply is heard at once.
  function cutTrainee(mine) {
    clearTimeout(call.phraseTimer);
    call.phrases = [];
    call.turnStart = null;
    showInterim("");
    if (recognizer) recognizer.abort();
    call.pttHeld = false;
    pttBtn.classList.remove("active");
    if (voice) voice.cancel();
    if (mine) { mine.classList.add("cut"); marker(mine, S.call_interrupted, "interrupt"); }
  }
  function disableVoiceInput() {
    recognizer = null;
    pttBtn.disabled = true;
    pttBtn.classList.add("hidden");
    modeButtons.forEach(function (b) { b.disabled = true; });
  }

  // ---- silence -----------------------------------------------------------------------------------------
  function silenceMs() { return parseInt(root.dataset.silenceMs || "8000", 10) || 8000; }
  function clearSilence() { clearTimeout(call.silenceTimer); call.silenceTimer = null; }
  function armSilence() {
    clearSilence();
    if (call.state === "live") call.silenceTimer = setTimeout(onSilence, silenceMs());
  }
  async function onSilence() {
    call.silenceTimer = null;
    if (call.state !== "live") return;
    if (call.busy || call.speaking || call.pttHeld || call.turnStart !== null || call.phrases.length) { armSilence(); return; }
    call.busy = true;
    let data = null;
    try {
      const res = await postJSON("/api/sessions/" + sessionId + "/silence",
        { waited_ms: Math.round(now() - call.lastDebtorEnd), call_ms: callMs(now()) });
      if (res.ok) data = await res.json();
    } catch (e) { data = null; } finally { call.busy = false; }
    if (!data || call.state === "ended") { armSilence(); return; }
    bubble(data.speaker, data.debtor, { ms: callMs(now()), silence: true });
    await debtorSays(data, true);
  }

  // ---- turns ---------------------------------------------------------------------------------------------
  function postJSON(url, body, accept) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": accept || "application/json" },
      body: JSON.stringify(body),
    });
  }
  const parseEvents = window.SimSSE.parseEvents;

  async function sendTurn(raw, mode) {
    const text = (raw || "").trim();
    if (call.state !== "live") return false;
    if (!text) { showError(S.error_empty); return false; }
    if (text.length > MAX) { showError(S.error_too_long); return false; }
    if (call.busy) return false;
    clearError();
    const t = now();
    const start = call.turnStart !== null ? call.turnStart : t;
    const body = {
      text: text, input_mode: mode, call_ms: callMs(start), duration_ms: Math.max(0, Math.round(t - start)),
      response_latency_ms: Math.max(0, Math.round(start - call.lastDebtorEnd)),
    };
    call.turnStart = null;
    call.busy = true;
    clearSilence();
    const mine = bubble("collector", text, { ms: body.call_ms, via: mode });
    mine.classList.add("pending");
    let reply = null;
    let done = null;
    let provoked = false;
    try {
      const res = await postJSON("/api/sessions/" + sessionId + "/turns/stream", body, "text/event-stream");
      if (!res.ok) {
        let detail = S.error_generic;
        try { detail = (await res.json()).detail || detail; } catch (e) { /* not JSON */ }
        mine.remove();
        if (mode === "typed") input.value = text;
        showError(detail);
        return false;
      }
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const step = await reader.read();
        if (step.done) break;
        buffer = parseEvents(buffer + decoder.decode(step.value, { stream: true }), function (event, data) {
          if (event === "collector") {
            mine.classList.remove("pending");
            mine.dataset.turn = data.turn;
            if (data.interrupt) { provoked = true; cutTrainee(mine); }
          } else if (event === "token") {
            if (!reply) reply = bubble(data.speaker || "debtor", "", { ms: callMs(now()) });
            textOf(reply).textContent += data.text;
          } else if (event === "reset") {
            if (reply) textOf(reply).textContent = "";
          } else if (event === "done") {
            done = data;
            if (!reply) reply = bubble(data.speaker, data.debtor, { ms: callMs(now()) });
            textOf(reply).textContent = data.debtor;
            reply.dataset.turn = data.turn;
            if (data.fallback) marker(reply, S.offline_reply, "", S.offline_reply_hint);
          } else if (event === "error") {
            showError(data.detail || S.error_generic);
          }
        });
      }
    } catch (e) {
      showError(S.error_generic);
    } finally {
      call.busy = false;
    }
    if (!done) { armSilence(); return false; }
    debtorSays(done, provoked || !!done.interrupt);
    return true;
  }

  // ---- the call ------------------------------------------------------------------------------------------
  async function setupSpeech() {
    recognizer = window.CallSpeech.browserRecognizer(handlers);
    if (!recognizer && root.dataset.serverStt === "yes") {
      recognizer = window.CallSpeech.serverRecognizer(handlers, transcribeOnServer);
      if (recognizer) note("call_server_recognition");
    }
    if (!recognizer) { note("call_no_recognition"); disableVoiceInput(); }
    if (root.dataset.serverTts === "yes") {
      voice = window.CallSpeech.serverVoice(fetchSpeech);
      return;
    }
    voice = window.CallSpeech.browserVoice();
    if (voice && !voice.hasChinese()) {  // the voice list may still be loading
      await new Promise(function (resolve) {
        const t = setTimeout(resolve, 800);
        try { window.speechSynthesis.addEventListener("voiceschanged", function () { clearTimeout(t); resolve(); }, { once: true }); } catch (e) { /* old API */ }
      });
      if (!voice.hasChinese()) voice = null;
    }
    if (!voice) note("call_no_voice");
  }

  function setTalkMode(mode) {
    call.talkMode = mode;
    try { window.localStorage.setItem("call-talk-mode", mode); } catch (e) { /* private mode */ }
    modeButtons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.talkMode === mode)); });
    pttBtn.classList.toggle("hidden", mode !== "ptt" || !recognizer);
    root.dataset.talkMode = mode;
    if (!recognizer) return;
    if (mode === "vad") resumeListening(); else recognizer.abort();
  }

  async function dial() {
    dialBtn.disabled = true;
    tones.unlock();
    const fresh = root.dataset.fresh === "yes";
    setState("ringing", "call_ringing");
    dialpad.classList.add("ringing");
    await setupSpeech();
    if (fresh) {
      tones.ringback();
      await sleep(RING_MS);
      tones.stop();
    }
    answered(fresh);
  }

  function answered(fresh) {
    setState("live", "call_live");
    call.startedAt = now();
    call.lastDebtorEnd = now();
    dot.classList.add("live");
    dialpad.classList.add("hidden");
    controls.classList.remove("hidden");
    setTalkMode(call.talkMode);
    call.clock = setInterval(function () { timerEl.textContent = clockText(now() - call.startedAt); }, 250);
    const opening = transcript.querySelector(".msg.hidden[data-turn='0']");
    if (fresh && opening) {
      opening.classList.remove("hidden");
      const who = opening.querySelector(".msg-who");
      const time = document.createElement("span");
      time.className = "msg-time";
      time.textContent = "00:00";
      who.append(" · ", time);
      debtorSays({ debtor: textOf(opening).textContent, speaker: opening.dataset.speaker,
        state: { anger: parseFloat(root.dataset.openingAnger || "0") }, ended: false }, true);
    } else {
      armSilence();
      resumeListening();
    }
  }

  async function hangUp(byThem) {
    if (call.state === "ended") return;
    setState("ended", byThem ? "call_hung_up_by_debtor" : "call_ended");
    clearSilence();
    clearTimeout(call.phraseTimer);
    clearInterval(call.clock);
    if (recognizer) recognizer.abort();
    if (voice) voice.cancel();
    dot.classList.remove("live");
    controls.querySelectorAll("button, input").forEach(function (el) { el.disabled = true; });
    showInterim("");
    if (byThem) { tones.busy(); await sleep(BUSY_MS); }
    tones.stop();
    statusEl.textContent = S.call_grading;
    try {
      const res = await fetch("/api/sessions/" + sessionId + "/end", {
        method: "POST", headers: { "X-CSRF-Token": csrf }, credentials: "same-origin",
      });
      if (!res.ok) { showError(S.error_generic); return; }
    } catch (e) { showError(S.error_generic); return; }
    window.location.reload();  // the page comes back with the debrief and the call metrics
  }

  function toggleHold() {
    if (call.state === "live") {
      setState("hold", "call_on_hold");
      clearSilence();
      if (recognizer) recognizer.abort();
      if (voice) voice.pause();
      holdBtn.setAttribute("aria-pressed", "true");
      holdBtn.textContent = S.call_resume;
      pttBtn.disabled = true;
      input.disabled = true;
    } else if (call.state === "hold") {
      setState("live", "call_live");
      if (voice) voice.resume();
      holdBtn.setAttribute("aria-pressed", "false");
      holdBtn.textContent = S.call_hold;
      pttBtn.disabled = !recognizer || call.muted;
      input.disabled = false;
      call.lastDebtorEnd = now();  // a hold is deliberate: the silence clock starts again
      if (!call.speaking) { armSilence(); resumeListening(); }
    }
  }

  function toggleMute() {
    call.muted = !call.muted;
    muteBtn.setAttribute("aria-pressed", String(call.muted));
    muteBtn.textContent = call.muted ? S.call_unmute : S.call_mute;
    root.dataset.muted = call.muted ? "yes" : "no";
    pttBtn.disabled = call.muted || !recognizer;
    if (call.muted) {
      cutTraineeQuietly();
      note("call_muted_note");
    } else {
      const li = notes.querySelector('[data-key="call_muted_note"]');
      if (li) li.remove();
      resumeListening();
    }
  }
  function cutTraineeQuietly() {
    clearTimeout(call.phraseTimer);
    call.phrases = [];
    showInterim("");
    if (recognizer) recognizer.abort();
  }

  function pttDown(ev) {
    if (ev) ev.preventDefault();
    if (call.state !== "live" || call.muted || !recognizer || call.pttHeld) return;
    call.pttHeld = true;
    pttBtn.classList.add("active");
    if (call.speaking && voice) voice.cancel();  // the trainee talks over the debtor
    recognizer.listen(false);
  }
  function pttUp() {
    if (!call.pttHeld) return;
    call.pttHeld = false;
    if (recognizer) recognizer.stop();
  }

  dialBtn.addEventListener("click", dial);
  hangupBtn.addEventListener("click", function () { hangUp(false); });
  holdBtn.addEventListener("click", toggleHold);
  muteBtn.addEventListener("click", toggleMute);
  modeButtons.forEach(function (b) { b.addEventListener("click", function () { setTalkMode(b.dataset.talkMode); }); });
  pttBtn.addEventListener("pointerdown", pttDown);
  ["pointerup", "pointerleave", "pointercancel"].forEach(function (name) { pttBtn.addEventListener(name, pttUp); });
  document.addEventListener("keydown", function (ev) {
    if (ev.code !== "Space" || ev.repeat || call.talkMode !== "ptt") return;
    const tag = (ev.target && ev.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "BUTTON" || tag === "SELECT") return;
    pttDown(ev);
  });
  document.addEventListener("keyup", function (ev) { if (ev.code === "Space") pttUp(); });
  input.addEventListener("input", function () {
    if (call.state !== "live") return;
    if (input.value.trim() && call.turnStart === null) { call.turnStart = now(); clearSilence(); }
    else if (!input.value.trim() && call.turnStart !== null && !call.phrases.length) { call.turnStart = null; armSilence(); }
  });
  form.addEventListener("submit", async function (ev) {
    ev.preventDefault();
    if (call.state !== "live" || call.busy) return;
    const text = input.value;
    input.value = "";
    const sent = await sendTurn(text, "typed");
    if (!sent && !input.value) input.value = text.trim() ? text : "";
  });
  window.addEventListener("beforeunload", function () { if (voice) voice.cancel(); });
})();
