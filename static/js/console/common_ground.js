// The console's common-ground panel (facilitator only). The analysis is the server's: a k-safe HTML
// fragment of the common-ground page. It is reloaded whenever a `statements` frame comes in (the
// server sends one, coalesced, after votes change), at most once a second and only while the panel
// is open, so the groups, the map and the lists follow the votes without a page reload.
import { $ } from "../room/dom.js";
import { store } from "../room/store.js";

const MIN_GAP_MS = 1000;

export function mountCommonGround() {
  const box = $("console-common-ground");
  if (!box) return;
  const url = box.dataset.url;
  let inFlight = false;
  let again = false;
  let last = 0;
  let timer = null;

  async function load() {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    last = Date.now();
    try {
      const res = await fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } });
      // Rendered by Django's templates (escaped) from the k-anonymous public view.
      if (res.ok) $("common-ground-panel").innerHTML = await res.text();
    } catch {
      // Offline for a moment: keep the last picture; the next frame tries again.
    } finally {
      inFlight = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  }

  function schedule() {
    if (!box.open || document.hidden) return;
    clearTimeout(timer);
    timer = setTimeout(load, Math.max(0, last + MIN_GAP_MS - Date.now()));
  }

  box.addEventListener("toggle", schedule);
  document.addEventListener("visibilitychange", schedule);
  store.subscribe(["statements"], schedule);
}
