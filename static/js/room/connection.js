// The page's one room connection and its configuration; every frame that carries state goes to the store
// first, so listeners of the same frame elsewhere already see the new state.
import { RoomSocket } from "./socket.js";
import { STATE_FRAMES, store } from "./store.js";

export const config = JSON.parse(document.getElementById("room-config").textContent);
export const socket = new RoomSocket({ path: config.wsPath, roomId: config.room });

for (const type of STATE_FRAMES) socket.addEventListener(type, (ev) => store.dispatch(ev.detail));
// The session's state as the server rendered the page, until the welcome frame brings the live one.
store.dispatch({ type: "session", status: config.status });
