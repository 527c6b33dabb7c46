// The live room page: renders frames from RoomSocket and turns clicks into frames.
import { RoomSocket } from "./socket.js";
import { el, fmtClock, fmtTime } from "./dom.js";

const config = JSON.parse(document.getElementById("room-config").textContent);
const socket = new RoomSocket({ path: config.wsPath, roomId: config.room });
window.parleyRoom = { socket, config }; // for the facilitator console module and for tests

const $ = (id) => document.getElementById(id);
const state = {
  you: null,
  onRecord: true,
  agenda: { items: [], current: null, started_at: null },
  queue: { hands: [], floor: null },
  presence: new Map(),
  muted: new Set(),
  breakouts: [],
  byClientId: new Map(),
  status: "scheduled",
};

// --- connection status -------------------------------------------------------------------------
const STATUS = {
  connecting: ["Connecting…", "warn"], syncing: ["Catching up…", "warn"], open: ["Connected", "ok"],
  reconnecting: ["Reconnecting… messages you write will be sent when the connection is back", "warn"],
  closed: ["Disconnected", "danger"],
};
socket.addEventListener("status", (ev) => {
  const [text, cls] = STATUS[ev.detail.state];
  $("conn").textContent = text;
  $("conn").className = `badge ${cls}`;
});
socket.addEventListener("final", (ev) => {
  showBanner("session-banner", ev.detail.message + (config.kind === "breakout" ? " " : ""));
  $("send").disabled = true;
  if (ev.detail.code === 4401) location.href = `/accounts/login/?next=${encodeURIComponent(location.pathname)}`;
});

// --- welcome & state -----------------------------------------------------------------------------
socket.addEventListener("welcome", (ev) => {
  const w = ev.detail;
  state.you = w.you;
  document.querySelectorAll("#you-as").forEach((n) => { n.textContent = ` (you are ${w.you.name})`; });
  applyState(w.state);
});
socket.addEventListener("state", (ev) => applyState(ev.detail.state));

function applyState(s) {
  state.presence = new Map(s.presence.map((m) => [m.key, m]));
  state.muted = new Set(s.muted);
  state.status = s.session_status;
  setRecord(s.on_record);
  setAgenda(s.agenda);
  setQueue(s.queue);
  setBreakouts(s.breakouts);
  renderPresence();
  renderSession();
}

// --- transcript ----------------------------------------------------------------------------------
const transcript = $("transcript");

function messageNode(m, { pending = false } = {}) {
  const mine = state.you && m.author && m.author.key === state.you.key;
  const li = el("li", { class: ["msg", mine && "mine", pending && "pending", m.on_record === false && "off"] });
  li.dataset.clientId = m.client_id;
  if (m.seq) li.dataset.seq = m.seq;
  const meta = el("div", { class: "meta" },
    el("span", { class: "who" }, m.author ? m.author.name : (state.you ? state.you.name : "You")),
    m.author && m.author.role === "facilitator" ? el("span", { class: "badge" }, "facilitator") : null,
    el("time", {}, fmtTime(m.ts || new Date().toISOString())),
    m.on_record === false ? el("span", { class: "badge off" }, "off the record") : null,
  );
  if (m.seq && config.role === "facilitator") {
    meta.append(el("button", { type: "button", class: "link", "data-withdraw": m.seq }, "Withdraw"));
  } else if (m.seq && mine && Date.now() - Date.parse(m.ts) < config.retractSeconds * 1000) {
    meta.append(el("button", { type: "button", class: "link", "data-retract": m.seq }, "Retract"));
  }
  li.append(meta, el("div", { class: "body" }, m.body));
  return li;
}

function append(node) {
  const nearBottom = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 80;
  transcript.append(node);
  if (nearBottom) transcript.scrollTop = transcript.scrollHeight;
}

socket.addEventListener("pending", (ev) => {
  const node = messageNode({ ...ev.detail, author: state.you, on_record: ev.detail.on_record }, { pending: true });
  state.byClientId.set(ev.detail.client_id, node);
  append(node);
});
// Messages that were still in the outbox when the page loaded.
for (const entry of socket.outbox) {
  const node = messageNode({ ...entry, author: null }, { pending: true });
  state.byClientId.set(entry.client_id, node);
  transcript.append(node);
}

socket.addEventListener("message", (ev) => {
  const m = ev.detail;
  const node = messageNode(m);
  const pending = state.byClientId.get(m.client_id);
  if (pending && pending.classList.contains("pending")) pending.replaceWith(node);
  else if (m.seq === null && pending) return; // an off-record resend we already show
  else append(node);
  state.byClientId.set(m.client_id, node);
});

socket.addEventListener("message_removed", (ev) => {
  const node = transcript.querySelector(`li[data-seq="${ev.detail.seq}"]`);
  if (node) {
    node.classList.add("removed");
    node.querySelector(".body").textContent = ev.detail.removal === "retracted"
      ? "Retracted by its author." : "Withdrawn by the facilitator.";
    node.querySelectorAll("button").forEach((b) => b.remove());
  }
});

transcript.addEventListener("click", (ev) => {
  const t = ev.target;
  if (t.dataset.withdraw && confirm("Withdraw this message for everyone? It will not appear in any summary.")) {
    socket.send({ type: "withdraw", seq: Number(t.dataset.withdraw) });
  } else if (t.dataset.retract && confirm("Retract your message? It disappears for everyone.")) {
    socket.send({ type: "retract", seq: Number(t.dataset.retract) });
  }
});

// --- composer ------------------------------------------------------------------------------------
const body = $("body");
$("composer").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const text = body.value;
  if (!text.trim()) return;
  if (text.length > config.maxChars) { note(`Messages are limited to ${config.maxChars} characters.`); return; }
  socket.say(text, state.onRecord);
  body.value = "";
  note("");
});
body.addEventListener("keydown", (ev) => {
  if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); $("composer").requestSubmit(); }
});
function note(text) { $("composer-note").textContent = text; }

socket.addEventListener("error", (ev) => {
  const e = ev.detail;
  const pending = e.ref && state.byClientId.get(e.ref);
  if (pending && pending.classList.contains("pending")) {
    // Refused: give the text back to its author rather than losing it.
    body.value = pending.querySelector(".body").textContent + (body.value ? `\n${body.value}` : "");
    pending.remove();
  }
  note(e.message);
});

// --- record & mode -------------------------------------------------------------------------------
function setRecord(on) {
  state.onRecord = on;
  const b = $("record-banner");
  b.className = `banner record ${on ? "on" : "off"}`;
  b.innerHTML = on
    ? "<strong>On the record.</strong> Messages are stored and may be summarised anonymously."
    : "<strong>Off the record.</strong> Nothing said now is stored, replayed or summarised.";
  const toggle = $("record-toggle");
  if (toggle) toggle.textContent = on ? "Go off the record" : "Go back on the record";
}
socket.addEventListener("record", (ev) => {
  setRecord(ev.detail.on_record);
  append(el("li", { class: "system" }, ev.detail.on_record ? "The room is back on the record." : "The room is now off the record."));
});

// --- agenda --------------------------------------------------------------------------------------
function setAgenda(agenda) {
  state.agenda = agenda;
  const item = agenda.items.find((i) => i.id === agenda.current);
  $("agenda-title").textContent = item ? item.title : "Not started";
  tick();
  document.dispatchEvent(new CustomEvent("parley:agenda", { detail: agenda }));
}
socket.addEventListener("agenda", (ev) => setAgenda(ev.detail.agenda));

function tick() {
  const clock = $("agenda-clock");
  const item = state.agenda.items.find((i) => i.id === state.agenda.current);
  if (!item || !state.agenda.started_at) { clock.textContent = ""; clock.className = "clock"; }
  else {
    const left = Date.parse(state.agenda.started_at) + item.timebox_minutes * 60000 - Date.now();
    clock.textContent = left >= 0 ? fmtClock(left) : `+${fmtClock(-left)} over`;
    clock.className = `clock ${left < 0 ? "over" : left < 120000 ? "warn" : ""}`;
  }
  const floor = state.queue.floor;
  if (floor && floor.limit_seconds) {
    const left = Date.parse(floor.since) + floor.limit_seconds * 1000 - Date.now();
    $("floor-clock") && ($("floor-clock").textContent = left >= 0 ? fmtClock(left) : `+${fmtClock(-left)}`);
  }
}
setInterval(tick, 1000);

// --- queue ---------------------------------------------------------------------------------------
function setQueue(queue) {
  state.queue = queue;
  const hands = $("hands");
  hands.replaceChildren(...queue.hands.map((h) => el("li", {}, el("span", {}, h.name),
    config.role === "facilitator" ? el("button", { type: "button", class: "link small", "data-lower": h.key }, "lower") : null)));
  const f = queue.floor;
  $("floor").replaceChildren(f
    ? el("span", {}, el("strong", {}, f.name), " has the floor", f.limit_seconds ? el("span", {}, " · ", el("span", { id: "floor-clock" })) : null)
    : el("span", { class: "muted" }, "Nobody has the floor."));
  const mine = state.you && queue.hands.findIndex((h) => h.key === state.you.key);
  const raised = mine !== null && mine >= 0;
  $("my-place").textContent = raised ? `Your hand is up: you are number ${mine + 1} in the queue.` : "";
  const hand = $("hand");
  if (hand) { hand.textContent = raised ? "Lower hand" : "Raise hand"; hand.dataset.raised = raised ? "1" : ""; }
  tick();
}
socket.addEventListener("queue", (ev) => setQueue(ev.detail.queue));
$("hand")?.addEventListener("click", () => socket.send({ type: "hand", raised: !$("hand").dataset.raised }));
$("hands").addEventListener("click", (ev) => {
  if (ev.target.dataset.lower) socket.send({ type: "hand_lower", member: ev.target.dataset.lower });
});

// --- presence & members --------------------------------------------------------------------------
function renderPresence() {
  const list = $("presence");
  const members = [...state.presence.values()].sort((a, b) => a.name.localeCompare(b.name));
  list.replaceChildren(...members.map((m) => {
    const muted = state.muted.has(m.key);
    const li = el("li", {}, el("span", {}, m.name),
      m.role !== "participant" ? el("span", { class: "badge" }, m.role) : null,
      muted ? el("span", { class: "badge danger" }, "muted") : null);
    if (config.role === "facilitator" && state.you && m.key !== state.you.key) {
      li.append(el("span", { class: "actions" },
        el("button", { type: "button", class: "secondary", "data-mute": m.key, "data-muted": muted ? "1" : "" }, muted ? "Unmute" : "Mute"),
        el("button", { type: "button", class: "secondary", "data-remove": m.key, "data-name": m.name }, "Remove")));
    }
    return li;
  }));
  $("present-count").textContent = String(members.length);
  const pick = $("breakout-members");
  if (pick) {
    const checked = new Set([...pick.querySelectorAll("input:checked")].map((i) => i.value));
    pick.replaceChildren(el("legend", { class: "small" }, "Members (present now)"),
      ...members.filter((m) => m.role !== "facilitator").map((m) => el("label", {},
        el("input", { type: "checkbox", value: m.key, checked: checked.has(m.key) || null }), m.name)));
  }
  const you = state.you && state.muted.has(state.you.key);
  $("send").disabled = Boolean(you) || config.role === "observer";
  if (config.role === "observer") note("Observers follow the room but do not speak.");
  else if (you) note("The facilitator has muted you. You can still read and raise your hand.");
}
socket.addEventListener("presence", (ev) => {
  for (const m of ev.detail.joined) state.presence.set(m.key, m);
  for (const key of ev.detail.left) state.presence.delete(key);
  renderPresence();
});
socket.addEventListener("muted", (ev) => { state.muted = new Set(ev.detail.muted); renderPresence(); });
$("presence").addEventListener("click", (ev) => {
  const t = ev.target;
  if (t.dataset.mute) socket.send({ type: "mute", member: t.dataset.mute, muted: !t.dataset.muted });
  if (t.dataset.remove && confirm(`Remove ${t.dataset.name} from this session? Their connection closes at once.`)) {
    socket.send({ type: "remove", member: t.dataset.remove });
  }
});

// --- breakouts -----------------------------------------------------------------------------------
function setBreakouts(list) {
  state.breakouts = list;
  const banner = $("breakout-banner");
  const mine = state.you && config.kind === "plenary" && list.find((b) => b.members.includes(state.you.key));
  if (mine && config.role !== "facilitator") {
    banner.hidden = false;
    banner.replaceChildren("You are invited to the breakout ", el("strong", {}, mine.title), ". ",
      el("a", { class: "btn", href: config.roomUrlTemplate.replace("{id}", mine.id) }, "Join the breakout"));
  } else banner.hidden = true;
  const ul = $("breakout-list");
  if (ul) ul.replaceChildren(...list.map((b) => el("li", {},
    el("a", { href: config.roomUrlTemplate.replace("{id}", b.id) }, b.title),
    el("span", { class: "small muted" }, `${b.members.length} members${b.closes_at ? `, until ${fmtTime(b.closes_at)}` : ""}`),
    el("button", { type: "button", class: "link small", "data-close": b.id }, "close"))));
}
socket.addEventListener("breakouts", (ev) => setBreakouts(ev.detail.breakouts));
socket.addEventListener("room_closed", (ev) => {
  showBanner("session-banner", "This breakout has ended. Returning to the plenary…");
  setTimeout(() => { location.href = config.roomUrlTemplate.replace("{id}", ev.detail.return_to); }, 1500);
});
$("breakout-form")?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const members = [...$("breakout-members").querySelectorAll("input:checked")].map((i) => i.value);
  const minutes = Number($("breakout-minutes").value) || null;
  socket.send({ type: "breakout_open", title: $("breakout-title").value, members, minutes });
  $("breakout-title").value = "";
});
$("breakout-list")?.addEventListener("click", (ev) => {
  if (ev.target.dataset.close) socket.send({ type: "breakout_close", room: Number(ev.target.dataset.close) });
});

// --- session -------------------------------------------------------------------------------------
function renderSession() {
  const start = $("start-session");
  if (start) start.hidden = state.status !== "scheduled";
  if (state.status === "closed") showBanner("session-banner", "The session has ended. Thank you.");
}
socket.addEventListener("session", (ev) => { state.status = ev.detail.status; renderSession(); });
function showBanner(id, text) { const b = $(id); b.hidden = false; b.textContent = text; }

// --- facilitator buttons -------------------------------------------------------------------------
document.querySelectorAll("#controls [data-action]").forEach((b) => {
  b.addEventListener("click", () => socket.send({ type: b.dataset.action }));
});
$("give-floor")?.addEventListener("click", () => {
  const limit = Number($("floor-limit").value) || undefined;
  socket.send({ type: "floor", limit_seconds: limit });
});
$("record-toggle")?.addEventListener("click", () => socket.send({ type: "record", on_record: !state.onRecord }));
$("end-session")?.addEventListener("click", () => {
  if (confirm("End the session for everyone? The rooms close and the summary is compiled.")) socket.send({ type: "session_end" });
});

socket.connect();
socket.watch();
