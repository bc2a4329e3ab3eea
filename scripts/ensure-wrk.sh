#!/bin/sh
# The load generator of `make bench`: Debian's wrk (an HTTP benchmarking tool in C, so the
# load it makes costs little of the CPU the web server is measured on).
set -eu
if command -v wrk >/dev/null 2>&1; then
  exit 0
fi
"$(dirname "$0")/apt-install.sh" wrk "the load generator of make bench"
echo "wrk installed: $(wrk --version 2>&1 | head -1)"
