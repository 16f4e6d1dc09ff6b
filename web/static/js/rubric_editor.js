// Rubric editor: the weights total, live. The server enforces the same rule (weights must add up to
// exactly 100; the error names the sum); this only shows it while the trainer types.
(function () {
  "use strict";
  const box = document.getElementById("weights-total");
  const sum = document.getElementById("weights-sum");
  if (!box || !sum) return;
  const inputs = Array.from(document.querySelectorAll("#rubric-form .weight-input"));

  function update() {
    let total = 0;
    let valid = true;
    inputs.forEach(function (input) {
      const text = input.value.trim();
      const n = /^\d+$/.test(text) ? parseInt(text, 10) : NaN;
      if (Number.isNaN(n)) valid = false;
      else total += n;
      const label = input.closest("details");
      const shown = label ? label.querySelector(".dim-weight") : null;
      if (shown) shown.textContent = text;
    });
    sum.textContent = valid ? String(total) : "?";
    box.classList.toggle("off", !valid || total !== 100);
    inputs.forEach(function (input) { input.setAttribute("aria-invalid", String(!valid || total !== 100)); });
  }
  inputs.forEach(function (input) { input.addEventListener("input", update); });
  update();
})();
