// The transcript: stored and relayed messages, your own pending ones (from the outbox), removals,
// and the withdraw / retract buttons.
import { config, socket } from "./connection.js";
import { $, el, fmtTime } from "./dom.js";
import { decorate } from "./interpretation.js";
import { store } from "./store.js";
import { gettext, roleLabel } from "../i18n.js";

const byClientId = new Map(); // client_id -> the <li> shown for it
let lastStored = null; // the <li> of the highest seq shown

// Every page shows the room in the server's order (seq), as the summary and the other pages do. Your own
// message waits at the bottom while pending; when it comes back stored, others' messages may have come
// in below it (sent at the same moment, or caught up after typing offline) and it moves after them.
function placeStored(node, seq, pending) {
  const transcript = $("transcript");
  const highest = lastStored ? Number(lastStored.dataset.seq) : 0;
  if (seq < highest) { // overtaken by a later one (rare): before the first stored message after it
    const later = [...transcript.querySelectorAll("li.msg[data-seq]")].find((li) => Number(li.dataset.seq) > seq);
    pending?.remove();
    later.before(node);
    return;
  }
  const overtaken = pending && lastStored
    && pending.compareDocumentPosition(lastStored) & Node.DOCUMENT_POSITION_FOLLOWING;
  if (pending && !overtaken) pending.replaceWith(node);
  else { pending?.remove(); append(node); }
  lastStored = node;
}

function messageNode(m, { pending = false } = {}) {
  const { you } = store.state;
  const mine = you && m.author && m.author.key === you.key;
  const li = el("li", { class: ["msg", mine && "mine", pending && "pending", m.on_record === false && "off"] });
  li.dataset.clientId = m.client_id;
  if (m.seq) li.dataset.seq = m.seq;
  const meta = el("div", { class: "meta" },
    el("span", { class: "who" }, m.author ? m.author.name : (you ? you.name : gettext("You"))),
    m.author && m.author.role === "facilitator" ? el("span", { class: "badge" }, roleLabel("facilitator")) : null,
    el("time", { datetime: m.ts || null }, fmtTime(m.ts || new Date().toISOString())),
    m.on_record === false ? el("span", { class: "badge off" }, gettext("off the record")) : null,
    pending ? el("span", { class: "sending" }, gettext("sending…")) : null,
  );
  if (m.seq && config.role === "facilitator") {
    meta.append(el("button", { type: "button", class: "link", "data-withdraw": m.seq }, gettext("Withdraw")));
  } else if (m.seq && mine && Date.now() - Date.parse(m.ts) < config.retractSeconds * 1000) {
    meta.append(el("button", { type: "button", class: "link", "data-retract": m.seq }, gettext("Retract")));
  }
  li.append(meta, el("div", { class: "body" }, m.body));
  decorate(li, m); // the language it is in, and an interpreter's rendering for this reader
  return li;
}

function append(node) {
  const transcript = $("transcript");
  const nearBottom = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 80;
  transcript.append(node);
  if (nearBottom) transcript.scrollTop = transcript.scrollHeight;
}

// A message the server refused: take it out of the transcript and return its text (null if not pending).
export function takeRefused(clientId) {
  const pending = byClientId.get(clientId);
  if (!pending || !pending.classList.contains("pending")) return null;
  pending.remove();
  return pending.querySelector(".body").textContent;
}

export function mountTranscript() {
  const transcript = $("transcript");
  // Messages that were still in the outbox when the page loaded.
  for (const entry of socket.outbox) {
    const node = messageNode({ ...entry, author: null }, { pending: true });
    byClientId.set(entry.client_id, node);
    transcript.append(node);
  }
  socket.addEventListener("pending", (ev) => {
    const node = messageNode({ ...ev.detail, author: store.state.you }, { pending: true });
    byClientId.set(ev.detail.client_id, node);
    append(node);
  });
  socket.addEventListener("message", (ev) => {
    const m = ev.detail;
    const node = messageNode(m);
    const pending = byClientId.get(m.client_id);
    const waiting = pending && pending.classList.contains("pending") ? pending : null;
    if (m.seq) placeStored(node, m.seq, waiting);
    else if (waiting) waiting.replaceWith(node);
    else if (pending) return; // an off-record resend we already show
    else append(node);
    byClientId.set(m.client_id, node);
  });
  socket.addEventListener("message_removed", (ev) => {
    const node = transcript.querySelector(`li[data-seq="${ev.detail.seq}"]`);
    if (!node) return;
    node.classList.add("removed");
    node.querySelector(".body").textContent = ev.detail.removal === "retracted"
      ? gettext("Retracted by its author.") : gettext("Withdrawn by the facilitator.");
    node.querySelectorAll("button").forEach((b) => b.remove());
  });
  socket.addEventListener("record", (ev) => {
    append(el("li", { class: "system" }, ev.detail.on_record ? gettext("The room is back on the record.") : gettext("The room is now off the record.")));
  });
  transcript.addEventListener("click", (ev) => {
    const t = ev.target;
    if (t.dataset.withdraw && confirm(gettext("Withdraw this message for everyone? It will not appear in any summary."))) {
      socket.send({ type: "withdraw", seq: Number(t.dataset.withdraw) });
    } else if (t.dataset.retract && confirm(gettext("Retract your message? It disappears for everyone."))) {
      socket.send({ type: "retract", seq: Number(t.dataset.retract) });
    }
  });
}
