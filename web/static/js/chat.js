// Chat page: send a turn, stream the debtor's reply (server-sent events over fetch), end the call.
(function () {
  "use strict";
  const root = document.getElementById("practice");
  if (!root) return;
  const sessionId = root.dataset.session;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const messages = document.getElementById("messages");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const typing = document.getElementById("typing");
  const errorBox = document.getElementById("chat-error");
  const counter = document.getElementById("counter");
  const endButton = document.getElementById("end-call");
  const outcomeLabels = JSON.parse(root.dataset.outcomeLabels || "{}");
  const MAX = 2000;
  let busy = false;

  document.querySelectorAll(".meter-fill").forEach(function (el) {
    el.style.width = Math.round(parseFloat(el.dataset.value || "0") * 100) + "%";
  });

  function scrollDown() { messages.scrollTop = messages.scrollHeight; }
  scrollDown();

  function bubble(speaker, text) {
    const wrap = document.createElement("div");
    wrap.className = "msg msg-" + speaker;
    const who = document.createElement("div");
    who.className = "msg-who";
    who.textContent = speaker === "collector" ? root.dataset.labelYou : (root.dataset["label" + (speaker === "debtor" ? "Debtor" : "Third_party")] || speaker);
    const body = document.createElement("div");
    body.className = "msg-text";
    body.textContent = text;  // never innerHTML: LLM and trainee text is untrusted
    wrap.appendChild(who);
    wrap.appendChild(body);
    messages.appendChild(wrap);
    scrollDown();
    return body;
  }

  // The model did not answer in time or in character: the offline engine's line is shown, marked.
  function markOffline(wrap) {
    const marker = document.createElement("span");
    marker.className = "msg-marker";
    marker.textContent = root.dataset.labelOffline || "离线应答";
    if (root.dataset.hintOffline) marker.title = root.dataset.hintOffline;
    wrap.appendChild(marker);
  }

  // A hint after the reply (issue 21): the advice and the training material's words, as the page renders it.
  function showHint(hint) {
    const card = document.createElement("aside");
    card.className = "hint-card";
    card.dataset.kind = hint.kind;
    card.setAttribute("role", "note");
    const text = document.createElement("p");
    text.className = "hint-text";
    const title = document.createElement("strong");
    title.textContent = root.dataset.labelHint || "提示";
    text.appendChild(title);
    text.appendChild(document.createTextNode(" " + hint.text));
    const source = document.createElement("p");
    source.className = "hint-source small";
    const from = document.createElement("span");
    from.className = "muted";
    from.textContent = root.dataset.labelHintSource || "";
    source.appendChild(from);
    source.appendChild(document.createTextNode(" 「" + hint.coping + "」"));
    if (hint.coping_en) {
      const en = document.createElement("span");
      en.className = "muted";
      en.textContent = " " + hint.coping_en;
      source.appendChild(en);
    }
    card.appendChild(text);
    card.appendChild(source);
    messages.appendChild(card);
    scrollDown();
  }

  function showError(text) {
    errorBox.textContent = text;
    errorBox.classList.remove("hidden");
  }
  function clearError() { errorBox.classList.add("hidden"); errorBox.textContent = ""; }
  function setBusy(on) {
    busy = on;
    if (form) form.querySelectorAll("button, textarea").forEach(function (el) { el.disabled = on; });
    typing.classList.toggle("hidden", !on);
  }

  function setOutcome(outcome) {
    const badge = document.querySelector("#outcome-badge .badge");
    if (!badge) return;
    document.getElementById("outcome-badge").classList.toggle("hidden", outcome === "none");
    badge.className = "badge outcome-" + outcome;
    badge.textContent = outcomeLabels[outcome] || outcome;
  }

  async function endCall() {
    const res = await fetch("/api/sessions/" + sessionId + "/end", {
      method: "POST", headers: { "X-CSRF-Token": csrf }, credentials: "same-origin",
    });
    if (!res.ok) { showError(root.dataset.msgError); return; }
    window.location.reload();
  }

  const parseEvents = window.SimSSE.parseEvents;

  async function send(text) {
    clearError();
    setBusy(true);
    const mine = bubble("collector", text);
    mine.parentElement.classList.add("pending");
    let reply = null;
    let done = null;
    try {
      const res = await fetch("/api/sessions/" + sessionId + "/turns/stream", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": "text/event-stream" },
        credentials: "same-origin",
        body: JSON.stringify({ text: text }),
      });
      if (!res.ok) {
        let detail = root.dataset.msgError;
        try { detail = (await res.json()).detail || detail; } catch (e) { /* not JSON */ }
        mine.parentElement.remove();
        input.value = text;
        showError(detail);
        return;
      }
      input.value = "";
      updateCounter();
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const step = await reader.read();
        if (step.done) break;
        buffer = parseEvents(buffer + decoder.decode(step.value, { stream: true }), function (event, data) {
          if (event === "collector") mine.parentElement.classList.remove("pending");
          else if (event === "token") {
            if (!reply) { typing.classList.add("hidden"); reply = bubble(data.speaker || "debtor", ""); }
            reply.textContent += data.text;
            scrollDown();
          } else if (event === "reset") {
            if (reply) reply.textContent = "";  // the streamed reply is withdrawn (regenerated or replaced)
          } else if (event === "done") {
            done = data;
            if (!reply) reply = bubble(data.speaker, data.debtor);
            else if (reply.textContent !== data.debtor) reply.textContent = data.debtor;
            if (data.speaker !== "debtor") reply.parentElement.className = "msg msg-" + data.speaker;
            if (data.fallback) markOffline(reply.parentElement);
            if (data.hint) showHint(data.hint);
            setOutcome(data.outcome);
            const clock = document.querySelector("#sim-clock time");
            if (clock && data.clock) clock.textContent = data.clock;
          } else if (event === "error") {
            showError(data.detail || root.dataset.msgError);
          }
        });
      }
    } catch (e) {
      showError(root.dataset.msgError);
    } finally {
      setBusy(false);
      if (input) input.focus();
    }
    if (done && done.ended) {
      showError(root.dataset.msgHungUp);
      await endCall();
    }
  }

  function updateCounter() {
    if (counter) counter.textContent = input.value.length + "/" + MAX;
  }

  if (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (busy) return;
      const text = input.value.trim();
      if (!text) { showError(root.dataset.msgEmpty); return; }
      if (text.length > MAX) { showError(root.dataset.msgTooLong); return; }
      send(text);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        form.requestSubmit();
      }
    });
    input.addEventListener("input", updateCounter);
    input.focus();
  }
  if (endButton) {
    endButton.addEventListener("click", function () {
      if (busy) return;
      if (window.confirm(root.dataset.msgConfirmEnd)) endCall();
    });
  }
  // 电话模式 from a chat (issue 20): ask first, end (and grade) this chat, then dial the new call.
  const switchForm = document.getElementById("switch-to-call");
  if (switchForm) {
    switchForm.addEventListener("submit", async function (ev) {
      ev.preventDefault();
      if (busy || !window.confirm(switchForm.dataset.confirm)) return;
      const res = await fetch("/api/sessions/" + sessionId + "/end", {
        method: "POST", headers: { "X-CSRF-Token": csrf }, credentials: "same-origin",
      });
      if (!res.ok) { showError(root.dataset.msgError); return; }
      switchForm.submit();
    });
  }
})();
