// The composer: sends through the socket's outbox, gives refused text back, and says why you cannot speak.
import { gettext, interpolate } from "../i18n.js";
import { config, socket } from "./connection.js";
import { $ } from "./dom.js";
import { onRecordNow, store } from "./store.js";
import { takeRefused } from "./transcript.js";

function note(text) { $("composer-note").textContent = text; }

function renderVoice({ you, muted }) {
  const silenced = Boolean(you) && muted.includes(you.key);
  $("send").disabled = silenced || config.role === "observer" || config.role === "interpreter";
  if (config.role === "observer") note(gettext("Observers follow the room but do not speak."));
  else if (config.role === "interpreter") note(gettext("Interpreters render messages (Render, under each message); they do not post in the room."));
  else if (silenced) note(gettext("The facilitator has muted you. You can still read and raise your hand."));
}

export function mountComposer() {
  const body = $("body");
  $("composer").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = body.value;
    if (!text.trim()) return;
    if (text.length > config.maxChars) { note(interpolate(gettext("Messages are limited to %(count)s characters."), { count: config.maxChars })); return; }
    socket.say(text, onRecordNow(store.state));
    body.value = "";
    note("");
    body.focus(); // sent with the Send button too: the next message is typed where the last one was
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
