#!/bin/sh
# The virus-scanning test sends the EICAR file to a real clamd. Virus scanning is optional in
# the portal, so a machine that cannot install clamd still runs every other test; pytest then
# reports that one test as skipped, with the reason.
set -eu
if command -v clamd >/dev/null 2>&1 || [ -x /usr/sbin/clamd ]; then
  exit 0
fi
"$(dirname "$0")/apt-install.sh" clamav-daemon "the virus-scanning test" \
  || echo "Going on without clamd: the EICAR test will be reported as skipped." >&2
