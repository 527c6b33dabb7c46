// The card above the transcript: in the plenary, the current agenda item and its countdown; inside a
// breakout, the breakout's own time left (its members see that, not the plenary's agenda clock).
import { config } from "./connection.js";
import { agendaLeft, everySecond, msUntil } from "./countdown.js";
import { $, fmtClock } from "./dom.js";
import { store } from "./store.js";
import { gettext, interpolate } from "../i18n.js";

function showClock(ms, label) {
  const clock = $("agenda-clock");
  $("agenda-clock-label").textContent = ms === null ? "" : label;
  if (ms === null) { clock.textContent = ""; clock.className = "clock"; return; }
  clock.textContent = ms >= 0 ? fmtClock(ms) : interpolate(gettext("+%(time)s over"), { time: fmtClock(-ms) });
  clock.className = `clock ${ms < 0 ? "over" : ms < 120000 ? "warn" : ""}`;
}

function renderClock(state) {
  if (config.kind === "breakout") {
    const ms = msUntil(config.closesAt);
    showClock(ms === null ? null : Math.max(0, ms), gettext("Time left in this breakout"));
    return;
  }
  const left = agendaLeft(state);
  showClock(left ? left.ms : null, gettext("Time left"));
}

export function mountAgenda() {
  store.subscribe(["agenda"], (state) => {
    if (config.kind !== "breakout") {
      const item = state.agenda.items.find((i) => i.id === state.agenda.current);
      $("agenda-title").textContent = item ? item.title : gettext("Not started");
    }
    renderClock(state);
  });
  everySecond(() => renderClock(store.state));
  renderClock(store.state);
}
