// Single-text notices in the room (docs/single-text.md): a `single_text` frame says that a text of the
// dialogue has a new version, a round opened or closed, or the package vote opened or closed. The frame
// carries ids, numbers and a link, never clause text; the notice links to the text's own page.
import { socket } from "./connection.js";

const SAYS = {
  version: (f) => `Single text: version ${f.version} is ready to read.`,
  round_opened: (f) => `Single text: round ${f.round} is open on version ${f.version}` +
    (f.deadline ? ` until ${new Date(f.deadline).toLocaleString()}` : "") + ". Rate each clause.",
  round_closed: (f) => `Single text: round ${f.round} has closed.`,
  vote_opened: (f) => `Single text: the package vote on version ${f.version} is open.`,
  vote_closed: (f) => `Single text: the package vote closed — ${RESULTS[f.result] || "closed"}.`,
};
const RESULTS = {
  agreed: "agreed ad referendum",
  not_agreed: "not agreed",
  too_few: "too few votes to declare a result",
};

function notice() {
  let box = document.getElementById("single-text-notice");
  if (!box) {
    box = document.createElement("p");
    box.id = "single-text-notice";
    box.className = "card";
    box.setAttribute("role", "status");
    box.hidden = true;
    document.querySelector("main")?.prepend(box);
  }
  return box;
}

export function mountSingleText() {
  socket.addEventListener("single_text", (ev) => {
    const frame = ev.detail;
    const say = SAYS[frame.event];
    // Only a link to a text page of this site is followed; anything else is not shown.
    if (!say || typeof frame.url !== "string" || !/^\/texts\/\d+\/$/.test(frame.url)) return;
    const box = notice();
    const link = document.createElement("a");
    link.href = frame.url;
    link.textContent = "Open the text";
    link.target = "_blank";
    link.rel = "noopener";
    box.replaceChildren(document.createTextNode(`${say(frame)} `), link);
    box.hidden = false;
  });
}
