#!/usr/bin/env bash
# The browser test: the example site, served by `almanac serve`, checked in headless Chromium over the DevTools
# protocol (see browser_test.py for the checks). Installs what is missing: Chromium (apt) and the pure-Python
# websocket-client (pip). Skips, exiting 0, only when Chromium cannot be installed.
#   ALMANAC=path/to/almanac Tests/Browser/run.sh     # default .build/debug/almanac, built when missing
set -euo pipefail
cd "$(dirname "$0")/../.."

sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"

almanac="${ALMANAC:-.build/debug/almanac}"
if [ ! -x "$almanac" ]; then
  echo "browser: building almanac…" >&2
  swift build --product almanac >&2
  almanac=".build/debug/almanac"
fi

chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$chromium" ]; then
  echo "browser: installing chromium…" >&2
  apt_install() { DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null; }
  # Update the package lists only when apt has no candidate for it (as scripts/setup does for its packages).
  if ! apt-cache policy chromium 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    $sudo apt-get update -qq || true
  fi
  apt_install || { $sudo apt-get update -qq && apt_install; } || true
  chromium="$(command -v chromium || true)"
  if [ -z "$chromium" ]; then
    echo "browser: skipped – Chromium is not installed and apt-get could not install it"
    exit 0
  fi
fi

python=python3
if ! "$python" -c 'import websocket' 2>/dev/null; then
  echo "browser: installing websocket-client…" >&2
  if ! "$python" -m pip install --quiet --break-system-packages websocket-client >&2 2>/dev/null \
      || ! "$python" -c 'import websocket' 2>/dev/null; then
    # No pip for this Python, or one that refuses: a virtual environment of our own under /tmp.
    venv="${TMPDIR:-/tmp}/almanac-browser-venv"
    { [ -x "$venv/bin/python" ] || python3 -m venv "$venv"; } >&2
    "$venv/bin/python" -m pip install --quiet websocket-client >&2
    python="$venv/bin/python"
  fi
fi

# The test bounds itself (BROWSER_TEST_TIMEOUT, 150 s) and always stops Chromium and the server; this is the
# backstop. The subshell keeps a non-zero status from ending the script before it is returned.
status=0
ALMANAC="$(cd "$(dirname "$almanac")" && pwd)/$(basename "$almanac")" CHROMIUM="$chromium" \
  timeout -k 10 200 "$python" Tests/Browser/browser_test.py || status=$?
exit "$status"
