// Exam mode (issue 21): confirm before an attempt is used, and the countdown of an exam call. When the time
// is up the call is ended (and graded) and the page reloads with the result; the server refuses any line
// sent after the deadline too, so the clock holds even with this script off.
(function () {
  "use strict";
  document.querySelectorAll("form.exam-start[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      if (!window.confirm(form.dataset.confirm)) ev.preventDefault();
    });
  });
  const timer = document.getElementById("exam-timer");
  if (!timer || !timer.querySelector("time")) return;  // no clock once the call has ended
  const deadline = Date.parse(timer.dataset.deadline);
  const out = timer.querySelector("time");
  const copies = document.querySelectorAll("[data-exam-clock]");  // beside the composer, where the trainee types
  const sessionId = timer.dataset.session;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  let ended = false;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  async function timeUp() {
    ended = true;
    timer.classList.add("up");
    out.textContent = "00:00";
    const composer = document.getElementById("composer");
    if (composer) composer.querySelectorAll("textarea, input, button").forEach(function (el) { el.disabled = true; });
    await fetch("/api/sessions/" + sessionId + "/end", {
      method: "POST", headers: { "X-CSRF-Token": csrf }, credentials: "same-origin",
    });
    window.location.reload();
  }

  function tick() {
    if (ended) return;
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    out.textContent = pad(Math.floor(left / 60)) + ":" + pad(left % 60);
    copies.forEach(function (c) { c.textContent = out.textContent; c.classList.toggle("low", left <= 60); });
    timer.classList.toggle("low", left <= 60);
    if (left <= 0 && timer.dataset.active === "yes") { timeUp(); return; }
    window.setTimeout(tick, 1000);
  }
  tick();
})();
