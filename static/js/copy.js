// Buttons marked data-copy="<input id>" copy that input's value and say so beside it.
import { gettext } from "./i18n.js";
for (const button of document.querySelectorAll("button[data-copy]")) {
  button.addEventListener("click", async () => {
    const input = document.getElementById(button.dataset.copy);
    const said = document.querySelector(`[data-copied="${button.dataset.copy}"]`);
    try {
      await navigator.clipboard.writeText(input.value);
      if (said) said.textContent = gettext("Copied.");
    } catch {
      input.select(); // no clipboard permission: leave it selected for Ctrl+C
      if (said) said.textContent = gettext("Press Ctrl+C (⌘C) to copy.");
    }
  });
}
