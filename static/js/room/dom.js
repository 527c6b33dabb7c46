// Tiny DOM helpers: build nodes with text content only (never innerHTML with data), format times.

export const $ = (id) => document.getElementById(id);

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    else if (value === true) node.setAttribute(key, "");
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function showBanner(id, text) {
  const banner = $(id);
  banner.hidden = false;
  banner.textContent = text;
}

export function fmtClock(ms) {
  const total = Math.floor(ms / 1000);
  const m = Math.floor(total / 60);
  const s = String(total % 60).padStart(2, "0");
  return `${m}:${s}`;
}

// A time of day in the viewer's zone, with its abbreviation ("14:05 CET"): the page language's order
// and separators, on a 24-hour clock, so nobody has to guess the zone or the half of the day. Western
// digits in every language, as the server's pages write them.
export function fmtTime(iso) {
  const d = new Date(iso);
  const lang = document.documentElement.lang || undefined;
  return Number.isNaN(d.getTime()) ? "" : d.toLocaleTimeString(lang ? [`${lang}-u-nu-latn`] : [], {
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short",
  });
}
