// Who is present: the member list (with mute / remove for the facilitator) and the breakout member picker.
import { config, socket } from "./connection.js";
import { $, el } from "./dom.js";
import { store } from "./store.js";
import { gettext, interpolate, roleLabel } from "../i18n.js";

let nextPage = 1;

function renderPresence({ presence, muted, you, presentCount, presenceComplete }) {
  const members = [...presence].sort((a, b) => a.name.localeCompare(b.name));
  $("presence").replaceChildren(...members.map((m) => {
    const isMuted = muted.includes(m.key);
    const li = el("li", {}, el("span", {}, m.name),
      m.role !== "participant" ? el("span", { class: "badge" }, roleLabel(m.role)) : null,
      isMuted ? el("span", { class: "badge danger" }, gettext("muted")) : null);
    if (config.role === "facilitator" && you && m.key !== you.key) {
      li.append(el("span", { class: "actions" },
        el("button", { type: "button", class: "secondary", "data-mute": m.key, "data-muted": isMuted ? "1" : "" }, isMuted ? gettext("Unmute") : gettext("Mute")),
        el("button", { type: "button", class: "secondary", "data-remove": m.key, "data-name": m.name }, gettext("Remove"))));
    }
    return li;
  }));
  // Interpreters are listed but never counted among those taking part (a large room sends a count).
  const taking = members.filter((m) => m.role !== "interpreter").length;
  $("present-count").textContent = String(presenceComplete ? taking : presentCount);
  const more = $("presence-more");
  if (more) {
    const partial = !presenceComplete && members.length < presentCount;
    more.hidden = !partial;
    more.textContent = interpolate(gettext("Show more (%(listed)s of %(count)s listed)"),
      { listed: members.length, count: presentCount });
    if (!partial) nextPage = 1;
  }
  const pick = $("breakout-members");
  if (pick) {
    const checked = new Set([...pick.querySelectorAll("input:checked")].map((i) => i.value));
    pick.replaceChildren(el("legend", { class: "small" }, gettext("Members (present now)")),
      ...members.filter((m) => m.role !== "facilitator").map((m) => el("label", {},
        el("input", { type: "checkbox", value: m.key, checked: checked.has(m.key) || null }), m.name)));
  }
}

export function mountPresence() {
  store.subscribe(["presence", "muted", "you", "presentCount", "presenceComplete"], renderPresence);
  $("presence-more")?.addEventListener("click", () => {
    socket.send({ type: "who", page: nextPage });
    nextPage += 1;
  });
  // A small room's list is kept current; when a large room becomes small again, fetch the list once.
  let asked = false;
  socket.addEventListener("who", () => { asked = false; });
  store.subscribe(["presentCount"], ({ presenceComplete, presentCount }) => {
    const limit = socket.welcome?.limits?.presence_list ?? 100;
    if (!presenceComplete && !asked && presentCount <= limit) {
      asked = true;
      socket.send({ type: "who", page: 0 });
    }
  });
  $("presence").addEventListener("click", (ev) => {
    const t = ev.target;
    if (t.dataset.mute) socket.send({ type: "mute", member: t.dataset.mute, muted: !t.dataset.muted });
    if (t.dataset.remove && confirm(interpolate(gettext("Remove %(name)s from this session? Their connection closes at once."), { name: t.dataset.name }))) {
      socket.send({ type: "remove", member: t.dataset.remove });
    }
  });
}
