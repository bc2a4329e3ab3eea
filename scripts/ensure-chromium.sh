#!/bin/sh
# The browser tests drive Debian's chromium through Playwright (no browser download).
# Install it when it is missing and we are allowed to; otherwise say what to do.
set -eu
CHROMIUM="${CHROMIUM_PATH:-}"
for candidate in "$CHROMIUM" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    exit 0
  fi
done
"$(dirname "$0")/apt-install.sh" chromium "the browser tests"
echo "Chromium installed: $(/usr/bin/chromium --version)"
