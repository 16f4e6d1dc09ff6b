// Speech for the phone-call page (issue 7): recognising the trainee (the browser's Web Speech API, or
// the server's /api/speech/transcribe), the debtor's voice (speechSynthesis, or /api/speech/speak), and
// the line tones (ringback, busy) made with Web Audio. Everything is feature-detected: a missing piece
// returns null and the page falls back to text.
(function () {
  "use strict";

  function clamp(x, lo, hi) { return Math.min(hi, Math.max(lo, x)); }

  // ---- recognition ---------------------------------------------------------------------------------
  // A recognizer reports to its handlers: onStart() when the trainee starts talking, onInterim(text)
  // while a phrase is being recognised, onFinal(text) for each finished phrase, onIdle() when it has
  // stopped listening, onError(code). listen(continuous) starts (continuous = hands-free), stop()
  // finishes the phrase under way, abort() drops it (the debtor cut in).
  function browserRecognizer(handlers) {
    const SR = window.SpeechRecognition || window.webkitSpeechRecognition;
    if (typeof SR !== "function") return null;
    let rec = null;
    let wanted = false;
    let continuous = false;

    function make() {
      const r = new SR();
      r.lang = "zh-CN";
      r.interimResults = true;
      r.continuous = true;
      r.maxAlternatives = 1;
      r.onspeechstart = function () { handlers.onStart(); };
      r.onresult = function (ev) {
        let interim = "";
        for (let i = ev.resultIndex; i < ev.results.length; i++) {
          const result = ev.results[i];
          const text = result[0] ? result[0].transcript : "";
          if (!text) continue;
          handlers.onStart();
          if (result.isFinal) handlers.onFinal(text);
          else interim += text;
        }
        if (interim) handlers.onInterim(interim);
      };
      r.onerror = function (ev) {
        if (["not-allowed", "service-not-allowed", "audio-capture", "network"].indexOf(ev.error) >= 0) {
          wanted = false;  // it will not work on a retry: stop listening for good
        }
        if (ev.error !== "no-speech" && ev.error !== "aborted") handlers.onError(ev.error);
      };
      r.onend = function () {
        rec = null;
        // Chrome ends a continuous session after a while of silence: hands-free keeps listening.
        if (wanted && continuous) setTimeout(startNow, 120);
        else handlers.onIdle();
      };
      return r;
    }
    function startNow() {
      if (!wanted || rec) return;
      rec = make();
      try { rec.start(); } catch (e) { rec = null; handlers.onIdle(); }
    }
    return {
      kind: "browser",
      listen: function (isContinuous) { continuous = isContinuous; wanted = true; startNow(); },
      stop: function () { wanted = false; if (rec) rec.stop(); },
      abort: function () { wanted = false; if (rec) rec.abort(); },
      isListening: function () { return !!rec; },
    };
  }

  // The server transcribes whole phrases: record with MediaRecorder (push-to-talk: while held;
  // hands-free: from when the microphone gets loud to 0.9 s of quiet) and upload each phrase.
  function serverRecognizer(handlers, transcribe) {
    if (!window.MediaRecorder || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return null;
    let stream = null;
    let recorder = null;
    let wanted = false;
    let continuous = false;
    let cut = false;
    let vad = null;

    async function ensureStream() {
      if (!stream) stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      return stream;
    }
    function record() {
      const chunks = [];
      cut = false;
      recorder = new MediaRecorder(stream);
      const mine = recorder;
      mine.ondataavailable = function (e) { if (e.data && e.data.size) chunks.push(e.data); };
      mine.onstop = async function () {
        recorder = null;
        const blob = new Blob(chunks, { type: mine.mimeType || "audio/webm" });
        if (!cut && blob.size > 800) {
          handlers.onInterim("…");
          try {
            const text = await transcribe(blob);
            if (text) handlers.onFinal(text);
          } catch (e) { handlers.onError("server"); }
        }
        if (!wanted || !continuous) handlers.onIdle();
      };
      mine.start();
      handlers.onStart();
    }
    function startVad() {
      const AC = window.AudioContext || window.webkitAudioContext;
      if (!AC) return;
      const ctx = new AC();
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 1024;
      ctx.createMediaStreamSource(stream).connect(analyser);
      const buf = new Float32Array(analyser.fftSize);
      let loudSince = 0;
      let quietSince = 0;
      const timer = setInterval(function () {
        analyser.getFloatTimeDomainData(buf);
        let sum = 0;
        for (let i = 0; i < buf.length; i++) sum += buf[i] * buf[i];
        const loud = Math.sqrt(sum / buf.length) > 0.02;
        const t = performance.now();
        if (loud) {
          quietSince = 0;
          if (!recorder) { loudSince = loudSince || t; if (t - loudSince > 120) record(); }
        } else {
          loudSince = 0;
          if (recorder) { quietSince = quietSince || t; if (t - quietSince > 900) recorder.stop(); }
        }
      }, 50);
      vad = { ctx: ctx, timer: timer };
    }
    function stopVad() {
      if (!vad) return;
      clearInterval(vad.timer);
      vad.ctx.close();
      vad = null;
    }
    return {
      kind: "server",
      listen: async function (isContinuous) {
        continuous = isContinuous;
        wanted = true;
        try { await ensureStream(); } catch (e) { wanted = false; handlers.onError("not-allowed"); return; }
        if (!wanted) return;
        if (continuous) { if (!vad) startVad(); } else if (!recorder) record();
      },
      stop: function () {
        wanted = false;
        stopVad();
        if (recorder && recorder.state !== "inactive") recorder.stop();
      },
      abort: function () {
        wanted = false;
        cut = true;
        stopVad();
        if (recorder && recorder.state !== "inactive") recorder.stop();
      },
      isListening: function () { return !!recorder || !!vad; },
    };
  }

  // ---- the debtor's voice --------------------------------------------------------------------------
  const FEMALE = /female|woman|xiaoxiao|xiaoyi|xiaohan|xiaomo|xiaorui|xiaoxuan|xiaochen|huihui|yaoyao|ting-?ting|mei-?jia|sin-?ji|hiugaai|hsiaochen|hanhan|lili|女/i;
  const MALE = /\bmale\b|\bman\b|kangkang|yunxi|yunyang|yunjian|yunze|yunhao|yunye|zhiwei|男/i;
  // How a mood sounds: an angry debtor talks faster and higher.
  const MOOD = { calm: { rate: 1.0, pitch: 1.0 }, tense: { rate: 1.1, pitch: 1.06 }, hostile: { rate: 1.22, pitch: 1.14 } };

  function chineseVoices() {
    if (!window.speechSynthesis || typeof window.speechSynthesis.getVoices !== "function") return [];
    return window.speechSynthesis.getVoices().filter(function (v) {
      return /^zh|^cmn/i.test(v.lang || "") || /chinese|普通话|中文|mandarin/i.test(v.name || "");
    });
  }

  // A zh-CN voice of the persona's gender when the system has one; ``exact`` says whether it matched.
  function pickVoice(gender) {
    const all = chineseVoices();
    const mainland = all.filter(function (v) { return /zh[-_]CN|cmn/i.test(v.lang || ""); });
    const pool = mainland.length ? mainland : all;
    if (!pool.length) return null;
    let match = null;
    if (gender === "female") match = pool.find(function (v) { return FEMALE.test(v.name); });
    else if (gender === "male") match = pool.find(function (v) { return MALE.test(v.name) && !FEMALE.test(v.name); });
    return { voice: match || pool[0], exact: !!match || gender === "any" };
  }

  // Rate and pitch for a speaker profile ({gender, age}) in a mood (calm | tense | hostile).
  function prosody(profile, mood) {
    const m = MOOD[mood] || MOOD.calm;
    let rate = m.rate;
    let pitch = m.pitch;
    const age = profile && profile.age;
    if (age && age >= 55) { rate -= 0.08; pitch -= 0.06; } else if (age && age < 30) { pitch += 0.04; }
    return { rate: rate, pitch: pitch };
  }

  function browserVoice() {
    if (!window.speechSynthesis || typeof window.SpeechSynthesisUtterance !== "function") return null;
    const synth = window.speechSynthesis;
    let finishCurrent = null;
    return {
      kind: "browser",
      hasChinese: function () { return chineseVoices().length > 0; },
      speak: function (text, profile, mood) {
        return new Promise(function (resolve) {
          const u = new window.SpeechSynthesisUtterance(text);
          u.lang = "zh-CN";
          const p = prosody(profile, mood);
          const chosen = pickVoice(profile && profile.gender);
          if (chosen) {
            u.voice = chosen.voice;
            // no voice of the right gender: shift the pitch of the one there is
            if (!chosen.exact) p.pitch *= profile.gender === "male" ? 0.78 : 1.15;
          }
          u.rate = clamp(p.rate, 0.5, 2);
          u.pitch = clamp(p.pitch, 0, 2);
          let done = false;
          // some engines never fire onend: do not let the call hang on it
          const guard = setTimeout(finish, 3000 + text.length * 400);
          function finish() {
            if (done) return;
            done = true;
            clearTimeout(guard);
            finishCurrent = null;
            resolve();
          }
          u.onend = finish;
          u.onerror = finish;
          finishCurrent = finish;
          synth.speak(u);
        });
      },
      cancel: function () { synth.cancel(); if (finishCurrent) finishCurrent(); },
      pause: function () { synth.pause(); },
      resume: function () { synth.resume(); },
    };
  }

  // The server speaks (OpenAI-compatible /v1/audio/speech through /api/speech/speak).
  function serverVoice(fetchAudio) {
    let audio = null;
    let finishCurrent = null;
    return {
      kind: "server",
      hasChinese: function () { return true; },
      speak: async function (text, profile, mood) {
        const blob = await fetchAudio(text, (profile && profile.gender) || "any", mood);
        return new Promise(function (resolve) {
          const url = URL.createObjectURL(blob);
          const player = new Audio(url);
          audio = player;
          function finish() {
            if (finishCurrent !== finish) return;
            finishCurrent = null;
            audio = null;
            URL.revokeObjectURL(url);
            resolve();
          }
          finishCurrent = finish;
          player.onended = finish;
          player.onerror = finish;
          player.play().catch(finish);
        });
      },
      cancel: function () { if (audio) audio.pause(); if (finishCurrent) finishCurrent(); },
      pause: function () { if (audio) audio.pause(); },
      resume: function () { if (audio) audio.play().catch(function () { /* autoplay refused */ }); },
    };
  }

  // ---- line tones ----------------------------------------------------------------------------------
  // Mainland ringback is 450 Hz, 1 s on and 4 s off; busy is 450 Hz, 0.35 s on and off.
  function tones() {
    let ctx = null;
    let stopCurrent = null;
    function context() {
      if (!ctx) {
        const AC = window.AudioContext || window.webkitAudioContext;
        if (AC) { try { ctx = new AC(); } catch (e) { ctx = null; } }
      }
      return ctx;
    }
    function play(pattern, repeat) {
      const c = context();
      if (!c) return;
      stop();
      const osc = c.createOscillator();
      const gain = c.createGain();
      osc.frequency.value = 450;
      gain.gain.value = 0;
      osc.connect(gain);
      gain.connect(c.destination);
      const t0 = c.currentTime + 0.05;
      let t = t0;
      for (let i = 0; i < repeat; i++) {
        gain.gain.setValueAtTime(0.07, t);
        gain.gain.setValueAtTime(0, t + pattern[0]);
        t += pattern[0] + pattern[1];
      }
      osc.start(t0);
      osc.stop(t);
      stopCurrent = function () { try { osc.stop(); } catch (e) { /* already stopped */ } };
    }
    function stop() { if (stopCurrent) stopCurrent(); stopCurrent = null; }
    return {
      unlock: function () { const c = context(); if (c && c.state === "suspended") c.resume(); },
      ringback: function () { play([1, 4], 8); },
      busy: function () { play([0.35, 0.35], 4); },
      stop: stop,
    };
  }

  window.CallSpeech = {
    browserRecognizer: browserRecognizer,
    serverRecognizer: serverRecognizer,
    browserVoice: browserVoice,
    serverVoice: serverVoice,
    chineseVoices: chineseVoices,
    pickVoice: pickVoice,
    prosody: prosody,
    tones: tones,
  };
})();
