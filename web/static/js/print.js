// Print button on the debrief (no inline handlers: the CSP forbids them).
(function () {
  "use strict";
  const button = document.getElementById("print-debrief");
  if (button) button.addEventListener("click", function () { window.print(); });
})();
