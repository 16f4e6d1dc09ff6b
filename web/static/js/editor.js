// Authoring editors (persona editor, scenario builder): tab switching between the form and the raw YAML,
// add / remove / reorder of table rows and utterance-bank lines, the YAML error line selected, and a
// confirmation before discarding a draft. The forms work without this script (plain POSTs): a blank row
// or line is how one is added, clearing it is how one is removed.
(function () {
  "use strict";
  const editor = document.getElementById("editor");
  if (!editor) return;
  const L = document.documentElement.lang === "en"
    ? { up: "Move up", down: "Move down", remove: "Remove", addRow: "+ Add a row", addLine: "+ Add a line" }
    : { up: "上移", down: "下移", remove: "删除", addRow: "+ 添加一行", addLine: "+ 添加一句" };

  function button(text, title, cls) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "small tool " + (cls || "");
    b.textContent = text;
    b.title = title;
    b.setAttribute("aria-label", title);
    return b;
  }

  // -- tabs: the form and the YAML edit the same draft; the server says which one to show first ------
  const tabs = Array.from(editor.querySelectorAll(".editor-tabs [data-tab]"));
  const panels = Array.from(editor.querySelectorAll(".tab-panel"));
  function show(name) {
    if (!tabs.length) return;
    tabs.forEach(function (t) { t.classList.toggle("active", t.dataset.tab === name); t.setAttribute("aria-selected", t.dataset.tab === name); });
    panels.forEach(function (p) { p.classList.toggle("hidden", p.dataset.panel !== name); });
  }
  tabs.forEach(function (t) {
    t.addEventListener("click", function (e) { e.preventDefault(); show(t.dataset.tab); history.replaceState(null, "", "#" + t.dataset.tab); });
  });
  const fromHash = location.hash.replace("#", "");
  show(editor.dataset.tab === "yaml" || fromHash === "yaml" ? "yaml" : "form");

  // -- table rows (reactions, contact history, objectives) ------------------------------------------
  function renumber(tbody) {
    Array.from(tbody.querySelectorAll("tr[data-row]")).forEach(function (tr, i) {
      const no = tr.querySelector(".row-no");
      if (no) no.textContent = String(i + 1);
    });
  }
  function rowTools(tr, tbody) {
    const cell = tr.querySelector(".row-tools");
    if (!cell || cell.childElementCount) return;
    const up = button("↑", L.up), down = button("↓", L.down), del = button("×", L.remove, "danger");
    up.addEventListener("click", function () { const prev = tr.previousElementSibling; if (prev) { tbody.insertBefore(tr, prev); renumber(tbody); } });
    down.addEventListener("click", function () { const next = tr.nextElementSibling; if (next) { tbody.insertBefore(next, tr); renumber(tbody); } });
    del.addEventListener("click", function () { tr.remove(); renumber(tbody); });
    cell.append(up, down, del);
  }
  document.querySelectorAll("table[data-rows]").forEach(function (table) {
    const tbody = table.tBodies[0];
    const blank = tbody.querySelector("tr.blank-row");
    if (!blank) return;
    const template = blank.cloneNode(true);
    blank.remove();
    tbody.querySelectorAll("tr.row-errors").forEach(function (tr) { tr.dataset.keep = "1"; });
    tbody.querySelectorAll("tr[data-row]").forEach(function (tr) { rowTools(tr, tbody); });
    const add = button(L.addRow, L.addRow, "add-row");
    add.addEventListener("click", function () {
      const tr = template.cloneNode(true);
      tr.classList.remove("blank-row", "row-invalid");
      tbody.append(tr);
      rowTools(tr, tbody);
      renumber(tbody);
      const first = tr.querySelector("input");
      if (first) first.focus();
    });
    table.insertAdjacentElement("afterend", add);
  });

  // -- utterance bank lines -------------------------------------------------------------------------
  function lineTools(li, ol) {
    if (li.querySelector(".tool")) return;
    const up = button("↑", L.up), down = button("↓", L.down), del = button("×", L.remove, "danger");
    up.addEventListener("click", function () { const prev = li.previousElementSibling; if (prev) ol.insertBefore(li, prev); });
    down.addEventListener("click", function () { const next = li.nextElementSibling; if (next) ol.insertBefore(next, li); });
    del.addEventListener("click", function () { li.remove(); });
    li.append(up, down, del);
  }
  document.querySelectorAll("ol.bank-lines").forEach(function (ol) {
    const blank = ol.querySelector("li.blank-line");
    const template = blank ? blank.cloneNode(true) : null;
    if (blank) blank.remove();
    ol.querySelectorAll("li").forEach(function (li) { lineTools(li, ol); });
    if (!template) return;
    const add = button(L.addLine, L.addLine, "add-line");
    add.addEventListener("click", function () {
      const li = template.cloneNode(true);
      li.classList.remove("blank-line");
      ol.append(li);
      lineTools(li, ol);
      li.querySelector("input").focus();
    });
    ol.insertAdjacentElement("afterend", add);
  });

  // -- the YAML line a problem is on: select it in the editor ------------------------------------------
  const body = document.getElementById("yaml-body");
  if (body && body.dataset.errorLine) {
    const n = parseInt(body.dataset.errorLine, 10);
    const lines = body.value.split("\n");
    let start = 0;
    for (let i = 0; i < n - 1 && i < lines.length; i++) start += lines[i].length + 1;
    const end = start + (lines[n - 1] || "").length;
    body.addEventListener("focus", function once() {
      body.removeEventListener("focus", once);
      body.setSelectionRange(start, end);
    });
    body.scrollTop = Math.max(0, (n - 5)) * (body.scrollHeight / Math.max(lines.length, 1));
    body.classList.add("has-error");
  }

  // -- confirmations -----------------------------------------------------------------------------------
  document.querySelectorAll("button[data-confirm]").forEach(function (b) {
    b.addEventListener("click", function (e) { if (!window.confirm(b.dataset.confirm)) e.preventDefault(); });
  });
})();
