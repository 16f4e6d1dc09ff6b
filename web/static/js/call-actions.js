// The call's actions that modules ask of each other (issue 19): silence arms the debtor's "喂?", the
// debtor's voice pauses listening, listening sends a turn, a turn cuts the trainee off, and the state
// machine does all of these. Each module provides its own actions here and asks for the others' through
// `act`, so the modules import only downwards (call-page → call-transcript → call-actions → call-state →
// the rest) and their import graph has no cycle. call.js imports every module before the first click,
// so every action is provided by then; an action asked for before it is provided fails loudly.
const NAMES = [
  "armSilence", "clearSilence",  // call-silence.js
  "resumeListening", "pauseListening", "setTalkMode", "cutTrainee", "cutTraineeQuietly",  // call-listen.js
  "debtorSays",  // call-voice.js
  "sendTurn",  // call-turns.js
];

export const act = Object.fromEntries(NAMES.map((name) => [name, () => {
  throw new Error("call-actions: " + name + " is not provided yet");
}]));

export function provide(actions) {
  for (const [name, fn] of Object.entries(actions)) {
    if (!(name in act)) throw new Error("call-actions: unknown action " + name);
    act[name] = fn;
  }
}
