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
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing. Install Chromium and set CHROMIUM_PATH to its executable." >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "Chromium is missing and this user cannot install packages." >&2
  echo "Run: sudo apt-get install -y chromium   (then run make test again)" >&2
  exit 1
fi
echo "Installing Debian's chromium for the browser tests…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
echo "Chromium installed: $(/usr/bin/chromium --version)"
