// Admin LLM page: "test connection" calls the JSON twin (POST /api/admin/llm/check, CSRF header).
(function () {
  "use strict";
  const root = document.getElementById("llm-admin");
  if (!root) return;
  const button = document.getElementById("llm-check");
  const out = document.getElementById("llm-check-result");
  const csrf = document.querySelector('meta[name="csrf-token"]').content;

  function show(text, ok) {
    out.textContent = text;  // never innerHTML: server error text is untrusted
    out.classList.toggle("ok", ok === true);
    out.classList.toggle("bad", ok === false);
  }

  button.addEventListener("click", async function () {
    button.disabled = true;
    show(root.dataset.msgTesting, null);
    try {
      const res = await fetch("/api/admin/llm/check", {
        method: "POST", headers: { "X-CSRF-Token": csrf }, credentials: "same-origin",
      });
      const body = await res.json();
      if (!res.ok) show(root.dataset.msgFailed + (body.detail || res.status), false);
      else if (body.ok) show(root.dataset.msgOk + " " + body.latency_ms + " " + root.dataset.msgMs + " (" + body.model + ")", true);
      else show(root.dataset.msgFailed + (body.error || body.reason), false);
    } catch (e) {
      show(root.dataset.msgFailed + e, false);
    } finally {
      button.disabled = false;
    }
  });
})();
