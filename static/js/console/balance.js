// Airtime (for the facilitator only): messages, floor time and turns per party, sector and person,
// asked for every few seconds while the panel is open.
import { socket } from "../room/connection.js";
import { $, el, fmtClock } from "../room/dom.js";
import { gettext, interpolate, ngettext, roleLabel } from "../i18n.js";

const EVERY_MS = 5000;
const pct = (x) => `${Math.round(x * 100)}%`;

// The bar's width is set through the CSSOM: the Content-Security-Policy allows no style="" attribute.
function bar(share) {
  const fill = el("span");
  fill.style.width = `${Math.round(share * 100)}%`;
  return el("span", { class: "share-bar" }, fill);
}

function row(name, extra, r) {
  return el("tr", {}, el("th", { scope: "row" }, name, extra),
    el("td", {}, bar(r.message_share), ` ${pct(r.message_share)} (${r.messages})`),
    el("td", {}, bar(r.floor_share), ` ${pct(r.floor_share)} (${fmtClock(r.floor_seconds * 1000)})`),
    el("td", {}, String(r.turns ?? 0)));
}

function table(caption, rows) {
  return el("table", { class: "balance" }, el("caption", {}, caption),
    el("thead", {}, el("tr", {}, el("th", {}, ""), el("th", {}, gettext("Messages")), el("th", {}, gettext("Floor time")),
      el("th", {}, gettext("Turns")))),
    el("tbody", {}, ...rows));
}

function render(b) {
  const people = (n) => el("span", { class: "muted" }, ` · ${n}`);
  $("balance").replaceChildren(
    el("p", { class: "muted" }, interpolate(ngettext(
      "%(count)s message on the record, %(time)s of floor time. For facilitators only.",
      "%(count)s messages on the record, %(time)s of floor time. For facilitators only.", b.messages),
    { count: b.messages, time: fmtClock(b.floor_seconds * 1000) })),
    table(gettext("By party"), b.parties.map((p) => row(p.party, people(p.people), p))),
    table(gettext("By sector"), (b.sectors || []).map((s) => row(s.sector, people(s.people), s))),
    table(gettext("By person"), b.people.map((p) => row(p.name,
      p.role === "facilitator" ? el("span", { class: "badge" }, roleLabel("facilitator")) : null, p))));
}

export function mountBalance() {
  socket.addEventListener("balance", (ev) => render(ev.detail));
  const ask = () => { if ($("console-balance")?.open && !document.hidden) socket.send({ type: "balance", ref: "c:balance" }); };
  $("console-balance").addEventListener("toggle", ask);
  setInterval(ask, EVERY_MS);
}
