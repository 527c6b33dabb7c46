// The captured list, as everyone in the room sees it live, grouped by agenda item.
import { socket } from "../room/connection.js";
import { $, el } from "../room/dom.js";
import { store } from "../room/store.js";
import { editCapture } from "./capture.js";
import { gettext } from "../i18n.js";

function group(captures, agenda) {
  const groups = new Map();
  for (const c of captures) {
    const key = c.agenda_item ?? 0;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(c);
  }
  const order = [...agenda.items.map((i) => i.id), 0].filter((k) => groups.has(k));
  for (const k of groups.keys()) if (!order.includes(k)) order.push(k);
  return order.map((key) => [key, groups.get(key)]);
}

function itemNode(c, facilitator) {
  const li = el("li", { class: ["capture", c.resolved && "resolved"], "data-id": c.id },
    el("span", { class: `badge kind ${c.kind}` }, c.kind_label),
    c.carried ? el("span", { class: "badge" }, "carried over") : null,
    c.resolved ? el("span", { class: "badge ok" }, "resolved") : null,
    el("span", { class: "capture-text" }, c.text));
  if (facilitator) {
    li.append(el("span", { class: "actions" },
      el("button", { type: "button", class: "link small", "data-edit": c.id }, "edit"),
      ["action_item", "open_question"].includes(c.kind)
        ? el("button", { type: "button", class: "link small", "data-resolve": c.id, "data-resolved": c.resolved ? "1" : "" },
          c.resolved ? "reopen" : "resolve") : null,
      el("button", { type: "button", class: "link small", "data-remove": c.id }, "remove")));
  }
  return li;
}

function render(facilitator, { captures, agenda }) {
  const box = $("captures");
  $("captures-count").textContent = String(captures.length);
  if (!captures.length) { box.replaceChildren(el("p", { class: "small muted" }, gettext("Nothing captured yet."))); return; }
  const title = (id) => agenda.items.find((i) => i.id === id)?.title;
  box.replaceChildren(...group(captures, agenda).map(([key, items]) => el("div", { class: "capture-group" },
    el("h3", {}, key ? (title(key) || gettext("Agenda item")) : gettext("No agenda item")),
    el("ul", { class: "plain-list captures" }, ...items.map((c) => itemNode(c, facilitator))))));
}

export function mountCaptured(role) {
  const facilitator = role === "facilitator";
  store.subscribe(["captures", "agenda"], (state) => render(facilitator, state), { now: true });
  $("captures").addEventListener("click", (ev) => {
    const t = ev.target.closest("button");
    if (!t) return;
    if (t.dataset.edit) editCapture(store.state.captures.find((c) => c.id === Number(t.dataset.edit)));
    else if (t.dataset.resolve) socket.send({ type: "capture_edit", id: Number(t.dataset.resolve), resolved: !t.dataset.resolved, ref: "c:resolve" });
    else if (t.dataset.remove && confirm(gettext("Remove this captured item? It will not appear in the summary."))) {
      socket.send({ type: "capture_remove", id: Number(t.dataset.remove), ref: "c:remove" });
    }
  });
}
