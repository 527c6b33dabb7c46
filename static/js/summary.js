// Live progress of a summary compile: polls a small JSON endpoint every second and reloads the page
// when the compile is done (draft ready, or failed). Without JavaScript the page refreshes itself.
(function () {
  "use strict";
  var bar = document.getElementById("summary-progress");
  if (!bar) return;
  var note = document.getElementById("summary-progress-note");
  var url = bar.getAttribute("data-progress-url");
  var failures = 0;

  function show(data) {
    bar.value = data.progress;
    bar.textContent = data.progress + "%";
    if (note) note.textContent = data.progress + "% · " + (data.note || data.status_label);
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        failures = 0;
        show(data);
        if (data.done) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        // A dropped request is retried, slower each time; the page never gives up on its own.
        failures += 1;
        window.setTimeout(poll, Math.min(1000 * Math.pow(2, failures), 15000));
      });
  }

  window.setTimeout(poll, 1000);
})();
