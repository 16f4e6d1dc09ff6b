// Rule tester ("话术检测"): posts the line to the JSON twin (POST /api/trainer/rule-test, CSRF header)
// and shows moves, pressure and each violation with its rule, basis and a better phrasing.
// In the rule-pack editor the panel has data-endpoint and data-draft-forms: the line is posted with the
// visible draft form (the editor's form or its YAML tab), so the unsaved draft's house rules are tested.
(function () {
  "use strict";
  const root = document.getElementById("rule-test");
  if (!root) return;
  const form = document.getElementById("rule-test-form");
  const input = document.getElementById("rule-test-text");
  const button = document.getElementById("rule-test-run");
  const out = document.getElementById("rule-test-result");
  const error = document.getElementById("rule-test-error");
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const L = root.dataset;
  const pressureLabels = JSON.parse(L.pressureLabels || "{}");
  const draftForms = (L.draftForms || "").split(" ").filter(Boolean);

  // Every piece of text goes in through textContent: the line and the server's answer are untrusted.
  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function showError(text) {
    error.textContent = text;
    error.classList.toggle("hidden", !text);
  }

  function render(body) {
    out.replaceChildren();
    const facts = el("dl", "facts rule-test-facts");
    facts.append(el("dt", "", L.labelPressure), el("dd", "", pressureLabels[String(body.pressure)] || body.pressure));
    const moves = el("dd", "", body.moves.length ? "" : L.labelNoMoves);
    moves.id = "rule-test-moves";
    body.moves.forEach(function (m) { moves.append(el("span", "badge move", m), " "); });
    facts.append(el("dt", "", L.labelMoves), moves);
    if (body.amounts.length) facts.append(el("dt", "", L.labelAmounts), el("dd", "", body.amounts.join("、")));
    if (body.dates.length) facts.append(el("dt", "", L.labelDates), el("dd", "", body.dates.join("、")));
    facts.append(el("dt", "", L.labelRulePack), el("dd", "muted", body.rule_pack));
    out.append(facts);

    out.append(el("h3", "", L.labelViolations));
    if (!body.violations.length) {
      const none = el("p", "ok", L.labelNoViolations);
      none.id = "rule-test-clean";
      out.append(none);
      return;
    }
    const list = el("ul", "violations");
    list.id = "rule-test-violations";
    body.violations.forEach(function (v) {
      const item = el("li", "violation");
      item.dataset.rule = v.rule;
      item.dataset.source = v.source || "built_in";
      const head = el("div");
      head.append(el("span", "badge sev-" + v.severity, v.category_name), " ",
                  el("span", "badge source-" + item.dataset.source, v.source === "house" ? L.labelHouse : L.labelBuiltin),
                  " ", el("span", "muted", L.labelRule + " " + v.rule));
      if (!v.known_rule) head.append(" ", el("span", "muted small", L.labelUnknownRule));
      item.append(head, el("div", "quote", "“" + v.quote + "”"));
      if (v.pattern) {
        item.append(el("div", "muted small match-why", L.labelMatched + " " + L.labelPattern + " “" + v.pattern + "”"
                       + " [" + v.start + "–" + v.end + "]"));
      }
      if (v.counted === false) item.append(el("div", "muted small", L.labelNotCounted));
      item.append(el("div", "", v.description), el("div", "better", L.labelSayInstead + " " + v.suggestion));
      if (v.basis.length) item.append(el("div", "muted small", L.labelBasis + " " + v.basis.join(";")));
      list.append(item);
    });
    out.append(list);
  }

  // The draft form the author is looking at (the form tab or the YAML tab), or none on 「话术检测」.
  function visibleDraft() {
    for (const id of draftForms) {
      const f = document.getElementById(id);
      if (f && f.offsetParent !== null) return f;
    }
    return draftForms.length ? document.getElementById(draftForms[0]) : null;
  }

  function request() {
    const draft = visibleDraft();
    if (!draft || !L.endpoint) {
      return fetch("/api/trainer/rule-test", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify({ text: input.value }),
      });
    }
    const params = new URLSearchParams(new FormData(draft));
    params.delete("action");
    params.set("text", input.value);
    return fetch(L.endpoint, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": csrf },
      body: params.toString(),
    });
  }

  // A 422 from the draft is a list of problems ({field, line, message}); other errors are one string.
  function detailText(detail) {
    if (!Array.isArray(detail)) return detail;
    return L.labelDraftProblems + " " + detail.map(function (p) {
      return (p.field || "") + (p.line ? " (" + p.line + ")" : "") + ": " + (p.message || p.msg || "");
    }).join(";");
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    showError("");
    button.disabled = true;
    try {
      const res = await request();
      const body = await res.json();
      if (!res.ok) showError(detailText(body.detail) || L.msgError);
      else render(body);
    } catch (e) {
      showError(L.msgError);
    } finally {
      button.disabled = false;
    }
  });
})();
