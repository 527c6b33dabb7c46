// The composer: sends through the socket's outbox, gives refused text back, and says why you cannot speak.
import { config, socket } from "./connection.js";
import { $ } from "./dom.js";
import { onRecordNow, store } from "./store.js";
import { takeRefused } from "./transcript.js";

function note(text) { $("composer-note").textContent = text; }

function renderVoice({ you, muted }) {
  const silenced = Boolean(you) && muted.includes(you.key);
  $("send").disabled = silenced || config.role === "observer";
  if (config.role === "observer") note("Observers follow the room but do not speak.");
  else if (silenced) note("The facilitator has muted you. You can still read and raise your hand.");
}

export function mountComposer() {
  const body = $("body");
  $("composer").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = body.value;
    if (!text.trim()) return;
    if (text.length > config.maxChars) { note(`Messages are limited to ${config.maxChars} characters.`); return; }
    socket.say(text, onRecordNow(store.state));
    body.value = "";
    note("");
  });
  body.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); $("composer").requestSubmit(); }
  });
  socket.addEventListener("error", (ev) => {
    const e = ev.detail;
    // Refused: give the text back to its author rather than losing it.
    const refused = e.ref ? takeRefused(e.ref) : null;
    if (refused !== null) body.value = refused + (body.value ? `\n${body.value}` : "");
    note(e.message);
  });
  socket.addEventListener("final", () => { $("send").disabled = true; });
  store.subscribe(["you", "muted", "presence"], renderVoice);
}
