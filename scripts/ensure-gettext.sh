#!/bin/sh
# makemessages and compilemessages need GNU gettext (msgfmt, xgettext). Install it when it is
# missing and we are allowed to; otherwise say what to do.
set -eu
if command -v msgfmt >/dev/null 2>&1 && command -v xgettext >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "GNU gettext is missing. Install it (msgfmt, xgettext) with your package manager." >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "GNU gettext is missing and this user cannot install packages." >&2
  echo "Run: sudo apt-get install -y gettext   (then run make again)" >&2
  exit 1
fi
echo "Installing GNU gettext for the translations…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq gettext >/dev/null
