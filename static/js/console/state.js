// What the console knows about the room, fed by the room socket's frames (docs/protocol.md).
// Other console modules read `store` and listen for "change" events naming what changed.

export const store = new EventTarget();
Object.assign(store, {
  agenda: { items: [], current: null, started_at: null },
  queue: { hands: [], floor: null },
  breakouts: [],
  captures: [],
  statements: [],
  myVotes: {},
  kMin: null,
});

function changed(what) { store.dispatchEvent(new CustomEvent("change", { detail: what })); }

export function bind(socket) {
  const applyState = (s) => {
    store.agenda = s.agenda; store.queue = s.queue; store.breakouts = s.breakouts;
    changed("agenda"); changed("queue"); changed("breakouts");
  };
  // The console module may load after the welcome arrived: start from what the socket already holds.
  if (socket.welcome) applyState(socket.welcome.state);
  const ask = () => socket.send({ type: "outcomes", ref: "c:outcomes" });
  socket.addEventListener("welcome", (ev) => { applyState(ev.detail.state); ask(); });
  if (socket.welcome) ask();
  socket.addEventListener("state", (ev) => applyState(ev.detail.state));
  socket.addEventListener("agenda", (ev) => { store.agenda = ev.detail.agenda; changed("agenda"); });
  socket.addEventListener("queue", (ev) => { store.queue = ev.detail.queue; changed("queue"); });
  socket.addEventListener("breakouts", (ev) => { store.breakouts = ev.detail.breakouts; changed("breakouts"); });
  socket.addEventListener("captures", (ev) => { store.captures = ev.detail.captures; changed("captures"); });
  socket.addEventListener("statements", (ev) => {
    store.statements = ev.detail.statements; store.kMin = ev.detail.k_min; changed("statements");
  });
  socket.addEventListener("my_votes", (ev) => { store.myVotes = ev.detail.votes; changed("statements"); });
}

export function agendaTitle(id) {
  const item = store.agenda.items.find((i) => i.id === id);
  return item ? item.title : null;
}
