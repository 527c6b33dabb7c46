// The room head and banners: connection badge, who you are, on/off the record, the session's end.
import { config, socket } from "./connection.js";
import { $, showBanner } from "./dom.js";
import { store } from "./store.js";

const CONNECTION = {
  connecting: ["Connecting…", "warn"], syncing: ["Catching up…", "warn"], open: ["Connected", "ok"],
  reconnecting: ["Reconnecting… messages you write will be sent when the connection is back", "warn"],
  closed: ["Disconnected", "danger"],
};

function renderRecord({ onRecord }) {
  const banner = $("record-banner");
  banner.className = `banner record ${onRecord ? "on" : "off"}`;
  banner.innerHTML = onRecord // fixed text only
    ? "<strong>On the record.</strong> Messages are stored and may be summarised anonymously."
    : "<strong>Off the record.</strong> Nothing said now is stored, replayed or summarised.";
}

export function mountStatus() {
  socket.addEventListener("status", (ev) => {
    const [text, cls] = CONNECTION[ev.detail.state];
    $("conn").textContent = text;
    $("conn").className = `badge ${cls}`;
  });
  socket.addEventListener("final", (ev) => {
    showBanner("session-banner", ev.detail.message + (config.kind === "breakout" ? " " : ""));
    if (ev.detail.code === 4401) location.href = `/accounts/login/?next=${encodeURIComponent(location.pathname)}`;
  });
  store.subscribe(["you"], ({ you }) => {
    document.querySelectorAll("#you-as").forEach((n) => { n.textContent = ` (you are ${you.name})`; });
  });
  store.subscribe(["onRecord"], renderRecord);
  store.subscribe(["status"], ({ status }) => {
    if (status === "closed") showBanner("session-banner", "The session has ended. Thank you.");
  });
}
