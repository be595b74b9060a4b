#!/usr/bin/env bash
# The browser tests in headless Chromium over the DevTools protocol: browser_test.py (the example site, served by
# `almanac serve`) and hostile_test.py (Tests/Fixtures/hostile, a site of script payloads: nothing may run).
# Installs what is missing: Chromium (apt) and the pure-Python websocket-client (pip). Skips, exiting 0, only
# when Chromium cannot be installed.
#   ALMANAC=path/to/almanac Tests/Browser/run.sh [browser] [hostile]   # default: both; .build/debug/almanac
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

# Each test bounds itself (BROWSER_TEST_TIMEOUT, 150 s; HOSTILE_TEST_TIMEOUT, 110 s) and always stops Chromium
# and its servers; `timeout` is the backstop. `|| status=$?` keeps a failure from ending the script before the
# other test has run.
export ALMANAC="$(cd "$(dirname "$almanac")" && pwd)/$(basename "$almanac")" CHROMIUM="$chromium"
tests=("$@"); [ $# -gt 0 ] || tests=(browser hostile)
status=0
for name in "${tests[@]}"; do
  case "$name" in
    browser) timeout -k 10 200 "$python" Tests/Browser/browser_test.py || status=$? ;;
    hostile) timeout -k 10 130 "$python" Tests/Browser/hostile_test.py || status=$? ;;
    *) echo "run.sh: no test '$name' (browser, hostile)" >&2; exit 2 ;;
  esac
done
exit "$status"
