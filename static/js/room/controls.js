// The facilitator's room controls: the session's life (open doors, start, pause, resume, end), agenda and
// floor buttons, on/off the record.
import { socket } from "./connection.js";
import { $ } from "./dom.js";
import { store } from "./store.js";
import { gettext } from "../i18n.js";

export function mountControls() {
  document.querySelectorAll("#controls [data-action]").forEach((b) => {
    b.addEventListener("click", () => socket.send({ type: b.dataset.action }));
  });
  $("give-floor")?.addEventListener("click", () => {
    const limit = Number($("floor-limit").value) || undefined;
    socket.send({ type: "floor", limit_seconds: limit });
  });
  $("record-toggle")?.addEventListener("click", () => socket.send({ type: "record", on_record: !store.state.onRecord }));
  $("end-session")?.addEventListener("click", () => {
    if (confirm(gettext("End the session for everyone? The rooms close and the summary is compiled."))) socket.send({ type: "session_end" });
  });
  store.subscribe(["onRecord"], ({ onRecord }) => {
    const toggle = $("record-toggle");
    if (toggle) toggle.textContent = onRecord ? gettext("Go off the record") : gettext("Go back on the record");
  });
  // Only the next steps of the session's life are offered: scheduled -> lobby -> live <-> paused -> ended.
  store.subscribe(["status"], ({ status }) => {
    const shown = {
      "open-doors": status === "scheduled",
      "start-session": status === "scheduled" || status === "lobby",
      "pause-session": status === "live",
      "resume-session": status === "paused",
      "end-session": status !== "closed",
    };
    for (const [id, on] of Object.entries(shown)) { if ($(id)) $(id).hidden = !on; }
  }, { now: true });
}
