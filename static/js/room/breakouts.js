// Breakout rooms: your invitation to one, the facilitator's list and form, and the way back to the plenary.
import { config, socket } from "./connection.js";
import { $, el, fmtTime, showBanner } from "./dom.js";
import { store } from "./store.js";
import { gettext, interpolate, ngettext } from "../i18n.js";

const roomUrl = (id) => config.roomUrlTemplate.replace("{id}", id);

function renderBreakouts({ breakouts, you }) {
  const banner = $("breakout-banner");
  const mine = you && config.kind === "plenary" && breakouts.find((b) => b.members.includes(you.key));
  if (mine && config.role !== "facilitator") {
    banner.hidden = false;
    banner.replaceChildren(`${gettext("You are invited to a breakout:")} `, el("strong", {}, mine.title), " ",
      el("a", { class: "btn", href: roomUrl(mine.id) }, gettext("Join the breakout")));
  } else banner.hidden = true;
  $("breakout-list")?.replaceChildren(...breakouts.map((b) => el("li", {},
    el("a", { href: roomUrl(b.id) }, b.title),
    el("span", { class: "small muted" }, b.closes_at
      ? interpolate(ngettext("%(count)s member, until %(time)s", "%(count)s members, until %(time)s", b.members.length),
        { count: b.members.length, time: fmtTime(b.closes_at) })
      : interpolate(ngettext("%(count)s member", "%(count)s members", b.members.length), { count: b.members.length })),
    el("button", { type: "button", class: "link small", "data-close": b.id }, gettext("close")))));
}

export function mountBreakouts() {
  store.subscribe(["breakouts", "you"], renderBreakouts);
  socket.addEventListener("room_closed", (ev) => {
    showBanner("session-banner", gettext("This breakout has ended. Returning to the plenary…"));
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
