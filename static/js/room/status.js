// The room head and banners: connection badge, who you are, the session's state and clock, on/off the
// record, and the closing screen when the session ends (never an error after a normal end).
import { config, socket } from "./connection.js";
import { everySecond, msUntil } from "./countdown.js";
import { $, fmtClock, showBanner } from "./dom.js";
import { onRecordNow, store } from "./store.js";
import { gettext, interpolate } from "../i18n.js";

const CONNECTION = {
  connecting: [gettext("Connecting…"), "warn"], syncing: [gettext("Catching up…"), "warn"],
  open: [gettext("Connected"), "ok"],
  reconnecting: [gettext("Reconnecting… messages you write will be sent when the connection is back"), "warn"],
  closed: [gettext("Disconnected"), "danger"],
};

const STATES = {
  scheduled: [gettext("Scheduled"), gettext("The session has not started yet. Nothing said here is on the record.")],
  lobby: [gettext("Lobby"), gettext("Doors are open: the session starts soon. Nothing said in the lobby is on the record. Read the agenda and the Chatham House Rule while people gather.")],
  live: [gettext("Live"), ""],
  paused: [gettext("Paused"), gettext("The session is paused. Nothing said during the pause is on the record.")],
  closed: [gettext("Ended"), gettext("The session has ended. Thank you.")],
};

function renderRecord(state) {
  const banner = $("record-banner");
  const on = onRecordNow(state);
  const before = state.status === "scheduled" || state.status === "lobby" || state.status === "paused";
  banner.className = `banner record ${on ? "on" : "off"}`;
  banner.innerHTML = on // fixed text only
    ? gettext("<strong>On the record.</strong> Messages are stored and may be summarised anonymously.")
    : before
      ? gettext("<strong>Not on the record.</strong> Nothing said now is stored, replayed or summarised; the record starts when the session goes live.")
      : gettext("<strong>Off the record.</strong> Nothing said now is stored, replayed or summarised.");
}

function renderState({ status }) {
  const [label, words] = STATES[status] || [status, ""];
  const badge = $("session-state");
  badge.textContent = label;
  badge.className = `badge state-${status}`;
  const banner = $("lifecycle-banner");
  banner.hidden = !words;
  banner.className = `banner ${status === "lobby" || status === "scheduled" ? "lobby" : "notice"}`;
  banner.textContent = words;
}

function renderSessionClock({ status, sessionClock }) {
  const clock = $("session-clock");
  const ms = msUntil(sessionClock.ends_at);
  clock.hidden = ms === null || status === "closed";
  if (clock.hidden) return;
  clock.textContent = ms >= 0
    ? interpolate(gettext("Session %(time)s left"), { time: fmtClock(ms) })
    : interpolate(gettext("Session +%(time)s over"), { time: fmtClock(-ms) });
  clock.className = `clock-small ${ms < 0 ? "over" : ""}`;
}

// The session ended: the room becomes its closing screen, which a reload also shows (rendered by the
// server then), so nobody meets an error or a red "Disconnected" after a normal end.
function closingScreen() {
  $("conn").textContent = gettext("Session ended");
  $("conn").className = "badge";
  fetch(config.closedUrl, { credentials: "same-origin" })
    .then((r) => (r.ok ? r.text() : Promise.reject(r.status)))
    .then((html) => {
      const page = new DOMParser().parseFromString(html, "text/html");
      const closing = page.getElementById("closing");
      if (closing) $("main").replaceChildren(document.importNode(closing, true));
    })
    .catch(() => showBanner("session-banner", gettext("The session has ended. Thank you. Reload the page to see what happens next.")));
}

export function mountStatus() {
  socket.addEventListener("status", (ev) => {
    if (socket.final && store.state.status === "closed") return;
    const [text, cls] = CONNECTION[ev.detail.state];
    $("conn").textContent = text;
    $("conn").className = `badge ${cls}`;
  });
  socket.addEventListener("final", (ev) => {
    if (ev.detail.code === 4410 && store.state.status === "closed") { closingScreen(); return; }
    showBanner("session-banner", ev.detail.message);
    if (ev.detail.code === 4401) location.href = `/accounts/login/?next=${encodeURIComponent(location.pathname)}`;
  });
  store.subscribe(["you"], ({ you }) => {
    document.querySelectorAll("#you-as").forEach((n) => { n.textContent = ` ${interpolate(gettext("(you are %(name)s)"), { name: you.name })}`; });
  });
  store.subscribe(["onRecord", "status"], renderRecord, { now: true });
  store.subscribe(["status"], renderState, { now: true });
  store.subscribe(["status", "sessionClock"], renderSessionClock);
  everySecond(() => renderSessionClock(store.state));
}
