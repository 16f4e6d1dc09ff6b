// The phone-call page (issue 7): its elements, strings and the small helpers every call-*.js module uses.
export const root = document.getElementById("call");
export const S = root ? JSON.parse(root.dataset.strings || "{}") : {};
export const VOICES = root ? JSON.parse(root.dataset.voices || "{}") : {};
export const sessionId = root ? root.dataset.session : "";
const meta = document.querySelector('meta[name="csrf-token"]');
export const csrf = meta ? meta.content : "";
export const $ = (id) => document.getElementById(id);
export const MAX = root ? parseInt(root.dataset.maxChars || "2000", 10) : 2000;

export function now() { return performance.now(); }
export function sleep(ms) { return new Promise((r) => { setTimeout(r, ms); }); }
export function clockText(ms) {
  const s = Math.floor(ms / 1000);
  return String(Math.floor(s / 60)).padStart(2, "0") + ":" + String(s % 60).padStart(2, "0");
}

export function note(key) {
  const notes = $("speech-notes");
  if (notes.querySelector('[data-key="' + key + '"]')) return;
  const li = document.createElement("li");
  li.dataset.key = key;
  li.textContent = S[key] || key;
  notes.appendChild(li);
}
export function dropNote(key) {
  const li = $("speech-notes").querySelector('[data-key="' + key + '"]');
  if (li) li.remove();
}
export function showError(text) { const box = $("call-error"); box.textContent = text; box.classList.remove("hidden"); }
export function clearError() { const box = $("call-error"); box.classList.add("hidden"); box.textContent = ""; }

export function postJSON(url, body, accept) {
  return fetch(url, {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": accept || "application/json" },
    body: JSON.stringify(body),
  });
}
// The detail of a 4xx/5xx answer, else the generic message.
export async function errorDetail(res) {
  try { return (await res.json()).detail || S.error_generic; } catch (e) { return S.error_generic; }
}
