// Scenario picker: filter cards by stage, by archetype or by "situation" scenarios; say so when none match.
(function () {
  "use strict";
  const chips = document.querySelectorAll(".filters [data-filter]");
  const cards = document.querySelectorAll(".scenario-card");
  const noMatch = document.getElementById("no-match");

  function matches(card, f) {
    if (f === "all") return true;
    if (f === "situation") return card.dataset.situation !== "none";
    if (f.startsWith("stage:")) return card.dataset.stage === f.slice(6);
    if (f.startsWith("persona:")) return card.dataset.persona === f.slice(8) && card.dataset.situation === "none";
    return false;
  }

  function apply(f) {
    let shown = 0;
    chips.forEach(function (c) {
      const on = c.dataset.filter === f;
      c.classList.toggle("active", on);
      c.setAttribute("aria-pressed", on ? "true" : "false");
    });
    cards.forEach(function (card) {
      const show = matches(card, f);
      card.classList.toggle("hidden", !show);
      if (show) shown += 1;
    });
    if (noMatch) noMatch.classList.toggle("hidden", shown > 0);
  }

  document.querySelectorAll("[data-filter]").forEach(function (el) {
    el.addEventListener("click", function () { apply(el.dataset.filter); });
  });
})();
