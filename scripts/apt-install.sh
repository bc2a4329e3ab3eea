#!/bin/sh
# Install a Debian package the project needs (`apt-install.sh <package> <what it is for>`)
# when we are allowed to: as root, or with password-less sudo; otherwise say what to run.
set -eu
package=$1
purpose=$2
if ! command -v apt-get >/dev/null 2>&1; then
  echo "$package is missing ($purpose). Install it with your package manager." >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "$package is missing ($purpose) and this user cannot install packages." >&2
  echo "Run: sudo apt-get install -y $package   (then run make again)" >&2
  exit 1
fi
echo "Installing Debian's $package ($purpose)…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$package" >/dev/null
