#!/bin/sh
# makemessages and compilemessages need GNU gettext (msgfmt, xgettext).
set -eu
if command -v msgfmt >/dev/null 2>&1 && command -v xgettext >/dev/null 2>&1; then
  exit 0
fi
exec "$(dirname "$0")/apt-install.sh" gettext "the translations"
