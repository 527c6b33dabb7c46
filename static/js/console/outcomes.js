// What everyone in the room sees live: statements to vote on (with k-safe results) and the captured list.
import { el } from "../room/dom.js";
import { agendaTitle, store } from "./state.js";

const $ = (id) => document.getElementById(id);
const VOTES = [[1, "Agree", "agree"], [-1, "Disagree", "disagree"], [0, "Pass", "pass"]];

export function mountOutcomes(socket, role, onEditCapture) {
  const facilitator = role === "facilitator";

  function resultsNode(s) {
    if (!s.results) {
      const more = store.kMin ? Math.max(0, store.kMin - s.votes) : null;
      return el("div", { class: "results small muted" },
        `${s.votes} vote${s.votes === 1 ? "" : "s"}`,
        more ? ` · results show after ${more} more` : "");
    }
    const total = s.votes || 1;
    const bar = el("div", { class: "vote-bar", role: "img",
      "aria-label": `${s.results.agree} agree, ${s.results.disagree} disagree, ${s.results.pass} pass` },
      ...VOTES.map(([, , key]) => el("span", { class: key, style: `width:${(100 * s.results[key]) / total}%` })));
    return el("div", { class: "results small" }, bar,
      el("span", {}, `${s.votes} votes: ${s.results.agree} agree, ${s.results.disagree} disagree, ${s.results.pass} pass`));
  }

  function renderStatements() {
    const list = $("statements");
    $("statements-empty").hidden = store.statements.length > 0;
    if (store.kMin) $("k-min").textContent = String(store.kMin);
    list.replaceChildren(...store.statements.map((s) => {
      const open = s.status === "open";
      const li = el("li", { class: ["statement", !open && "closed"], "data-id": s.id },
        el("div", {}, el("strong", {}, `S${s.number}`), " ", s.text,
          open ? null : el("span", { class: "badge" }, "closed")),
        resultsNode(s));
      if (role === "participant" && open) {
        const mine = store.myVotes[String(s.id)];
        li.append(el("div", { class: "row vote-buttons" }, ...VOTES.map(([value, label]) => el("button", {
          type: "button", class: ["secondary", mine === value && "chosen"], "data-vote": value,
          "aria-pressed": mine === value ? "true" : "false",
        }, label))));
      } else if (role === "participant" && store.myVotes[String(s.id)] !== undefined) {
        const mine = VOTES.find(([v]) => v === store.myVotes[String(s.id)]);
        li.append(el("div", { class: "small muted" }, `You voted: ${mine[1].toLowerCase()}`));
      }
      if (facilitator) {
        li.append(el("div", { class: "row" },
          open ? el("button", { type: "button", class: "link small", "data-close-statement": s.id }, "Close voting") : null,
          el("button", { type: "button", class: "link small", "data-remove-statement": s.id }, "Remove")));
      }
      return li;
    }));
  }

  $("statements").addEventListener("click", (ev) => {
    const t = ev.target.closest("button");
    if (!t) return;
    const id = Number(t.closest("li").dataset.id);
    if (t.dataset.vote !== undefined) socket.send({ type: "vote", statement: id, value: Number(t.dataset.vote), ref: "c:vote" });
    else if (t.dataset.closeStatement) socket.send({ type: "statement_close", id, ref: "c:close" });
    else if (t.dataset.removeStatement && confirm("Remove this statement and all its votes?")) {
      socket.send({ type: "statement_remove", id, ref: "c:remove" });
    }
  });

  $("statement-form")?.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = $("statement-text").value.trim();
    if (!text) return;
    if (socket.send({ type: "statement_propose", text, ref: "c:propose" })) $("statement-text").value = "";
  });

  function renderCaptures() {
    const box = $("captures");
    $("captures-count").textContent = String(store.captures.length);
    if (!store.captures.length) { box.replaceChildren(el("p", { class: "small muted" }, "Nothing captured yet.")); return; }
    const groups = new Map();
    for (const c of store.captures) {
      const key = c.agenda_item ?? 0;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(c);
    }
    const order = [...store.agenda.items.map((i) => i.id), 0].filter((k) => groups.has(k));
    for (const k of groups.keys()) if (!order.includes(k)) order.push(k);
    box.replaceChildren(...order.map((key) => el("div", { class: "capture-group" },
      el("h3", {}, key ? (agendaTitle(key) || "Agenda item") : "No agenda item"),
      el("ul", { class: "plain-list captures" }, ...groups.get(key).map((c) => {
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
      })))));
  }

  $("captures").addEventListener("click", (ev) => {
    const t = ev.target.closest("button");
    if (!t) return;
    if (t.dataset.edit) onEditCapture?.(store.captures.find((c) => c.id === Number(t.dataset.edit)));
    else if (t.dataset.resolve) socket.send({ type: "capture_edit", id: Number(t.dataset.resolve), resolved: !t.dataset.resolved, ref: "c:resolve" });
    else if (t.dataset.remove && confirm("Remove this captured item? It will not appear in the summary.")) {
      socket.send({ type: "capture_remove", id: Number(t.dataset.remove), ref: "c:remove" });
    }
  });

  store.addEventListener("change", (ev) => {
    if (ev.detail === "statements") renderStatements();
    if (ev.detail === "captures" || ev.detail === "agenda") renderCaptures();
  });
  renderStatements();
  renderCaptures();
}
