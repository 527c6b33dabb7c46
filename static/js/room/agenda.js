// The "current agenda item" card: its title and its countdown.
import { agendaLeft, everySecond } from "./countdown.js";
import { $, fmtClock } from "./dom.js";
import { store } from "./store.js";

function renderClock(state) {
  const clock = $("agenda-clock");
  const left = agendaLeft(state);
  if (!left) { clock.textContent = ""; clock.className = "clock"; return; }
  const { ms } = left;
  clock.textContent = ms >= 0 ? fmtClock(ms) : `+${fmtClock(-ms)} over`;
  clock.className = `clock ${ms < 0 ? "over" : ms < 120000 ? "warn" : ""}`;
}

export function mountAgenda() {
  store.subscribe(["agenda"], (state) => {
    const item = state.agenda.items.find((i) => i.id === state.agenda.current);
    $("agenda-title").textContent = item ? item.title : "Not started";
    renderClock(state);
  });
  everySecond(() => renderClock(store.state));
}
