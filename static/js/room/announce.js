// What a screen reader hears in the room (WCAG 4.1.3): new messages and changes of the floor, through two
// visually hidden live regions in dialogues/room.html. Only what happens after the page has caught up
// is said: the history replayed on load or after a reconnect is there to read, not to be read out.
// "You have the floor" is the one assertive announcement; everything else waits its turn (polite).
import { gettext, interpolate } from "../i18n.js";
import { socket } from "./connection.js";
import { $, el } from "./dom.js";
import { shownRendering } from "./interpretation.js";
import { store } from "./store.js";

const MAX_CHARS = 300; // a long message is announced up to here; the transcript has the rest
const KEEP = 5;

let caughtUp = false; // the page has been in sync once: catching up again means a reconnect
let missed = 0; // messages that arrived while catching up after a reconnect

// Say `text` in a live region: each announcement is a new paragraph added to the region (what a screen
// reader reads out), so two said at once are both heard and the same words said twice are said twice.
// Only the last few stay in the region.
export function announce(text, { assertive = false } = {}) {
  const region = $(assertive ? "announce-assertive" : "announce-polite");
  if (!region || !text) return;
  region.append(el("p", {}, text));
  while (region.childElementCount > KEEP) region.firstElementChild.remove();
}

function clip(text) {
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS)}…` : text;
}

function onMessage(ev) {
  const m = ev.detail;
  const { you } = store.state;
  if (!socket.synced) { if (caughtUp) missed += 1; return; }
  if (you && m.author && m.author.key === you.key) return; // your own words: the composer said them
  const name = m.author ? m.author.name : gettext("Someone");
  // What the page shows for it: a message is rendered after it arrives, so this is the original
  // unless the rendering is already here.
  const rendered = m.seq ? shownRendering(m.seq) : null;
  if (rendered) {
    announce(interpolate(gettext("%(name)s, interpreted from %(language)s: %(body)s"),
      { name, language: rendered.from, body: clip(rendered.text) }));
  } else {
    announce(m.on_record === false
      ? interpolate(gettext("%(name)s, off the record: %(body)s"), { name, body: clip(m.body) })
      : interpolate(gettext("%(name)s: %(body)s"), { name, body: clip(m.body) }));
  }
}

// An interpreter's rendering into the language this person reads replaces the original on the page
// (interpretation.js, whose listener runs first): say it too, or a screen reader user would hear only
// the words they chose not to read. Renderings into other languages change nothing shown: silence.
function onRendering(ev) {
  const r = ev.detail;
  if (!socket.synced) return; // replayed with the history: there to read, like the messages
  const rendered = shownRendering(r.of);
  if (!rendered || rendered.seq !== r.seq) return; // not what this reader is shown
  const li = $("transcript").querySelector(`li.msg[data-seq="${r.of}"]`);
  if (li.classList.contains("mine")) return; // your own words, in another language
  const name = li.querySelector(".who")?.textContent || gettext("Someone");
  announce(interpolate(gettext("%(name)s, interpreted from %(language)s: %(body)s"),
    { name, language: rendered.from, body: clip(rendered.text) }));
}

function onSynced() {
  if (missed > 0) {
    announce(interpolate(gettext("Reconnected: %(count)s new messages while you were away."), { count: missed }));
  }
  missed = 0;
  caughtUp = true;
}

// The floor and your place in the queue, compared with what was last said; the first state after the
// welcome is the starting point, not news.
let heard = null;

function floorNews({ queue, you }) {
  const now = {
    floor: queue.floor ? queue.floor.key : null,
    floorName: queue.floor ? queue.floor.name : "",
    place: you ? queue.hands.findIndex((h) => h.key === you.key) + 1 : 0,
  };
  const before = heard;
  heard = now;
  if (!before || !you) return;
  const news = []; // one announcement, so the second sentence does not cut off the first
  if (now.floor !== before.floor) {
    if (now.floor === you.key) announce(gettext("You have the floor."), { assertive: true });
    else if (now.floor) news.push(interpolate(gettext("%(name)s has the floor."), { name: now.floorName }));
    else news.push(gettext("Nobody has the floor."));
  }
  if (now.place !== before.place) {
    if (now.place > 0) {
      news.push(interpolate(gettext("Your hand is up: you are number %(place)s in the queue."), { place: now.place }));
    } else if (now.floor !== you.key) news.push(gettext("Your hand is down."));
  }
  if (news.length) announce(news.join(" "));
}

export function mountAnnouncements() {
  socket.addEventListener("message", onMessage);
  socket.addEventListener("rendering", onRendering);
  socket.addEventListener("synced", onSynced);
  store.subscribe(["queue", "you"], floorNews);
}
