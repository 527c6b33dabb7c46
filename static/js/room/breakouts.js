// Breakout rooms: your invitation to one, the facilitator's list and form, and the way back to the plenary.
import { config, socket } from "./connection.js";
import { $, el, fmtTime, showBanner } from "./dom.js";
import { store } from "./store.js";

const roomUrl = (id) => config.roomUrlTemplate.replace("{id}", id);

function renderBreakouts({ breakouts, you }) {
  const banner = $("breakout-banner");
  const mine = you && config.kind === "plenary" && breakouts.find((b) => b.members.includes(you.key));
  if (mine && config.role !== "facilitator") {
    banner.hidden = false;
    banner.replaceChildren("You are invited to the breakout ", el("strong", {}, mine.title), ". ",
      el("a", { class: "btn", href: roomUrl(mine.id) }, "Join the breakout"));
  } else banner.hidden = true;
  $("breakout-list")?.replaceChildren(...breakouts.map((b) => el("li", {},
    el("a", { href: roomUrl(b.id) }, b.title),
    el("span", { class: "small muted" }, `${b.members.length} members${b.closes_at ? `, until ${fmtTime(b.closes_at)}` : ""}`),
    el("button", { type: "button", class: "link small", "data-close": b.id }, "close"))));
}

export function mountBreakouts() {
  store.subscribe(["breakouts", "you"], renderBreakouts);
  socket.addEventListener("room_closed", (ev) => {
    showBanner("session-banner", "This breakout has ended. Returning to the plenary…");
    setTimeout(() => { location.href = roomUrl(ev.detail.return_to); }, 1500);
  });
  $("breakout-form")?.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const members = [...$("breakout-members").querySelectorAll("input:checked")].map((i) => i.value);
    const minutes = Number($("breakout-minutes").value) || null;
    socket.send({ type: "breakout_open", title: $("breakout-title").value, members, minutes });
    $("breakout-title").value = "";
  });
  $("breakout-list")?.addEventListener("click", (ev) => {
    if (ev.target.dataset.close) socket.send({ type: "breakout_close", room: Number(ev.target.dataset.close) });
  });
}
