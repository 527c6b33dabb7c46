// The console's agenda: order, start and skip items, and the overrun warning (everyone sees the
// countdown; only the facilitator is nagged).
import { socket } from "../room/connection.js";
import { agendaLeft, everySecond, floorLeft } from "../room/countdown.js";
import { $, el, fmtClock } from "../room/dom.js";
import { store } from "../room/store.js";

function renderAgenda({ agenda }) {
  const { items, current } = agenda;
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
}

function renderOverrun(state) {
  const lines = [];
  const agenda = agendaLeft(state);
  if (agenda && agenda.ms < 0) lines.push(`Over time on “${agenda.item.title}” by ${fmtClock(-agenda.ms)}: move on, skip, or reorder.`);
  else if (agenda && agenda.ms < 120000) lines.push(`${fmtClock(agenda.ms)} left on “${agenda.item.title}”.`);
  const floor = floorLeft(state);
  if (floor && floor.ms < 0) lines.push(`${floor.floor.name} is ${fmtClock(-floor.ms)} over their speaking time.`);
  const box = $("overrun");
  box.hidden = !lines.length;
  box.className = `banner ${lines.some((l) => l.startsWith("Over") || l.includes("over their")) ? "overrun" : "notice"}`;
  box.textContent = lines.join(" ");
}

export function mountAgenda() {
  store.subscribe(["agenda"], renderAgenda, { now: true });
  store.subscribe(["agenda", "queue"], renderOverrun);
  everySecond(() => renderOverrun(store.state));
  $("console-agenda-list").addEventListener("click", (ev) => {
    const t = ev.target.closest("button");
    if (!t) return;
    const id = Number(t.closest("li").dataset.id);
    if (t.dataset.move) {
      const ids = store.state.agenda.items.map((i) => i.id);
      const from = ids.indexOf(id);
      ids.splice(from + Number(t.dataset.move), 0, ids.splice(from, 1)[0]);
      socket.send({ type: "agenda_reorder", items: ids, ref: "c:reorder" });
    } else if (t.dataset.start) socket.send({ type: "agenda", item: id, ref: "c:start" });
    else if (t.dataset.skip) socket.send({ type: "agenda_skip", item: id, ref: "c:skip" });
  });
}
