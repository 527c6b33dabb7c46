#!/usr/bin/env bash
# The Debian packages Parley needs beyond Python, installed only when missing (run by `make install` and
# .ci/run): ICU to build PyICU (redaction's transliteration), the Noto fonts the summary PDF embeds
# (Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari, CJK), and with --browser Chromium for the browser
# tests (`make pytest`).
set -euo pipefail

missing=()
{ pkg-config --exists icu-i18n 2>/dev/null && command -v g++ >/dev/null; } \
  || missing+=(libicu-dev pkg-config g++ python3-dev)
[ -f /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf ] || missing+=(fonts-noto-core)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing+=(fonts-noto-cjk)
if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "Parley needs these Debian packages: ${missing[*]}" >&2
  echo "Install them (as root: apt-get install ${missing[*]}) and run make again." >&2
  exit 1
fi
echo "Installing ${missing[*]} (apt-get)"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
