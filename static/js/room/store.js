// The one store of what the room page knows about its room, shared by the room and the console.
// It changes only through `dispatch(frame)`: `reduce` turns a protocol frame (docs/protocol.md) into a
// new state object. `subscribe(keys, fn)` calls `fn(state, frame)` after every dispatch that gave one of
// those top-level keys a new value; renderers are plain functions of the state they read.

export const initialState = Object.freeze({
  you: null, // { key, name, role } once welcomed
  onRecord: true,
  status: "scheduled", // the session's status: scheduled / lobby / live / paused / closed
  sessionClock: { started_at: null, ends_at: null }, // the server's deadlines for the session clock
  agenda: { items: [], current: null, started_at: null },
  queue: { hands: [], floor: null },
  presence: [], // members present now (a page of them when presenceComplete is false)
  presentCount: 0,
  presenceComplete: true,
  muted: [], // member keys
  breakouts: [],
  captures: [],
  statements: [],
  kMin: null,
  myVotes: {}, // statement id -> -1 | 0 | 1
});

// The room state that `welcome` and `state` frames carry whole.
const fromRoom = (s) => ({
  onRecord: s.on_record, status: s.session_status, agenda: s.agenda, queue: s.queue,
  sessionClock: { started_at: s.session_started_at ?? null, ends_at: s.session_ends_at ?? null },
  presence: s.presence, muted: s.muted, breakouts: s.breakouts,
  presentCount: s.present_count ?? s.presence.length, presenceComplete: s.presence_complete ?? true,
});

// A large room sends counts only; a small one keeps the list current (docs/protocol.md, "Large rooms").
function presenceChanged(state, frame) {
  const count = frame.count ?? state.presentCount;
  if (!state.presenceComplete) return { ...state, presentCount: count };
  const presence = present(state.presence, frame);
  return { ...state, presence, presentCount: frame.count ?? presence.length };
}

function present(list, { joined, left }) {
  const byKey = new Map(list.map((m) => [m.key, m]));
  for (const m of joined) byKey.set(m.key, m);
  for (const key of left) byKey.delete(key);
  return [...byKey.values()];
}

export function reduce(state, frame) {
  switch (frame.type) {
    case "welcome": return { ...state, you: frame.you, ...fromRoom(frame.state) };
    case "state": return { ...state, ...fromRoom(frame.state) };
    case "record": return { ...state, onRecord: frame.on_record };
    case "session": return {
      ...state, status: frame.status,
      sessionClock: { started_at: frame.started_at ?? null, ends_at: frame.ends_at ?? null },
    };
    case "agenda": return { ...state, agenda: frame.agenda };
    case "queue": return { ...state, queue: frame.queue };
    case "presence": return presenceChanged(state, frame);
    case "who": return {
      ...state, presentCount: frame.count,
      presence: frame.page === 0 ? frame.members : present(state.presence, { joined: frame.members, left: [] }),
      presenceComplete: frame.pages === 1 && frame.count <= frame.members.length,
    };
    case "muted": return { ...state, muted: frame.muted };
    case "breakouts": return { ...state, breakouts: frame.breakouts };
    case "captures": return { ...state, captures: frame.captures };
    case "statements": return { ...state, statements: frame.statements, kMin: frame.k_min };
    case "my_votes": return { ...state, myVotes: frame.votes };
    default: return state;
  }
}

// The frame types `reduce` knows, for whoever feeds the store.
export const STATE_FRAMES = [
  "welcome", "state", "record", "session", "agenda", "queue", "presence", "muted", "breakouts",
  "captures", "statements", "my_votes", "who",
];

export function createStore(reducer, initial) {
  let state = initial;
  const listeners = new Set();
  return {
    get state() { return state; },
    dispatch(frame) {
      const before = state;
      state = reducer(state, frame);
      if (state === before) return;
      const changed = Object.keys(state).filter((key) => state[key] !== before[key]);
      for (const { keys, fn } of [...listeners]) {
        if (keys.some((key) => changed.includes(key))) fn(state, frame);
      }
    },
    // `now`: also call `fn` at once, for parts that render the state they find when they mount.
    subscribe(keys, fn, { now = false } = {}) {
      const listener = { keys, fn };
      listeners.add(listener);
      if (now) fn(state, null);
      return () => listeners.delete(listener);
    },
  };
}

export const store = createStore(reduce, initialState);

// Only a live session is on the record: before it (scheduled, lobby) and during a pause nothing is stored.
export const onRecordNow = (state) => state.onRecord && state.status === "live";
