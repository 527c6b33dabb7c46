// The console's agenda: order, start and skip items, and the overrun warning (everyone sees the
// countdown; only the facilitator is nagged).
import { socket } from "../room/connection.js";
import { agendaLeft, everySecond, floorLeft } from "../room/countdown.js";
import { $, el, fmtClock } from "../room/dom.js";
import { store } from "../room/store.js";
import { gettext, interpolate } from "../i18n.js";

function renderAgenda({ agenda }) {
  const { items, current } = agenda;
  $("console-agenda-list").replaceChildren(...items.map((item, i) => el("li", {
    class: ["agenda-row", item.id === current && "current", item.skipped && "skipped"], "data-id": item.id,
  },
  el("span", { class: "agenda-name" }, item.title),
  el("span", { class: "badge" }, interpolate(gettext("%(minutes)s min"), { minutes: item.timebox_minutes })),
  item.id === current ? el("span", { class: "badge ok" }, "now") : null,
  item.skipped ? el("span", { class: "badge warn" }, "skipped") : null,
  el("span", { class: "actions" },
    el("button", { type: "button", class: "secondary", "data-move": -1, disabled: i === 0, "aria-label": interpolate(gettext("Move %(title)s up"), { title: item.title }) }, "↑"),
    el("button", { type: "button", class: "secondary", "data-move": 1, disabled: i === items.length - 1, "aria-label": interpolate(gettext("Move %(title)s down"), { title: item.title }) }, "↓"),
    item.id !== current ? el("button", { type: "button", class: "secondary", "data-start": item.id }, gettext("Start")) : null,
    !item.skipped ? el("button", { type: "button", class: "secondary", "data-skip": item.id }, gettext("Skip")) : null))));
}

function renderOverrun(state) {
  const lines = [];
  let over = false;
  const agenda = agendaLeft(state);
  if (agenda && agenda.ms < 0) {
    over = true;
    lines.push(interpolate(gettext("Over time on “%(title)s” by %(time)s: move on, skip, or reorder."),
      { title: agenda.item.title, time: fmtClock(-agenda.ms) }));
  } else if (agenda && agenda.ms < 120000) {
    lines.push(interpolate(gettext("%(time)s left on “%(title)s”."), { time: fmtClock(agenda.ms), title: agenda.item.title }));
  }
  const floor = floorLeft(state);
  if (floor && floor.ms < 0) {
    over = true;
    lines.push(interpolate(gettext("%(name)s is %(time)s over their speaking time."),
      { name: floor.floor.name, time: fmtClock(-floor.ms) }));
  }
  const box = $("overrun");
  box.hidden = !lines.length;
  box.className = `banner ${over ? "overrun" : "notice"}`;
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
