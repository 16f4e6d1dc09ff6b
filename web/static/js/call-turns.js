// The trainee's turns on the call (issue 7): sent through the same streaming endpoint as the chat page
// (server-sent events over fetch) with the browser's timing; the reply streams into the transcript.
import { S, MAX, sessionId, now, clearError, showError, postJSON, errorDetail, $ } from "./call-page.js";
import { call, callMs } from "./call-state.js";
import { bubble, textOf, marker } from "./call-transcript.js";
import { act, provide } from "./call-actions.js";

export async function sendTurn(raw, mode) {
  const text = (raw || "").trim();
  if (call.state !== "live") return false;
  if (!text) { showError(S.error_empty); return false; }
  if (text.length > MAX) { showError(S.error_too_long); return false; }
  if (call.busy) return false;
  clearError();
  const t = now();
  const start = call.turnStart !== null ? call.turnStart : t;
  const body = {
    text: text, input_mode: mode, call_ms: callMs(start), duration_ms: Math.max(0, Math.round(t - start)),
    response_latency_ms: Math.max(0, Math.round(start - call.lastDebtorEnd)),
  };
  call.turnStart = null;
  call.busy = true;
  act.clearSilence();
  const mine = bubble("collector", text, { ms: body.call_ms, via: mode });
  mine.classList.add("pending");
  let reply = null;
  let done = null;
  let provoked = false;
  try {
    const res = await postJSON("/api/sessions/" + sessionId + "/turns/stream", body, "text/event-stream");
    if (!res.ok) {
      const detail = await errorDetail(res);
      mine.remove();
      if (mode === "typed") $("call-input").value = text;
      showError(detail);
      return false;
    }
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const step = await reader.read();
      if (step.done) break;
      buffer = window.SimSSE.parseEvents(buffer + decoder.decode(step.value, { stream: true }), (event, data) => {
        if (event === "collector") {
          mine.classList.remove("pending");
          mine.dataset.turn = data.turn;
          if (data.interrupt) { provoked = true; act.cutTrainee(mine); }
        } else if (event === "token") {
          if (!reply) reply = bubble(data.speaker || "debtor", "", { ms: callMs(now()) });
          textOf(reply).textContent += data.text;
        } else if (event === "reset") {
          if (reply) textOf(reply).textContent = "";
        } else if (event === "done") {
          done = data;
          if (!reply) reply = bubble(data.speaker, data.debtor, { ms: callMs(now()) });
          textOf(reply).textContent = data.debtor;
          reply.dataset.turn = data.turn;
          if (data.fallback) marker(reply, S.offline_reply, "", S.offline_reply_hint);
        } else if (event === "error") {
          showError(data.detail || S.error_generic);
        }
      });
    }
  } catch (e) {
    showError(S.error_generic);
  } finally {
    call.busy = false;
  }
  if (!done) { act.armSilence(); return false; }
  act.debtorSays(done, provoked || !!done.interrupt);
  return true;
}

provide({ sendTurn });
