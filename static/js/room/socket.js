// The room connection: reconnects by itself, replays what it missed by seq, and keeps an outbox of
// messages typed while offline (in localStorage) that are resent with their client_id until acked.
// Protocol: docs/protocol.md (version 1).
import { gettext } from "../i18n.js";

const FINAL_CLOSES = new Map([
  [4401, gettext("You are not logged in. Log in again to rejoin.")],
  [4403, gettext("You are not allowed in this room.")],
  [4410, gettext("This room has closed.")],
  [4429, gettext("You have too many rooms open. Close one and reload.")],
]);

export class RoomSocket extends EventTarget {
  constructor({ path, roomId }) {
    super();
    this.path = path;
    this.roomId = roomId;
    this.lastSeq = 0; // highest stored message seq this page has shown
    this.ws = null;
    this.attempt = 0;
    this.final = null;
    this.welcome = null;
    this.synced = false;
    this.lastFrameAt = 0;
    this.outboxKey = `parley-outbox-${roomId}`;
    this.outbox = this.#loadOutbox();
    this.pendingSync = false;
  }

  connect() {
    if (this.final) return;
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${scheme}://${location.host}${this.path}`);
    this.ws = ws;
    this.#status("connecting");
    ws.addEventListener("open", () => { this.lastFrameAt = Date.now(); });
    ws.addEventListener("message", (ev) => this.#onFrame(ev.data));
    ws.addEventListener("close", (ev) => this.#onClose(ev));
    ws.addEventListener("error", () => {});
  }

  // A frame the application sends (say goes through `say` so it lands in the outbox first).
  send(frame) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN && this.welcome) {
      this.ws.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  say(body, onRecord) {
    const entry = { client_id: crypto.randomUUID(), body, on_record: onRecord, at: Date.now() };
    this.outbox.push(entry);
    this.#saveOutbox();
    this.#emit("pending", entry);
    // Before `synced` the outbox is flushed by the sync handler; sending now would only duplicate.
    if (this.synced) this.send({ type: "say", client_id: entry.client_id, body, on_record: onRecord });
    return entry;
  }

  // Drop a pending message the server refused (the author decides what to do with the text).
  forget(clientId) {
    this.outbox = this.outbox.filter((e) => e.client_id !== clientId);
    this.#saveOutbox();
  }

  // Drop the socket as a failing network would, and stay away for `holdMs` (tests, "reconnect now").
  cut(holdMs = 0) {
    this.holdUntil = Date.now() + holdMs;
    if (this.ws) this.ws.close(4000, "client reconnect");
  }

  #onFrame(text) {
    this.lastFrameAt = Date.now();
    let frame;
    try { frame = JSON.parse(text); } catch { return; }
    switch (frame.type) {
      case "welcome":
        this.welcome = frame;
        this.attempt = 0;
        this.synced = false;
        this.#status("syncing");
        this.#emit("welcome", frame);
        this.ws.send(JSON.stringify({ type: "sync", after: this.lastSeq }));
        break;
      case "synced":
        this.synced = true;
        this.pendingSync = false;
        this.#status("open");
        this.#flushOutbox();
        this.#emit("synced", frame);
        break;
      case "behind":
        // The server dropped what it had queued for this socket and is sending it again from the
        // database; its `synced` ends that. No `sync` of our own meanwhile: it would only repeat it.
        this.pendingSync = true;
        this.#status("syncing");
        this.#emit("behind", frame);
        break;
      case "message":
      case "rendering": // an interpreter's rendering takes the room's next seq like a message
        if (frame.seq !== null) {
          if (frame.seq <= this.lastSeq) return; // already shown: a replay overlapping a live delivery
          if (this.synced && frame.seq > this.lastSeq + 1 && !this.pendingSync) {
            // A gap: the server normally fills it itself; ask explicitly in case it could not.
            this.pendingSync = true;
            this.ws.send(JSON.stringify({ type: "sync", after: this.lastSeq }));
          }
          this.lastSeq = frame.seq;
        }
        this.#emit(frame.type, frame);
        break;
      case "ack":
        this.forget(frame.client_id);
        this.#emit("ack", frame);
        break;
      case "error":
        if (frame.ref && this.outbox.some((e) => e.client_id === frame.ref)) {
          this.forget(frame.ref); // refused: keep the text in the composer, not in the outbox
        }
        this.#emit("error", frame);
        break;
      default:
        this.#emit(frame.type, frame);
    }
  }

  #flushOutbox() {
    for (const entry of this.outbox) {
      this.send({ type: "say", client_id: entry.client_id, body: entry.body, on_record: entry.on_record });
    }
  }

  #onClose(ev) {
    this.welcome = null;
    this.synced = false;
    if (FINAL_CLOSES.has(ev.code)) {
      this.final = { code: ev.code, message: FINAL_CLOSES.get(ev.code) };
      this.#status("closed");
      this.#emit("final", this.final);
      return;
    }
    this.#status("reconnecting");
    const backoff = Math.min(10000, 400 * 2 ** this.attempt) * (0.7 + Math.random() * 0.6);
    const delay = Math.max(backoff, (this.holdUntil || 0) - Date.now());
    this.attempt += 1;
    setTimeout(() => this.connect(), delay);
  }

  // Half-open sockets (a laptop waking up) show no error: ping, and reconnect if nothing comes back.
  watch() {
    setInterval(() => {
      if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return;
      if (Date.now() - this.lastFrameAt > 45000) { this.cut(); return; }
      this.send({ type: "ping" });
    }, 20000);
    const nudge = () => {
      if (this.ws && this.ws.readyState === WebSocket.OPEN) this.send({ type: "ping" });
      else if (!this.final && this.ws && this.ws.readyState === WebSocket.CLOSED) this.connect();
    };
    window.addEventListener("online", nudge);
    document.addEventListener("visibilitychange", () => { if (!document.hidden) nudge(); });
  }

  #status(state) { this.#emit("status", { state }); }

  #emit(type, detail) { this.dispatchEvent(new CustomEvent(type, { detail })); }

  #loadOutbox() {
    try { return JSON.parse(localStorage.getItem(this.outboxKey) || "[]"); } catch { return []; }
  }

  #saveOutbox() {
    try { localStorage.setItem(this.outboxKey, JSON.stringify(this.outbox)); } catch { /* private mode */ }
  }
}
