#!/usr/bin/env bash
# The live-preview benchmark of issue 13: see Benchmarks/serve.py for what it measures.
#
#   Benchmarks/serve.sh [--documents N] [--edits E] [--no-build] [--report FILE]
#
# Builds almanac in release (unless --no-build), then runs serve.py with the same arguments.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=1
args=()
for arg in "$@"; do
  if [[ $arg == --no-build ]]; then build=0; else args+=("$arg"); fi
done
if ((build)); then (cd "$here/.." && swift build -c release --product almanac >&2); fi
exec python3 "$here/serve.py" "${args[@]}"
