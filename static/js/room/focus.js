// Focus that survives re-rendering (WCAG 2.4.3). The room's lists (queue, people, breakouts, statements,
// captures) are rebuilt from the store on every change, so the button a keyboard user just pressed
// ("Lower hand", "Mute", "close") is replaced by a new one, and focus would fall back to the top of the
// page. When the focused element leaves the document, focus goes to its replacement (same id or data-*
// attributes, in the nearest part of the page still there), else to that part itself.

let last = null; // { node, ancestors, match }

function signature(node) {
  if (node.id) return `#${CSS.escape(node.id)}`;
  const data = [...node.attributes].filter((a) => a.name.startsWith("data-"))
    .map((a) => `[${a.name}="${CSS.escape(a.value)}"]`).join("");
  return data ? `${node.localName}${data}` : null;
}

function remember(node) {
  const ancestors = [];
  for (let up = node.parentElement; up && up !== document.body; up = up.parentElement) ancestors.push(up);
  last = { node, ancestors, match: signature(node) };
}

function rescue() {
  if (!last || last.node.isConnected) return;
  const active = document.activeElement;
  if (active && active !== document.body && active !== document.documentElement) return;
  const { ancestors, match } = last;
  const again = match && document.querySelector(match);
  if (again && !again.closest("[hidden]")) { again.focus(); return; }
  const place = ancestors.find((n) => n.isConnected && !n.closest("[hidden]") && n.id);
  const target = place || document.getElementById("main");
  if (!target) return;
  if (!target.matches("a[href], button, input, select, textarea, [tabindex]")) target.setAttribute("tabindex", "-1");
  target.focus();
}

export function mountFocusKeeper() {
  document.addEventListener("focusin", (ev) => { if (ev.target instanceof Element) remember(ev.target); });
  // After the renderer's whole change: a list is emptied and refilled in one task.
  new MutationObserver(() => queueMicrotask(rescue)).observe(document.body, { childList: true, subtree: true });
}
