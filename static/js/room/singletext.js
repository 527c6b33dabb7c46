// Single-text notices in the room (docs/single-text.md): a `single_text` frame says that a text of the
// dialogue has a new version, a round opened or closed, or the package vote opened or closed. The frame
// carries ids, numbers and a link, never clause text; the notice links to the text's own page.
import { socket } from "./connection.js";
import { gettext, interpolate } from "../i18n.js";

const SAYS = {
  version: (f) => interpolate(gettext("Single text: version %(version)s is ready to read."), f),
  round_opened: (f) => (f.deadline
    ? interpolate(gettext("Single text: round %(round)s is open on version %(version)s until %(deadline)s. Rate each clause."),
      { ...f, deadline: new Date(f.deadline).toLocaleString(`${document.documentElement.lang}-u-nu-latn`) })
    : interpolate(gettext("Single text: round %(round)s is open on version %(version)s. Rate each clause."), f)),
  round_closed: (f) => interpolate(gettext("Single text: round %(round)s has closed."), f),
  vote_opened: (f) => interpolate(gettext("Single text: the package vote on version %(version)s is open."), f),
  vote_closed: (f) => interpolate(gettext("Single text: the package vote closed — %(result)s."),
    { result: RESULTS[f.result] || gettext("closed") }),
};
const RESULTS = {
  agreed: gettext("agreed ad referendum"),
  not_agreed: gettext("not agreed"),
  too_few: gettext("too few votes to declare a result"),
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
    link.textContent = gettext("Open the text");
    link.target = "_blank";
    link.rel = "noopener";
    box.replaceChildren(document.createTextNode(`${say(frame)} `), link);
    box.hidden = false;
  });
}
