#!/usr/bin/env bash
# Runs ./run-tests N times in a row (default 3) from a fresh clone of this checkout's HEAD while stress-ng keeps every
# core busy beside it: the suite must not depend on how busy or fast the machine is. Prints one line per run and exits
# non-zero when any run failed. Needs stress-ng (Debian); installs it when run as root.
# Usage: releng/test-under-load.sh [N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-3}"
if ! command -v stress-ng >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q --no-install-recommends stress-ng >/dev/null
  else echo "test-under-load: install stress-ng first: sudo apt-get install stress-ng" >&2; exit 2; fi
fi
work="$(mktemp -d)"
stress=""
trap '[ -n "$stress" ] && kill "$stress" 2>/dev/null; rm -rf "$work"' EXIT
git clone -q "$root" "$work/clone"
stress-ng --cpu "$(nproc)" --timeout 0 >/dev/null 2>&1 & stress=$!
failed=0
for i in $(seq 1 "$n"); do
  start=$(date +%s)
  if (cd "$work/clone" && ./run-tests >"$work/run$i.log" 2>&1); then result=passed; else result=FAILED; failed=1; cp "$work/run$i.log" "$root/test-under-load-run$i.log"; fi
  echo "test-under-load: run $i of $n $result in $(( $(date +%s) - start )) s with stress-ng --cpu $(nproc) beside it"
done
exit "$failed"
