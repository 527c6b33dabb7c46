// The capture form: new items, one click on a stored message (its text, never its author), and edits.
import { socket } from "../room/connection.js";
import { $, el } from "../room/dom.js";
import { store } from "../room/store.js";
import { note } from "./note.js";
import { gettext, interpolate } from "../i18n.js";

// The agenda item choice follows the current item until the facilitator picks one.
function renderItemChoice({ agenda }) {
  const select = $("capture-item");
  const chosen = select.dataset.touched ? select.value : String(agenda.current ?? "");
  select.replaceChildren(el("option", { value: "" }, gettext("No agenda item")),
    ...agenda.items.map((i) => el("option", { value: i.id, selected: String(i.id) === chosen || null },
      i.id === agenda.current ? interpolate(gettext("%(title)s (now)"), { title: i.title }) : i.title)));
}

function reset() {
  $("capture-form").reset();
  $("capture-id").value = ""; $("capture-seq").value = "";
  $("capture-source").hidden = true;
  $("capture-save").textContent = gettext("Capture");
  $("capture-cancel").hidden = true;
  delete $("capture-item").dataset.touched;
  renderItemChoice(store.state);
}

function fill({ text, kind, item, seq = "", id = "" }) {
  $("console-capture").open = true;
  $("capture-text").value = text;
  if (kind) $("capture-kind").value = kind;
  if (item !== undefined) { $("capture-item").value = item ?? ""; $("capture-item").dataset.touched = "1"; }
  $("capture-seq").value = seq; $("capture-id").value = id;
  $("capture-source").hidden = !seq;
  $("capture-source").textContent = seq ? interpolate(gettext("From message %(seq)s. Edit freely; who said it is never recorded."), { seq }) : "";
  $("capture-save").textContent = id ? gettext("Save changes") : gettext("Capture");
  $("capture-cancel").hidden = !(id || seq);
  $("capture-text").focus();
}

// Open a captured item in the form (the "edit" button of the captured list).
export function editCapture(c) {
  if (c) fill({ text: c.text, kind: c.kind, item: c.agenda_item, id: c.id });
}

// Every stored message gets a "Capture" button.
function addCaptureButtons(transcript) {
  for (const li of transcript.querySelectorAll("li.msg[data-seq]:not(.removed):not([data-capturable])")) {
    li.dataset.capturable = "1";
    li.querySelector(".meta")?.append(el("button", { type: "button", class: "link", "data-capture-seq": li.dataset.seq }, gettext("Capture")));
  }
}

export function mountCapture() {
  store.subscribe(["agenda"], renderItemChoice, { now: true });
  $("capture-item").addEventListener("change", () => { $("capture-item").dataset.touched = "1"; });
  $("capture-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = $("capture-text").value.trim();
    if (!text) return;
    const item = $("capture-item").value;
    const frame = { text, kind: $("capture-kind").value, agenda_item: item ? Number(item) : null };
    if ($("capture-id").value) Object.assign(frame, { type: "capture_edit", id: Number($("capture-id").value), ref: "c:edit" });
    else {
      Object.assign(frame, { type: "capture", ref: "c:capture" });
      if ($("capture-seq").value) frame.seq = Number($("capture-seq").value);
    }
    if (socket.send(frame)) note(gettext("Saving…"));
    else note(gettext("Not connected; try again in a moment."), "warn");
  });
  $("capture-cancel").addEventListener("click", reset);
  socket.addEventListener("done", (ev) => {
    const d = ev.detail;
    if ((d.action === "capture" || d.action === "capture_edit") && (d.ref === "c:capture" || d.ref === "c:edit")) {
      reset();
      note(d.action === "capture" ? gettext("Captured.") : gettext("Saved."), "ok");
    }
  });

  const transcript = $("transcript");
  new MutationObserver(() => addCaptureButtons(transcript)).observe(transcript, { childList: true });
  addCaptureButtons(transcript);
  transcript.addEventListener("click", (ev) => {
    const seq = ev.target.dataset?.captureSeq;
    if (!seq) return;
    const body = ev.target.closest("li").querySelector(".body").textContent;
    fill({ text: body, seq, kind: $("capture-kind").value });
  });
}
