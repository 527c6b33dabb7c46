// Translations for the modules: Django's JavaScript catalog (/jsi18n/, a classic script that base.html
// loads before any module) defines gettext, ngettext and interpolate on the page. Read through here so
// a module still shows its English source text on a page without the catalog.

const catalog = globalThis;

export function gettext(msgid) {
  return typeof catalog.gettext === "function" ? catalog.gettext(msgid) : msgid;
}

export function ngettext(singular, plural, count) {
  if (typeof catalog.ngettext === "function") return catalog.ngettext(singular, plural, count);
  return count === 1 ? singular : plural;
}

// interpolate("%(n)s left", {n: 3}): named placeholders, as in the Python catalogs.
export function interpolate(format, values) {
  if (typeof catalog.interpolate === "function") return catalog.interpolate(format, values, true);
  return format.replace(/%\((\w+)\)s/g, (_, name) => String(values[name]));
}

// A member's role as the page's language names it (the room's frames carry the role's code).
export function roleLabel(role) {
  const labels = {
    facilitator: gettext("facilitator"),
    participant: gettext("participant"),
    observer: gettext("observer"),
    liaison: gettext("liaison"),
    interpreter: gettext("interpreter"),
  };
  return labels[role] ?? role;
}
