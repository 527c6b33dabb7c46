// Forms marked data-confirm="question" ask before they submit (the CSP allows no onsubmit="" attribute).
for (const form of document.querySelectorAll("form[data-confirm]")) {
  form.addEventListener("submit", (event) => {
    if (!confirm(form.dataset.confirm)) event.preventDefault();
  });
}
