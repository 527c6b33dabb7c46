// The facilitator's cockpit: the console's parts grouped into panes (tabs on a tablet and a phone, one
// full-height column on a laptop), the conversation kept in view, and keyboard shortcuts for the three
// things done most often (give the floor, next agenda item, capture the selected message).
import { socket } from "./connection.js";
import { $, el } from "./dom.js";
import { gettext } from "../i18n.js";

const TABLET = window.matchMedia("(max-width: 1100px)");
const PHONE = window.matchMedia("(max-width: 699px)");
const grid = $("room-grid");
const tabs = [...document.querySelectorAll("#cockpit-tabs [data-tab]")];
let active = PHONE.matches ? "talk" : "floor";

// Parts of the console card that belong to other panes move there (the same nodes, so their scripts
// keep working): airtime beside the floor, common ground with the outcomes, people with the people.
function regroup() {
  const move = (id, pane, title) => {
    const part = $(id);
    if (!part) return;
    const card = el("section", { class: "card", "data-pane": pane, id: `${id}-card` }, el("h2", {}, title));
    part.before(card); // keeps document order while the card is built
    card.append(part);
    $(pane === "floor" ? "controls" : pane === "people" ? "presence-card" : "captures-card")?.after(card);
  };
  $("statements-card")?.setAttribute("data-pane", "outcomes");
  $("captures-card")?.setAttribute("data-pane", "outcomes");
  $("console-card")?.setAttribute("data-pane", "agenda");
  move("console-balance", "floor", gettext("Airtime"));
  move("console-common-ground", "outcomes", gettext("Common ground"));
  move("console-people", "people", gettext("People and invitations"));
}

// `focus`: a tab chosen by the person (click, Enter, a number key) takes focus to its pane, so the next
// Tab continues there rather than back along the tab strip (WCAG 2.4.3).
function show(tab, { focus = false } = {}) {
  if (tab !== active) document.querySelector("#room-grid .room-side").scrollTop = 0;
  active = tab;
  if (!PHONE.matches && active === "talk") active = "floor";
  for (const t of tabs) {
    const on = t.dataset.tab === active;
    t.setAttribute("aria-selected", on ? "true" : "false");
    t.classList.toggle("active", on);
  }
  for (const pane of document.querySelectorAll("#room-grid [data-pane]")) {
    pane.classList.toggle("pane-off", pane.dataset.pane !== active);
  }
  grid.classList.toggle("talk-active", active === "talk");
  fit();
  const pane = focus && document.querySelector(`#room-grid [data-pane="${active}"]:not(.pane-off)`);
  if (pane) {
    if (!pane.hasAttribute("tabindex")) pane.setAttribute("tabindex", "-1");
    pane.focus();
  }
}

// The grid fills the window below the banners: both columns scroll on their own, the page does not.
function fit() {
  const top = grid.getBoundingClientRect().top + window.scrollY;
  grid.style.setProperty("--cockpit-top", `${Math.round(top)}px`);
}

// The message the "capture" shortcut takes: clicked, or moved to with J / K.
function select(li) {
  document.querySelectorAll("#transcript li.selected").forEach((n) => n.classList.remove("selected"));
  if (!li) return;
  li.classList.add("selected");
  li.scrollIntoView({ block: "nearest" });
  // Focus follows the selection, so a screen reader reads the message and C captures what it read.
  if (!li.hasAttribute("tabindex")) li.setAttribute("tabindex", "-1");
  li.focus({ preventScroll: true });
}

function step(delta) {
  const items = [...document.querySelectorAll("#transcript li.msg[data-seq]:not(.removed)")];
  if (!items.length) return;
  const at = items.findIndex((n) => n.classList.contains("selected"));
  const next = at < 0 ? items.length - 1 : Math.min(items.length - 1, Math.max(0, at + delta));
  select(items[next]);
}

function typing(target) {
  return target.closest("input, textarea, select, [contenteditable]") !== null;
}

const KEYS = {
  g: () => $("give-floor").click(),
  n: () => socket.send({ type: "agenda_next", ref: "c:next" }),
  j: () => step(1),
  k: () => step(-1),
  c: () => {
    const li = document.querySelector("#transcript li.selected") || document.querySelector("#transcript li.msg[data-seq]:not(.removed):last-child");
    const button = li?.querySelector("[data-capture-seq]");
    if (!button) return;
    if (TABLET.matches) show("agenda");
    button.click();
  },
};

// Single-key shortcuts can be turned off (WCAG 2.1.4): speech input says letters too. The choice is kept
// in this browser.
const SHORTCUTS_KEY = "parley-shortcuts";

function shortcutsOn() {
  const box = $("shortcuts-on");
  return !box || box.checked;
}

function mountShortcutSwitch() {
  const box = $("shortcuts-on");
  if (!box) return;
  try { box.checked = localStorage.getItem(SHORTCUTS_KEY) !== "off"; } catch { /* private mode */ }
  box.addEventListener("change", () => {
    try { localStorage.setItem(SHORTCUTS_KEY, box.checked ? "on" : "off"); } catch { /* private mode */ }
  });
}

export function mountCockpit() {
  mountShortcutSwitch();
  regroup();
  tabs.forEach((t, i) => {
    t.addEventListener("click", () => show(t.dataset.tab, { focus: true }));
    KEYS[String(i + 1)] = () => show(t.dataset.tab, { focus: true });
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target) || !shortcutsOn()) return;
    const action = KEYS[ev.key.toLowerCase()];
    if (!action) return;
    ev.preventDefault();
    action();
  });
  $("transcript").addEventListener("click", (ev) => {
    const li = ev.target.closest("li.msg[data-seq]");
    if (li && !ev.target.closest("button")) select(li);
  });
  for (const query of [TABLET, PHONE]) query.addEventListener("change", () => show(active));
  window.addEventListener("resize", fit);
  new ResizeObserver(fit).observe($("banners"));
  show(active);
}

mountCockpit();
