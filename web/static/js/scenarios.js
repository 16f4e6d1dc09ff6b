// Scenario picker: filter cards by archetype or by "situation" scenarios.
(function () {
  "use strict";
  const chips = document.querySelectorAll("[data-filter]");
  const cards = document.querySelectorAll(".scenario-card");
  chips.forEach(function (chip) {
    chip.addEventListener("click", function () {
      const f = chip.dataset.filter;
      chips.forEach(function (c) { c.classList.toggle("active", c === chip); });
      cards.forEach(function (card) {
        const show = f === "all" || (f === "situation" ? card.dataset.situation !== "none"
          : card.dataset.persona === f && card.dataset.situation === "none");
        card.classList.toggle("hidden", !show);
      });
    });
  });
})();
