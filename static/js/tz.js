// Sign-up: the time zone select starts at the browser's own zone (times are then shown in it), until the
// person picks another. The server renders UTC for browsers without Intl or with an unknown zone.
const select = document.querySelector("select[name=timezone]");
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
if (select && zone && [...select.options].some((o) => o.value === zone) && !select.dataset.touched) {
  select.value = zone;
  select.addEventListener("change", () => { select.dataset.touched = "1"; });
}
