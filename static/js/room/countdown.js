// Time left on the current agenda item and on the speaker's turn, and the one clock that redraws
// every countdown on the page (room and console).

// { item, ms } for the agenda item under way (ms < 0 once it runs over), or null.
export function agendaLeft({ agenda }, now = Date.now()) {
  const item = agenda.items.find((i) => i.id === agenda.current);
  if (!item || !agenda.started_at) return null;
  return { item, ms: Date.parse(agenda.started_at) + item.timebox_minutes * 60000 - now };
}

// { floor, ms } for a speaker with a time limit (ms < 0 once they run over), or null.
export function floorLeft({ queue }, now = Date.now()) {
  const { floor } = queue;
  if (!floor || !floor.limit_seconds) return null;
  return { floor, ms: Date.parse(floor.since) + floor.limit_seconds * 1000 - now };
}

const ticks = new Set();
let timer = null;

// Call `fn` once a second, on the same beat as every other countdown.
export function everySecond(fn) {
  ticks.add(fn);
  timer ??= setInterval(() => { for (const tick of ticks) tick(); }, 1000);
  return () => ticks.delete(fn);
}
