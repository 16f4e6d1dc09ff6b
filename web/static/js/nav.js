// The top bar's group menus (issue 20): opening one closes the others; a click elsewhere or Escape closes them.
const groups = Array.from(document.querySelectorAll(".nav-group"));

function closeAll(except) {
  groups.forEach((g) => { if (g !== except) g.open = false; });
}

groups.forEach((g) => {
  // on the click itself (a toggle event comes a moment later), so two menus are never open at once
  g.querySelector("summary").addEventListener("click", () => { closeAll(g); });
  g.addEventListener("toggle", () => { if (g.open) closeAll(g); });
});
document.addEventListener("click", (ev) => {
  if (!ev.target.closest || !ev.target.closest(".nav-group")) closeAll(null);
});
document.addEventListener("keydown", (ev) => { if (ev.key === "Escape") closeAll(null); });
