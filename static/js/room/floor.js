// The speaking queue: who has the floor (and for how long), raised hands, your place, your hand.
import { config, socket } from "./connection.js";
import { everySecond, floorLeft } from "./countdown.js";
import { $, el, fmtClock } from "./dom.js";
import { store } from "./store.js";
import { gettext, interpolate } from "../i18n.js";

function renderFloorClock(state) {
  const left = floorLeft(state);
  const clock = $("floor-clock");
  if (left && clock) clock.textContent = left.ms >= 0 ? fmtClock(left.ms) : `+${fmtClock(-left.ms)}`;
}

function renderQueue(state) {
  const { queue, you } = state;
  $("hands").replaceChildren(...queue.hands.map((h) => el("li", {}, el("span", {}, h.name),
    config.role === "facilitator" ? el("button", { type: "button", class: "link small", "data-lower": h.key }, gettext("lower")) : null)));
  const f = queue.floor;
  $("floor").replaceChildren(f
    ? el("span", {}, el("strong", {}, f.name), ` ${gettext("has the floor")}`, f.limit_seconds ? el("span", {}, " · ", el("span", { id: "floor-clock" })) : null)
    : el("span", { class: "muted" }, gettext("Nobody has the floor.")));
  const place = you ? queue.hands.findIndex((h) => h.key === you.key) : -1;
  const raised = place >= 0;
  $("my-place").textContent = raised ? interpolate(gettext("Your hand is up: you are number %(place)s in the queue."), { place: place + 1 }) : "";
  const hand = $("hand");
  if (hand) { hand.textContent = raised ? gettext("Lower hand") : gettext("Raise hand"); hand.dataset.raised = raised ? "1" : ""; }
  renderFloorClock(state);
}

export function mountFloor() {
  store.subscribe(["queue", "you"], renderQueue);
  everySecond(() => renderFloorClock(store.state));
  $("hand")?.addEventListener("click", () => socket.send({ type: "hand", raised: !$("hand").dataset.raised }));
  $("hands").addEventListener("click", (ev) => {
    if (ev.target.dataset.lower) socket.send({ type: "hand_lower", member: ev.target.dataset.lower });
  });
}
