#!/usr/bin/env bash
# `npm test`: every test, on a fresh Debian machine by itself. Installs the system packages
# the tests need when it can (apt, as root) and names them exactly when it cannot; then
# builds, type-checks, runs the unit and core tests (node:test) and the end-to-end tests
# (Playwright in Debian's Chromium through the web host).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# qpdf: encrypts test PDFs the way other producers do (RC4 and AES; owner- and user-locked).
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
# fonts-dejavu-core: DejaVu Sans has composite glyphs (é, ñ…), which the subsetter's test needs.
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# fonts-hanazono: a TrueType font with CJK Extension B (𠮷), the PDF builder's fallback on Debian.
[ -f /usr/share/fonts/truetype/hanazono/HanaMinA.ttf ] || need+=(fonts-hanazono)
{ command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh | grep -qi 'Noto Sans CJK'; } || need+=(fonts-noto-cjk)
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing the Debian packages the tests need: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "the tests need these Debian packages; install them with:" >&2
    echo "  sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi

npm run --silent build
npm run --silent typecheck
npm run --silent test:unit
npm run --silent test:e2e
