// Silence on the line (issue 7): after the page's silence time with nobody talking, the debtor checks
// the line ("喂?还在吗?") through POST /api/sessions/{id}/silence — or, the third time, hangs up.
import { root, sessionId, now, postJSON } from "./call-page.js";
import { call, callMs } from "./call-state.js";
import { bubble } from "./call-transcript.js";
import { act, provide } from "./call-actions.js";

function silenceMs() { return parseInt(root.dataset.silenceMs || "8000", 10) || 8000; }

export function clearSilence() { clearTimeout(call.silenceTimer); call.silenceTimer = null; }

export function armSilence() {
  clearSilence();
  if (call.state === "live") call.silenceTimer = setTimeout(onSilence, silenceMs());
}

async function onSilence() {
  call.silenceTimer = null;
  if (call.state !== "live") return;
  if (call.busy || call.speaking || call.pttHeld || call.turnStart !== null || call.phrases.length) { armSilence(); return; }
  call.busy = true;
  let data = null;
  try {
    const res = await postJSON("/api/sessions/" + sessionId + "/silence",
      { waited_ms: Math.round(now() - call.lastDebtorEnd), call_ms: callMs(now()) });
    if (res.ok) data = await res.json();
  } catch (e) { data = null; } finally { call.busy = false; }
  if (!data || call.state === "ended") { armSilence(); return; }
  bubble(data.speaker, data.debtor, { ms: callMs(now()), silence: true });
  await act.debtorSays(data, true);
}

provide({ armSilence, clearSilence });
