// Console and live outcomes for the room page (loaded after ../room/main.js, which exposes the socket).
import { mountFacilitator } from "./facilitator.js";
import { mountOutcomes } from "./outcomes.js";
import { bind, store } from "./state.js";

const root = document.getElementById("console");
const { socket } = window.parleyRoom;
const role = root.dataset.role;

bind(socket);
const facilitator = role === "facilitator" ? mountFacilitator(socket) : null;
mountOutcomes(socket, role, facilitator ? facilitator.editCapture : null);

// Timed breakouts close on the server's clock. Any open page nudges the server when a countdown ends,
// which is what closes them when no Celery worker runs (the embedded default).
const nudged = new Map();
setInterval(() => {
  const now = Date.now();
  for (const b of store.breakouts) {
    if (!b.closes_at || Date.parse(b.closes_at) > now) continue;
    const last = nudged.get(b.id) || 0;
    if (now - last < 30000) continue;
    nudged.set(b.id, now);
    // A little jitter so a full room does not nudge in the same millisecond.
    setTimeout(() => socket.send({ type: "breakouts_due", ref: "c:due" }), Math.random() * 1500);
  }
}, 1000);

// The captured list and statements are also kept in the page for tests and for other modules.
window.parleyRoom.console = { store };
