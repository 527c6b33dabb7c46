// Interpretation in the room (docs/interpretation.md). Readers choose the language they read (remembered
// on the server per person) and see an interpreter's rendering into it in place of the original, which
// one button shows again. Interpreters see which messages still need rendering into the readers'
// languages and render them under the message.
import { gettext, interpolate } from "../i18n.js";
import { config, socket } from "./connection.js";
import { $, el } from "./dom.js";

const byCode = new Map(config.languages.map((l) => [l.code, l]));
const nameOf = (code) => (byCode.get(code) ? byCode.get(code).name : code);
const dirOf = (code) => (byCode.get(code) && byCode.get(code).rtl ? "rtl" : "ltr");
const isInterpreter = config.role === "interpreter";

let reads = config.reads;
// message seq -> language -> { text, seq, interpreter }
const renderings = new Map();
// Languages the interpreter's marks ask for: what readers chose, and every language a message is in.
const targets = new Set(config.readerLanguages);

const nodeOf = (seq) => $("transcript").querySelector(`li.msg[data-seq="${seq}"]`);

// Called by the transcript for every message node it builds.
export function decorate(li, m) {
  const body = li.querySelector(".body");
  if (m.language) {
    li.dataset.lang = m.language;
    body.lang = m.language;
  }
  body.dir = "auto";
  if (!m.seq) return; // pending or off the record: never rendered
  if (m.language && !targets.has(m.language)) {
    targets.add(m.language);
    if (isInterpreter) refreshAll();
  }
  refresh(li);
}

function renderingBlock(li, r) {
  const shown = li.dataset.original === "shown";
  const id = `original-${li.dataset.seq}`;
  return el("div", { class: "rendering" },
    el("div", { class: "rendering-text", lang: reads, dir: dirOf(reads) }, r.text),
    el("div", { class: "rendering-meta small muted" },
      el("span", {}, interpolate(gettext("Interpreted from %(language)s"), { language: nameOf(li.dataset.lang || "") || gettext("another language") })),
      " ",
      el("button", {
        type: "button", class: "link", "data-toggle-original": li.dataset.seq,
        "aria-expanded": shown ? "true" : "false", "aria-controls": id,
      }, shown ? gettext("Hide original") : gettext("Show original"))));
}

function interpreterBlock(li) {
  const seq = Number(li.dataset.seq);
  const done = renderings.get(seq) || new Map();
  const source = li.dataset.lang || "";
  const needed = [...targets].filter((code) => code !== source && !done.has(code));
  const parts = [];
  for (const [code, r] of done) {
    parts.push(el("div", { class: "rendering done", "data-rendered": code },
      el("span", { class: "badge" }, nameOf(code)), " ",
      el("span", { lang: code, dir: dirOf(code) }, r.text)));
  }
  const marks = needed.map((code) => el("span", { class: "badge warn needs", "data-needs": code },
    interpolate(gettext("Needs rendering into %(language)s"), { language: nameOf(code) })));
  parts.push(el("div", { class: "row interp-actions" },
    source ? el("span", { class: "small muted" }, interpolate(gettext("Written in %(language)s"), { language: nameOf(source) })) : null,
    ...marks,
    el("button", { type: "button", class: "secondary", "data-render": seq }, gettext("Render"))));
  return el("div", { class: "interp" }, ...parts);
}

// The rendering this reader is shown in place of message `seq` (null: the original is shown). The same
// rule as `refresh`, so what a screen reader hears (announce.js) is what the page shows.
export function shownRendering(seq) {
  const li = nodeOf(seq);
  if (isInterpreter || !li || li.classList.contains("removed")) return null;
  const mine = (renderings.get(Number(seq)) || new Map()).get(reads);
  if (!mine || li.dataset.lang === reads) return null;
  return { text: mine.text, seq: mine.seq, from: nameOf(li.dataset.lang || "") || gettext("another language") };
}

function refresh(li) {
  if (!li || !li.dataset.seq || li.classList.contains("removed")) return;
  li.querySelectorAll(":scope > .rendering, :scope > .interp").forEach((n) => n.remove());
  const body = li.querySelector(".body");
  body.id = `original-${li.dataset.seq}`;
  if (isInterpreter) {
    body.hidden = false;
    const form = li.querySelector(":scope > .render-form");
    li.insertBefore(interpreterBlock(li), form || null);
    return;
  }
  const mine = (renderings.get(Number(li.dataset.seq)) || new Map()).get(reads);
  // A message already in the reader's language is shown as it was written.
  if (!mine || li.dataset.lang === reads) {
    body.hidden = false;
    return;
  }
  body.hidden = li.dataset.original !== "shown";
  li.insertBefore(renderingBlock(li, mine), body);
}

function refreshAll() {
  $("transcript").querySelectorAll("li.msg[data-seq]").forEach(refresh);
}

function renderForm(li) {
  const existing = li.querySelector(":scope > .render-form");
  if (existing) { existing.querySelector("textarea").focus(); return; }
  const seq = Number(li.dataset.seq);
  const done = renderings.get(seq) || new Map();
  const source = li.dataset.lang || "";
  const first = [...targets].find((c) => c !== source && !done.has(c))
    || config.languages.map((l) => l.code).find((c) => c !== source) || reads;
  const ids = { lang: `render-lang-${seq}`, text: `render-text-${seq}` };
  const select = el("select", { id: ids.lang, name: "language" },
    ...config.languages.map((l) => el("option", { value: l.code, selected: l.code === first || null }, l.label)));
  const area = el("textarea", { id: ids.text, rows: 2, maxlength: config.maxChars, required: true });
  const sync = () => { area.lang = select.value; area.dir = dirOf(select.value); };
  select.addEventListener("change", sync);
  sync();
  const form = el("form", { class: "render-form stack", "data-of": seq },
    el("div", { class: "row" },
      el("label", { for: ids.lang }, gettext("Render into")), select),
    el("label", { for: ids.text, class: "visually-hidden" }, gettext("Rendering")),
    area,
    el("div", { class: "row" },
      el("span", { class: "render-note small", role: "status" }),
      el("button", { type: "submit" }, gettext("Send rendering")),
      el("button", { type: "button", class: "secondary", "data-render-cancel": seq }, gettext("Cancel"))));
  li.append(form);
  area.focus();
}

function store(frame) {
  if (!renderings.has(frame.of)) renderings.set(frame.of, new Map());
  renderings.get(frame.of).set(frame.language, { text: frame.text, seq: frame.seq, interpreter: frame.interpreter });
}

async function chooseLanguage(code) {
  reads = code;
  document.getElementById("transcript").dataset.reads = code;
  refreshAll();
  const form = $("reading-form");
  const data = new FormData(form);
  data.set("language", code);
  try {
    const res = await fetch(form.action, { method: "POST", body: data, headers: { "X-Requested-With": "fetch" } });
    $("reading-note").textContent = res.ok ? "" : gettext("Your choice could not be saved; it applies to this page only.");
  } catch {
    $("reading-note").textContent = gettext("Your choice could not be saved; it applies to this page only.");
  }
}

export function mountInterpretation() {
  const transcript = $("transcript");
  transcript.dataset.reads = reads;
  const select = $("reading-language");
  if (select) {
    select.value = reads;
    select.addEventListener("change", () => chooseLanguage(select.value));
  }
  socket.addEventListener("rendering", (ev) => {
    store(ev.detail);
    refresh(nodeOf(ev.detail.of));
  });
  socket.addEventListener("message_removed", (ev) => {
    renderings.delete(ev.detail.seq);
    const li = nodeOf(ev.detail.seq);
    if (!li) return;
    li.querySelectorAll(":scope > .rendering, :scope > .interp, :scope > .render-form").forEach((n) => n.remove());
    li.querySelector(".body").hidden = false;
  });
  transcript.addEventListener("click", (ev) => {
    const b = ev.target.closest("button");
    if (!b) return;
    if (b.dataset.toggleOriginal) {
      const li = nodeOf(b.dataset.toggleOriginal);
      li.dataset.original = li.dataset.original === "shown" ? "" : "shown";
      refresh(li);
      li.querySelector("[data-toggle-original]").focus();
    } else if (b.dataset.render) {
      renderForm(nodeOf(b.dataset.render));
    } else if (b.dataset.renderCancel) {
      const li = nodeOf(b.dataset.renderCancel);
      li.querySelector(":scope > .render-form").remove();
      li.querySelector("[data-render]").focus();
    }
  });
  transcript.addEventListener("submit", (ev) => {
    const form = ev.target.closest(".render-form");
    if (!form) return;
    ev.preventDefault();
    const text = form.querySelector("textarea").value;
    if (!text.trim()) return;
    const language = form.querySelector("select").value;
    if (socket.send({ type: "render", of: Number(form.dataset.of), language, text, ref: `render-${form.dataset.of}` })) {
      const li = form.closest("li");
      form.remove();
      li.querySelector("[data-render]").focus();
    }
  });
  socket.addEventListener("error", (ev) => {
    const ref = ev.detail.ref;
    if (typeof ref === "string" && ref.startsWith("render-")) {
      $("composer-note").textContent = ev.detail.message;
    }
  });
}
