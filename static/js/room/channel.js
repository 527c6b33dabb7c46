// Co-facilitation in the cockpit: the facilitators' private channel (a second socket, to the session's
// channel room, which only facilitators may enter) and the plenary's floor control. Nothing here is ever
// sent to the room's own socket, so nothing said in the channel can reach a participant's page.
// Frames: docs/protocol.md ("Co-facilitation").
import { config, socket as room } from "./connection.js";
import { $, el, fmtTime, showBanner } from "./dom.js";
import { RoomSocket } from "./socket.js";
import { gettext, interpolate } from "../i18n.js";

const channel = new RoomSocket({ path: `/ws/rooms/${config.channel}/`, roomId: config.channel });
let me = null;
let control = { holder: null, request: null, since: null };

function who(member) {
  return member && me && member.key === me.key ? gettext("You") : member?.name ?? "";
}

function renderControl() {
  const { holder, request, since } = control;
  const mine = holder && me && holder.key === me.key;
  const line = $("control-line");
  const at = since ? fmtTime(since) : "";
  if (!holder) line.replaceChildren(gettext("Floor control: nobody holds it, so any facilitator may give the floor."));
  else if (mine) {
    line.replaceChildren(since ? interpolate(gettext("Floor control: you hold it since %(time)s."), { time: at })
      : gettext("Floor control: you hold it."));
  } else {
    line.replaceChildren(since
      ? interpolate(gettext("Floor control: %(name)s holds it since %(time)s."), { name: holder.name, time: at })
      : interpolate(gettext("Floor control: %(name)s holds it."), { name: holder.name }));
  }
  $("control-take").hidden = Boolean(mine);
  $("control-request").hidden = !holder || Boolean(mine) || Boolean(request && me && request.key === me.key);
  $("control-release").hidden = !mine;
  const give = $("control-give");
  give.hidden = !(mine && request);
  if (request) give.dataset.member = request.key;
  const asked = $("control-asked");
  asked.hidden = !request;
  asked.textContent = request ? interpolate(gettext("%(name)s asked for the floor control."), { name: who(request) }) : "";
}

// What the holder must notice goes to the alerts at the top of the cockpit.
function announce(frame) {
  const banner = $("control-banner");
  const was = frame.previous && me && frame.previous.key === me.key;
  let text = "";
  if (frame.event === "taken" && was && frame.by?.key !== me.key) text = interpolate(gettext("%(name)s took the floor control from you."), { name: frame.by.name });
  else if (frame.event === "given" && frame.holder && me && frame.holder.key === me.key) text = interpolate(gettext("%(name)s handed the floor control to you."), { name: frame.by?.name ?? gettext("A facilitator") });
  else if (frame.event === "requested" && frame.holder && me && frame.holder.key === me.key) text = interpolate(gettext("%(name)s asks for the floor control: “Hand it over” is under Floor control."), { name: frame.request.name });
  if (!text) return;
  banner.hidden = false;
  banner.textContent = text;
}

function line(frame) {
  const li = el("li", { class: "msg", "data-seq": frame.seq ?? "" },
    el("div", { class: "meta" }, el("span", { class: "who" }, who(frame.author)), el("time", { datetime: frame.ts }, fmtTime(frame.ts))),
    el("div", { class: "body" }, frame.body));
  return li;
}

function mount() {
  const log = $("channel-log");
  channel.addEventListener("welcome", (ev) => {
    me = ev.detail.you;
    channel.send({ type: "control_status", ref: "channel:status" });
  });
  channel.addEventListener("message", (ev) => {
    const f = ev.detail;
    if (f.client_id && log.querySelector(`[data-client="${CSS.escape(f.client_id)}"]`)) return;
    const li = line(f);
    li.dataset.client = f.client_id || "";
    log.append(li);
    log.scrollTop = log.scrollHeight;
  });
  channel.addEventListener("message_removed", (ev) => {
    log.querySelector(`[data-seq="${ev.detail.seq}"]`)?.remove();
  });
  channel.addEventListener("floor_control", (ev) => {
    control = ev.detail;
    renderControl();
    announce(ev.detail);
  });
  channel.addEventListener("status", (ev) => {
    $("channel-conn").textContent = ev.detail.state === "open" ? "" : gettext("Connecting to the channel…");
  });
  channel.addEventListener("final", (ev) => {
    $("channel-conn").textContent = ev.detail.code === 4410 ? gettext("The channel closed with the session.") : ev.detail.message;
  });
  for (const target of [channel, room]) {
    target.addEventListener("error", (ev) => {
      if (String(ev.detail.ref || "").startsWith("control:") || /floor control/.test(ev.detail.message)) {
        showBanner("control-banner", ev.detail.message);
      }
    });
  }
  $("channel-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const box = $("channel-body");
    const body = box.value.trim();
    if (!body) return;
    channel.say(body);
    box.value = "";
  });
  $("channel-body").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); $("channel-form").requestSubmit(); }
  });
  const act = (id, frame) => $(id).addEventListener("click", () => {
    $("control-banner").hidden = true;
    channel.send({ ...frame(), ref: `control:${id}` });
  });
  act("control-take", () => ({ type: "control_take" }));
  act("control-request", () => ({ type: "control_request" }));
  act("control-release", () => ({ type: "control_release" }));
  act("control-give", () => ({ type: "control_give", member: $("control-give").dataset.member }));
  renderControl();
  channel.connect();
  channel.watch();
}

if (config.channel) mount();
