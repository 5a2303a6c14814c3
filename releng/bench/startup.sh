#!/usr/bin/env bash
# Startup benchmark: launches the materialized product RUNS times (default 5) under Xvfb and prints, per run and as the
# median, the time from process start to the "BitFaster Workbench" window being visible, and the resident memory
# (VmRSS) of the JVM 3 s after the window appeared. Each run uses a fresh throwaway home and workspace.
# Usage: releng/bench/startup.sh [RUNS] [PRODUCT_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-5}"
product="${2:-$root/releng/com.bitfaster.mail.product/target/products/com.bitfaster.mail.product/linux/gtk/x86_64/bitfaster}"

if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1280x900x24" "$0" "$runs" "$product"
fi
[ -x "$product/bitfaster" ] || { echo "startup: no product at $product (run ./mvnw verify first)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
now_ms() { date +%s%3N; }
times=(); rss=()
printf '%-5s %12s %12s\n' run 'window (ms)' 'RSS (MiB)'
for i in $(seq 1 "$runs"); do
  home="$work/home$i"; mkdir -p "$home"
  start=$(now_ms)
  HOME="$home" "$product/bitfaster" -data "$home/workspace" >"$work/log$i" 2>&1 &
  pid=$!
  until xdotool search --onlyvisible --name '^BitFaster Workbench' >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "run $i: the workbench exited early" >&2; cat "$work/log$i" "$home/workspace/.metadata/.log" >&2; exit 1; }
    sleep 0.02
  done
  t=$(( $(now_ms) - start ))
  sleep 3
  kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
  m=$(( kb / 1024 ))
  times+=("$t"); rss+=("$m")
  printf '%-5s %12d %12d\n' "$i" "$t" "$m"
  window="$(xdotool search --onlyvisible --name '^BitFaster Workbench' | head -n 1)"
  # Quit cleanly: a killed workbench can leave the shared configuration area half written.
  xdotool windowfocus --sync "$window" 2>/dev/null && xdotool key ctrl+q 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
printf '%-5s %12d %12d\n' median "$(median "${times[@]}")" "$(median "${rss[@]}")"
