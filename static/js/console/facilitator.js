// The facilitator's console card: agenda, capture, speaking balance, splitting into breakouts, and the
// console's status line for the answers to all of them.
import { socket } from "../room/connection.js";
import { $ } from "../room/dom.js";
import { mountAgenda } from "./agenda.js";
import { mountBalance } from "./balance.js";
import { mountCapture } from "./capture.js";
import { note } from "./note.js";
import { gettext, interpolate, ngettext } from "../i18n.js";

function mountSplit() {
  $("split-form")?.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const mode = document.querySelector("input[name=split-mode]:checked").value;
    const minutes = Number($("split-minutes").value) || null;
    socket.send({ type: "breakout_split", rooms: Number($("split-rooms").value), mode, minutes,
      title: $("split-title").value, ref: "c:split" });
  });
}

export function mountFacilitator() {
  mountAgenda();
  mountCapture();
  mountBalance();
  mountSplit();
  socket.addEventListener("done", (ev) => {
    const d = ev.detail;
    if (d.action === "breakout_split") note(interpolate(ngettext("Opened %(count)s breakout room.", "Opened %(count)s breakout rooms.", d.rooms.length),
      { count: d.rooms.length }), "ok");
    else if (d.action === "statement_propose") note(gettext("Statement put up for a vote."), "ok");
  });
  socket.addEventListener("error", (ev) => {
    if (typeof ev.detail.ref === "string" && ev.detail.ref.startsWith("c:")) note(ev.detail.message, "warn");
  });
}
