// The console's one status line.
import { $ } from "../room/dom.js";

export function note(text, cls = "") {
  const line = $("console-note");
  line.textContent = text;
  line.className = `small ${cls}`;
}
