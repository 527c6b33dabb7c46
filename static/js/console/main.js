// The console and the live outcomes on the room page. It shares the room's socket and store (imported
// from ../room/, the same module instances as the room's own) and keeps no state of its own.
import { socket } from "../room/connection.js";
import { everySecond, serverNow } from "../room/countdown.js";
import { store } from "../room/store.js";
import { mountCaptured } from "./captured.js";
import { mountCommonGround } from "./common_ground.js";
import { mountFacilitator } from "./facilitator.js";
import { mountStatements } from "./statements.js";

const role = document.getElementById("console").dataset.role;

if (role === "facilitator") {
  mountFacilitator();
  mountCommonGround();
}
mountStatements(role);
mountCaptured(role);

// Statements, captured items and your votes come on request, after every welcome. This module may run
// after the first welcome arrived: then ask at once.
const askOutcomes = () => socket.send({ type: "outcomes", ref: "c:outcomes" });
socket.addEventListener("welcome", askOutcomes);
if (socket.welcome) askOutcomes();

// Timed breakouts close on the server's clock. Any open page nudges the server when a countdown ends,
// which is what closes them when no Celery worker runs (the embedded default).
const nudged = new Map();
everySecond(() => {
  const now = serverNow();
  for (const b of store.state.breakouts) {
    if (!b.closes_at || Date.parse(b.closes_at) > now) continue;
    if (now - (nudged.get(b.id) || 0) < 30000) continue;
    nudged.set(b.id, now);
    // A little jitter so a full room does not nudge in the same millisecond.
    setTimeout(() => socket.send({ type: "breakouts_due", ref: "c:due" }), Math.random() * 1500);
  }
});
