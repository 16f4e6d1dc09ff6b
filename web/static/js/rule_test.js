// Rule tester ("话术检测"): posts the line to the JSON twin (POST /api/trainer/rule-test, CSRF header)
// and shows moves, pressure and each violation with its rule, basis and a better phrasing.
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
      const head = el("div");
      head.append(el("span", "badge sev-" + v.severity, v.category_name), " ",
                  el("span", "muted", L.labelRule + " " + v.rule));
      if (!v.known_rule) head.append(" ", el("span", "muted small", L.labelUnknownRule));
      item.append(head, el("div", "quote", "“" + v.quote + "”"), el("div", "", v.description),
                  el("div", "better", L.labelSayInstead + ":" + v.suggestion));
      if (v.basis.length) item.append(el("div", "muted small", L.labelBasis + ":" + v.basis.join(";")));
      list.append(item);
    });
    out.append(list);
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    showError("");
    button.disabled = true;
    try {
      const res = await fetch("/api/trainer/rule-test", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify({ text: input.value }),
      });
      const body = await res.json();
      if (!res.ok) showError(body.detail || L.msgError);
      else render(body);
    } catch (e) {
      showError(L.msgError);
    } finally {
      button.disabled = false;
    }
  });
})();
