// The speaking balance (for the facilitator only): asked for every few seconds while it is open.
import { socket } from "../room/connection.js";
import { $, el, fmtClock } from "../room/dom.js";

const EVERY_MS = 5000;
const pct = (x) => `${Math.round(x * 100)}%`;
const bar = (share) => el("span", { class: "share-bar" }, el("span", { style: `width:${Math.round(share * 100)}%` }));

function row(name, extra, r) {
  return el("tr", {}, el("th", { scope: "row" }, name, extra),
    el("td", {}, bar(r.message_share), ` ${pct(r.message_share)} (${r.messages})`),
    el("td", {}, bar(r.floor_share), ` ${pct(r.floor_share)} (${fmtClock(r.floor_seconds * 1000)})`));
}

function table(caption, rows) {
  return el("table", { class: "balance" }, el("caption", {}, caption),
    el("thead", {}, el("tr", {}, el("th", {}, ""), el("th", {}, "Messages"), el("th", {}, "Floor time"))),
    el("tbody", {}, ...rows));
}

function render(b) {
  $("balance").replaceChildren(
    el("p", { class: "muted" }, `${b.messages} message${b.messages === 1 ? "" : "s"} on the record, ${fmtClock(b.floor_seconds * 1000)} of floor time. For you only.`),
    table("By party", b.parties.map((p) => row(p.party, el("span", { class: "muted" }, ` · ${p.people}`), p))),
    table("By person", b.people.map((p) => row(p.name, p.role === "facilitator" ? el("span", { class: "badge" }, "facilitator") : null, p))));
}

export function mountBalance() {
  socket.addEventListener("balance", (ev) => render(ev.detail));
  const ask = () => { if ($("console-balance").open && !document.hidden) socket.send({ type: "balance", ref: "c:balance" }); };
  $("console-balance").addEventListener("toggle", ask);
  setInterval(ask, EVERY_MS);
}
