// Time left on the current agenda item, the speaker's turn, the session and a breakout, and the one clock
// that redraws every countdown on the page (room and console). Deadlines are the server's; `serverNow`
// corrects the device's clock by the difference seen when the page was rendered, so a device whose clock
// is off still counts down to the server's deadline, and a reload shows the same time left.
import { config } from "./connection.js";

const skew = config.serverNow ? Date.parse(config.serverNow) - Date.now() : 0;
export const serverNow = () => Date.now() + skew;

// ms left until an ISO instant by the server's clock (negative once past), or null.
export function msUntil(iso, now = serverNow()) {
  return iso ? Date.parse(iso) - now : null;
}

// { item, ms } for the agenda item under way (ms < 0 once it runs over), or null.
export function agendaLeft({ agenda }, now = serverNow()) {
  const item = agenda.items.find((i) => i.id === agenda.current);
  if (!item || !agenda.started_at) return null;
  return { item, ms: Date.parse(agenda.started_at) + item.timebox_minutes * 60000 - now };
}

// { floor, ms } for a speaker with a time limit (ms < 0 once they run over), or null.
export function floorLeft({ queue }, now = serverNow()) {
  const { floor } = queue;
  if (!floor || !floor.limit_seconds) return null;
  return { floor, ms: Date.parse(floor.since) + floor.limit_seconds * 1000 - now };
}

const ticks = new Set();
let timer = null;

// Call `fn` once a second, on the same beat as every other countdown.
export function everySecond(fn) {
  ticks.add(fn);
  timer ??= setInterval(() => {
    // The closing screen replaces the room's page: nothing is left to count down.
    if (!document.getElementById("room-grid")) { clearInterval(timer); return; }
    for (const tick of ticks) tick();
  }, 1000);
  return () => ticks.delete(fn);
}
