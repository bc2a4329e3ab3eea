#!/bin/sh
# The HTML validity test runs the Nu HTML Checker (vnu-jar from npm) with Java.
# Install what is missing and we are allowed to; otherwise say what to do.
set -eu
cd "$(dirname "$0")/.."
if ! command -v java >/dev/null 2>&1; then
  "$(dirname "$0")/apt-install.sh" default-jre-headless "the HTML validity test (Nu HTML Checker)"
fi
if ! java -version >/dev/null 2>&1; then
  echo "java is installed but does not run; the HTML validity test needs Java 11 or newer." >&2
  exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
  "$(dirname "$0")/apt-install.sh" npm "the HTML validity test (installs vnu-jar)"
fi
JAR=node_modules/vnu-jar/build/dist/vnu.jar
# npm ci again only when the lock file changed since the last install.
STAMP=node_modules/.installed-$(cksum < package-lock.json | cut -d' ' -f1)
if [ ! -f "$JAR" ] || [ ! -f "$STAMP" ]; then
  echo "Installing the Nu HTML Checker (npm ci)…"
  # --ignore-scripts: vnu-jar's install script only downloads a Java we already have.
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  rm -f node_modules/.installed-*
  touch "$STAMP"
fi
