// The facilitator's console: agenda order and time boxes, the capture form (and "capture" on every
// message), the speaking balance, and splitting the room into breakouts.
import { el, fmtClock } from "../room/dom.js";
import { store } from "./state.js";

const $ = (id) => document.getElementById(id);
const BALANCE_EVERY_MS = 5000;

export function mountFacilitator(socket) {
  const note = (text, cls = "") => { const n = $("console-note"); n.textContent = text; n.className = `small ${cls}`; };

  // --- agenda: order, start, skip -------------------------------------------------------------------
  function renderAgenda() {
    const { items, current } = store.agenda;
    $("console-agenda-list").replaceChildren(...items.map((item, i) => el("li", {
      class: ["agenda-row", item.id === current && "current", item.skipped && "skipped"], "data-id": item.id,
    },
    el("span", { class: "agenda-name" }, item.title),
    el("span", { class: "badge" }, `${item.timebox_minutes} min`),
    item.id === current ? el("span", { class: "badge ok" }, "now") : null,
    item.skipped ? el("span", { class: "badge warn" }, "skipped") : null,
    el("span", { class: "actions" },
      el("button", { type: "button", class: "secondary", "data-move": -1, disabled: i === 0, "aria-label": `Move ${item.title} up` }, "↑"),
      el("button", { type: "button", class: "secondary", "data-move": 1, disabled: i === items.length - 1, "aria-label": `Move ${item.title} down` }, "↓"),
      item.id !== current ? el("button", { type: "button", class: "secondary", "data-start": item.id }, "Start") : null,
      !item.skipped ? el("button", { type: "button", class: "secondary", "data-skip": item.id }, "Skip") : null))));
    const select = $("capture-item");
    const chosen = select.dataset.touched ? select.value : String(current ?? "");
    select.replaceChildren(el("option", { value: "" }, "No agenda item"),
      ...items.map((i) => el("option", { value: i.id, selected: String(i.id) === chosen || null },
        `${i.title}${i.id === current ? " (now)" : ""}`)));
  }
  $("console-agenda-list").addEventListener("click", (ev) => {
    const t = ev.target.closest("button");
    if (!t) return;
    const id = Number(t.closest("li").dataset.id);
    if (t.dataset.move) {
      const ids = store.agenda.items.map((i) => i.id);
      const from = ids.indexOf(id);
      const to = from + Number(t.dataset.move);
      ids.splice(to, 0, ids.splice(from, 1)[0]);
      socket.send({ type: "agenda_reorder", items: ids, ref: "c:reorder" });
    } else if (t.dataset.start) socket.send({ type: "agenda", item: id, ref: "c:start" });
    else if (t.dataset.skip) socket.send({ type: "agenda_skip", item: id, ref: "c:skip" });
  });

  // --- overrun warnings (everyone sees the countdown; only the facilitator is nagged) ----------------
  function checkTime() {
    const box = $("overrun");
    const { items, current, started_at: started } = store.agenda;
    const item = items.find((i) => i.id === current);
    const lines = [];
    if (item && started) {
      const left = Date.parse(started) + item.timebox_minutes * 60000 - Date.now();
      if (left < 0) lines.push(`Over time on “${item.title}” by ${fmtClock(-left)}: move on, skip, or reorder.`);
      else if (left < 120000) lines.push(`${fmtClock(left)} left on “${item.title}”.`);
    }
    const floor = store.queue.floor;
    if (floor && floor.limit_seconds) {
      const over = Date.now() - Date.parse(floor.since) - floor.limit_seconds * 1000;
      if (over > 0) lines.push(`${floor.name} is ${fmtClock(over)} over their speaking time.`);
    }
    box.hidden = !lines.length;
    box.className = `banner ${lines.some((l) => l.startsWith("Over") || l.includes("over their")) ? "overrun" : "notice"}`;
    box.textContent = lines.join(" ");
  }
  setInterval(checkTime, 1000);

  // --- capture: new, from a message, or edit ----------------------------------------------------------
  const form = $("capture-form");
  $("capture-item").addEventListener("change", () => { $("capture-item").dataset.touched = "1"; });
  function resetCapture() {
    form.reset();
    $("capture-id").value = ""; $("capture-seq").value = "";
    $("capture-source").hidden = true;
    $("capture-save").textContent = "Capture";
    $("capture-cancel").hidden = true;
    delete $("capture-item").dataset.touched;
    renderAgenda();
  }
  function fill({ text, kind, item, seq = "", id = "" }) {
    $("console-capture").open = true;
    $("capture-text").value = text;
    if (kind) $("capture-kind").value = kind;
    if (item !== undefined) { $("capture-item").value = item ?? ""; $("capture-item").dataset.touched = "1"; }
    $("capture-seq").value = seq; $("capture-id").value = id;
    $("capture-source").hidden = !seq;
    $("capture-source").textContent = seq ? `From message ${seq}. Edit freely; who said it is never recorded.` : "";
    $("capture-save").textContent = id ? "Save changes" : "Capture";
    $("capture-cancel").hidden = !(id || seq);
    $("capture-text").focus();
  }
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = $("capture-text").value.trim();
    if (!text) return;
    const item = $("capture-item").value;
    const frame = { text, kind: $("capture-kind").value, agenda_item: item ? Number(item) : null };
    if ($("capture-id").value) Object.assign(frame, { type: "capture_edit", id: Number($("capture-id").value), ref: "c:edit" });
    else {
      Object.assign(frame, { type: "capture", ref: "c:capture" });
      if ($("capture-seq").value) frame.seq = Number($("capture-seq").value);
    }
    if (socket.send(frame)) note("Saving…");
    else note("Not connected; try again in a moment.", "warn");
  });
  $("capture-cancel").addEventListener("click", resetCapture);

  // One click on any stored message: its text goes into the form, never its author.
  const transcript = $("transcript");
  const addButtons = () => {
    for (const li of transcript.querySelectorAll("li.msg[data-seq]:not(.removed):not([data-capturable])")) {
      li.dataset.capturable = "1";
      li.querySelector(".meta")?.append(el("button", { type: "button", class: "link", "data-capture-seq": li.dataset.seq }, "Capture"));
    }
  };
  new MutationObserver(addButtons).observe(transcript, { childList: true });
  addButtons();
  transcript.addEventListener("click", (ev) => {
    const seq = ev.target.dataset?.captureSeq;
    if (!seq) return;
    const body = ev.target.closest("li").querySelector(".body").textContent;
    fill({ text: body, seq, kind: $("capture-kind").value });
  });

  // --- speaking balance: asked for every few seconds while it is open -------------------------------
  const pct = (x) => `${Math.round(x * 100)}%`;
  const bar = (share) => el("span", { class: "share-bar" }, el("span", { style: `width:${Math.round(share * 100)}%` }));
  socket.addEventListener("balance", (ev) => {
    const b = ev.detail;
    const row = (name, extra, r) => el("tr", {}, el("th", { scope: "row" }, name, extra),
      el("td", {}, bar(r.message_share), ` ${pct(r.message_share)} (${r.messages})`),
      el("td", {}, bar(r.floor_share), ` ${pct(r.floor_share)} (${fmtClock(r.floor_seconds * 1000)})`));
    const table = (caption, rows) => el("table", { class: "balance" }, el("caption", {}, caption),
      el("thead", {}, el("tr", {}, el("th", {}, ""), el("th", {}, "Messages"), el("th", {}, "Floor time"))),
      el("tbody", {}, ...rows));
    $("balance").replaceChildren(
      el("p", { class: "muted" }, `${b.messages} message${b.messages === 1 ? "" : "s"} on the record, ${fmtClock(b.floor_seconds * 1000)} of floor time. For you only.`),
      table("By party", b.parties.map((p) => row(p.party, el("span", { class: "muted" }, ` · ${p.people}`), p))),
      table("By person", b.people.map((p) => row(p.name, p.role === "facilitator" ? el("span", { class: "badge" }, "facilitator") : null, p))));
  });
  const askBalance = () => { if ($("console-balance").open && !document.hidden) socket.send({ type: "balance", ref: "c:balance" }); };
  $("console-balance").addEventListener("toggle", askBalance);
  setInterval(askBalance, BALANCE_EVERY_MS);

  // --- split into breakouts --------------------------------------------------------------------------
  $("split-form")?.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const mode = document.querySelector("input[name=split-mode]:checked").value;
    const minutes = Number($("split-minutes").value) || null;
    socket.send({ type: "breakout_split", rooms: Number($("split-rooms").value), mode, minutes,
      title: $("split-title").value, ref: "c:split" });
  });

  // --- answers --------------------------------------------------------------------------------------
  socket.addEventListener("done", (ev) => {
    const d = ev.detail;
    if (d.action === "capture" || d.action === "capture_edit") {
      if (d.ref === "c:capture" || d.ref === "c:edit") { resetCapture(); note(d.action === "capture" ? "Captured." : "Saved.", "ok"); }
    } else if (d.action === "breakout_split") note(`Opened ${d.rooms.length} breakout room(s).`, "ok");
    else if (d.action === "statement_propose") note("Statement put up for a vote.", "ok");
  });
  socket.addEventListener("error", (ev) => {
    if (typeof ev.detail.ref === "string" && ev.detail.ref.startsWith("c:")) note(ev.detail.message, "warn");
  });

  store.addEventListener("change", (ev) => {
    if (ev.detail === "agenda") renderAgenda();
    if (ev.detail === "agenda" || ev.detail === "queue") checkTime();
  });
  renderAgenda();

  return { editCapture: (c) => c && fill({ text: c.text, kind: c.kind, item: c.agenda_item, id: c.id }) };
}
