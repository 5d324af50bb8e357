#!/usr/bin/env bash
# Installs headless Chromium from Debian's packages for the dashboard's browser test (DashboardBrowserIT), when
# /usr/bin/chromium is absent. Idempotent: a quick no-op when it is there. Needs root (or passwordless sudo) for apt.
set -euo pipefail

browser="${MCPHUB_CHROMIUM:-/usr/bin/chromium}"
if [[ -x "$browser" ]]; then
  exit 0
fi

sudo=""
if [[ "$(id -u)" != "0" ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-browser: root or sudo is needed to install chromium" >&2; exit 1; }
  sudo="sudo -n"
fi
command -v apt-get >/dev/null 2>&1 || { echo "install-browser: apt-get is needed to install chromium" >&2; exit 1; }

echo "install-browser: installing chromium from the distribution's packages" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >&2
$sudo apt-get install -y -q --no-install-recommends chromium >&2

[[ -x "$browser" ]] || { echo "install-browser: $browser missing after install" >&2; exit 1; }
echo "install-browser: done ($("$browser" --version 2>/dev/null || echo chromium))" >&2
