// Loads the agenda suggestions (open items of earlier sessions) into the session page's agenda builder.
// The fragment is rendered and escaped by the server; without JavaScript the link to the full page stays.
const box = document.getElementById("agenda-suggestions");
if (box) {
  fetch(box.dataset.src, { credentials: "same-origin", headers: { Accept: "text/html" } })
    .then((r) => (r.ok ? r.text() : Promise.reject(new Error(String(r.status)))))
    .then((html) => { box.innerHTML = html; })
    .catch(() => { /* keep the link */ });
}
