// Statements to vote on, as everyone in the room sees them live (results only once k people voted).
import { socket } from "../room/connection.js";
import { $, el } from "../room/dom.js";
import { store } from "../room/store.js";
import { gettext, interpolate, ngettext } from "../i18n.js";

const VOTES = [[1, gettext("Agree"), "agree"], [-1, gettext("Disagree"), "disagree"], [0, gettext("Pass"), "pass"]];

function resultsNode(s, kMin) {
  if (!s.results) {
    const more = kMin ? Math.max(0, kMin - s.votes) : null;
    return el("div", { class: "results small muted" },
      interpolate(ngettext("%(count)s vote", "%(count)s votes", s.votes), { count: s.votes }),
      more ? ` · ${interpolate(gettext("results show after %(count)s more"), { count: more })}` : "");
  }
  const total = s.votes || 1;
  const bar = el("div", { class: "vote-bar", role: "img",
    "aria-label": interpolate(gettext("%(agree)s agree, %(disagree)s disagree, %(pass)s pass"), s.results) },
    ...VOTES.map(([, , key]) => el("span", { class: key, style: `width:${(100 * s.results[key]) / total}%` })));
  return el("div", { class: "results small" }, bar,
    el("span", {}, interpolate(gettext("%(votes)s votes: %(agree)s agree, %(disagree)s disagree, %(pass)s pass"),
      { votes: s.votes, ...s.results })));
}

function render(role, { statements, kMin, myVotes }) {
  $("statements-empty").hidden = statements.length > 0;
  if (kMin) $("k-min").textContent = String(kMin);
  $("statements").replaceChildren(...statements.map((s) => {
    const open = s.status === "open";
    const mine = myVotes[String(s.id)];
    const li = el("li", { class: ["statement", !open && "closed"], "data-id": s.id },
      el("div", {}, el("strong", {}, `S${s.number}`), " ", s.text,
        open ? null : el("span", { class: "badge" }, gettext("closed"))),
      resultsNode(s, kMin));
    if (role === "participant" && open) {
      li.append(el("div", { class: "row vote-buttons" }, ...VOTES.map(([value, label]) => el("button", {
        type: "button", class: ["secondary", mine === value && "chosen"], "data-vote": value,
        "aria-pressed": mine === value ? "true" : "false",
      }, label))));
    } else if (role === "participant" && mine !== undefined) {
      const [, label] = VOTES.find(([v]) => v === mine);
      li.append(el("div", { class: "small muted" }, interpolate(gettext("You voted: %(vote)s"), { vote: label })));
    }
    if (role === "facilitator") {
      li.append(el("div", { class: "row" },
        open ? el("button", { type: "button", class: "link small", "data-close-statement": s.id }, gettext("Close voting")) : null,
        el("button", { type: "button", class: "link small", "data-remove-statement": s.id }, gettext("Remove"))));
    }
    return li;
  }));
}

export function mountStatements(role) {
  store.subscribe(["statements", "kMin", "myVotes"], (state) => render(role, state), { now: true });
  $("statements").addEventListener("click", (ev) => {
    const t = ev.target.closest("button");
    if (!t) return;
    const id = Number(t.closest("li").dataset.id);
    if (t.dataset.vote !== undefined) socket.send({ type: "vote", statement: id, value: Number(t.dataset.vote), ref: "c:vote" });
    else if (t.dataset.closeStatement) socket.send({ type: "statement_close", id, ref: "c:close" });
    else if (t.dataset.removeStatement && confirm(gettext("Remove this statement and all its votes?"))) {
      socket.send({ type: "statement_remove", id, ref: "c:remove" });
    }
  });
  $("statement-form")?.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = $("statement-text").value.trim();
    if (!text) return;
    if (socket.send({ type: "statement_propose", text, ref: "c:propose" })) $("statement-text").value = "";
  });
}
