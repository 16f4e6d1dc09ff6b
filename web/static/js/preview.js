// Persona preview chat: talk to the draft (saved or not) with the offline engine (or the configured LLM).
// Stateless on the server: every send posts the editor's current form (or YAML), the context, the seed and
// all collector lines so far; the server replays the conversation and answers with every turn and the
// engine state. Changing the context or seed, or pressing reset, starts the conversation again.
(function () {
  "use strict";
  const root = document.getElementById("preview");
  if (!root) return;
  const L = root.dataset;
  const log = document.getElementById("preview-log");
  const stateBox = document.getElementById("preview-state");
  const error = document.getElementById("preview-error");
  const problemsBox = document.getElementById("preview-problems");
  const basedOn = document.getElementById("preview-based-on");
  const input = document.getElementById("preview-line");
  const send = document.getElementById("preview-send");
  const contextSel = document.getElementById("preview-context");
  const seedInput = document.getElementById("preview-seed");
  const moods = JSON.parse(L.moods || "{}");
  const outcomes = JSON.parse(L.outcomes || "{}");
  let lines = [];

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // The draft as the editor currently holds it: the visible tab's form (form fields or the YAML text).
  function draftForm() {
    const yamlPanel = document.querySelector('.tab-panel[data-panel="yaml"]');
    const useYaml = yamlPanel && !yamlPanel.classList.contains("hidden");
    const form = document.getElementById(useYaml ? "yaml-form" : "persona-form");
    return new FormData(form);
  }

  function showError(text, problems) {
    error.textContent = text || "";
    error.classList.toggle("hidden", !text);
    problemsBox.replaceChildren();
    (problems || []).forEach(function (p) {
      problemsBox.append(el("li", "field-error", p.field + (p.line ? " · " + p.line : "") + ": " + p.message));
    });
    problemsBox.classList.toggle("hidden", !(problems && problems.length));
  }

  function meter(name, value) {
    const row = el("div", "meter");
    const track = el("div", "meter-track");
    const bar = el("span", "meter-fill meter-" + name);
    bar.style.width = Math.round(value * 100) + "%";
    track.append(bar);
    row.append(el("span", "", L["label" + name.charAt(0).toUpperCase() + name.slice(1)]), track,
               el("span", "num", value.toFixed(2)));
    return row;
  }

  function renderState(body) {
    stateBox.replaceChildren();
    const last = body.turns.length ? body.turns[body.turns.length - 1] : body.opening;
    const s = last.state;
    stateBox.append(meter("anger", s.anger), meter("trust", s.trust), meter("willingness", s.willingness));
    const facts = el("dl", "facts");
    facts.append(el("dt", "", L.labelMood), el("dd", "mood-" + last.mood, moods[last.mood] || last.mood));
    const names = body.names || {};
    const nameOf = function (id) {
      return (names.move || {})[id] || (names.cat || {})[id] || (names.meter || {})[id] || id;
    };
    facts.append(el("dt", "", L.labelIntent), el("dd", "", (names.intent || {})[last.intent] || last.intent));
    if (last.collector !== null) {
      facts.append(el("dt", "", L.labelMoves), el("dd", "", (last.moves || []).concat(last.violations || []).map(nameOf).join("、") || "—"));
      const fired = el("dd", "fired");
      fired.id = "preview-fired";
      if (!last.fired.length) fired.textContent = L.labelNone;
      last.fired.forEach(function (r) {
        const d = Object.keys(r.delta).map(function (k) { return nameOf(k) + (r.delta[k] >= 0 ? "+" : "") + r.delta[k]; }).join(" ");
        const item = el("div", "", nameOf(r.on) + " · " + d);
        if (r.note) item.append(el("span", "muted small", " " + r.note));
        fired.append(item);
      });
      facts.append(el("dt", "", L.labelFired), fired);
    }
    const outcome = el("dd", "", outcomes[body.outcome] || body.outcome);
    outcome.dataset.outcome = body.outcome;
    outcome.id = "preview-outcome";
    facts.append(el("dt", "", L.labelOutcome), outcome);
    if (body.agreement) facts.append(el("dt", "", L.labelAgreement), el("dd", "", body.agreement.amount + " · " + body.agreement.date));
    stateBox.append(facts);
  }

  function render(body) {
    log.replaceChildren();
    const o = el("li", "msg msg-debtor", body.opening.text);
    log.append(o);
    body.turns.forEach(function (t) {
      log.append(el("li", "msg msg-collector", t.collector));
      const reply = el("li", "msg msg-debtor", t.text);
      reply.dataset.intent = t.intent;
      if (t.fallback) reply.append(el("span", "badge fallback", L.labelFallback));
      log.append(reply);
    });
    if (body.ended) log.append(el("li", "muted small", L.labelEnded));
    basedOn.textContent = L.labelContext + " " + body.context.based_on + " · " + body.context.stage + " · " + (body.provider === "offline" ? L.labelOffline : body.provider);
    renderState(body);
    log.scrollTop = log.scrollHeight;
    send.disabled = body.ended;
  }

  async function run(newLine) {
    showError("");
    const form = draftForm();
    form.set("preview_context", contextSel.value);
    form.set("preview_seed", seedInput.value || "0");
    const all = newLine ? lines.concat([newLine]) : lines.slice();
    all.forEach(function (line) { form.append("preview_line", line); });
    send.disabled = true;
    try {
      const res = await fetch(root.dataset.url, { method: "POST", body: form, credentials: "same-origin",
                                                  headers: { "Accept": "application/json" } });
      const body = await res.json();
      if (!res.ok) { showError(body.detail || L.msgError, body.problems); send.disabled = false; return false; }
      lines = all;
      render(body);
      return true;
    } catch (e) {
      showError(L.msgError);
      send.disabled = false;
      return false;
    }
  }

  document.getElementById("preview-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    if (await run(text)) input.value = "";
    if (!send.disabled) input.focus();
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); document.getElementById("preview-form").requestSubmit(); }
  });
  function restart() { lines = []; run(""); }
  document.getElementById("preview-reset").addEventListener("click", restart);
  contextSel.addEventListener("change", restart);
  seedInput.addEventListener("change", restart);
  restart();
})();
