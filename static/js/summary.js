// Live progress of a summary compile: polls a small JSON endpoint every second and reloads the page
// when the compile is done (draft ready, or failed). Without JavaScript the page refreshes itself.

function show(bar, note, data) {
  bar.value = data.progress;
  bar.textContent = `${data.progress}%`;
  if (note) note.textContent = `${data.progress}% · ${data.note || data.status_label}`;
}

function follow(bar, note) {
  const url = bar.getAttribute("data-progress-url");
  let failures = 0;
  const poll = () => {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.json();
      })
      .then((data) => {
        failures = 0;
        show(bar, note, data);
        if (data.done) location.reload();
        else setTimeout(poll, 1000);
      })
      .catch(() => {
        // A dropped request is retried, slower each time; the page never gives up on its own.
        failures += 1;
        setTimeout(poll, Math.min(1000 * 2 ** failures, 15000));
      });
  };
  setTimeout(poll, 1000);
}

const bar = document.getElementById("summary-progress");
if (bar) follow(bar, document.getElementById("summary-progress-note"));
