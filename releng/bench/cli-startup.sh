#!/usr/bin/env bash
# Start-up benchmark of bitfaster-cli: median wall and CPU (user + system) time over RUNS runs (default 7) of a few short
# commands next to `java -version`, in a throwaway home prepared once (two servers, a 20-recipient campaign sent to
# Postfix's smtp-sink). The first, untimed run of each command fills the CLI's caches (configuration area, CDS archive),
# as any installation's first command does. Prints the load average too: the machine may be shared.
# Usage: releng/bench/cli-startup.sh [RUNS] [PRODUCT_DIR]   (build the product first: ./mvnw verify)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-7}"
product="${2:-$root/releng/com.bitfaster.mail.product/target/products/com.bitfaster.mail.product/linux/gtk/x86_64/bitfaster}"
[ -x /usr/sbin/smtp-sink ] || { echo "cli-startup: smtp-sink missing (postfix)" >&2; exit 2; }
[ -x "$product/bitfaster-cli" ] || { echo "cli-startup: no product at $product (run ./mvnw verify first)" >&2; exit 2; }
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"

work="$(mktemp -d)"
sink=""
trap '[ -n "$sink" ] && kill "$sink" 2>/dev/null; rm -rf "$work"' EXIT
export HOME="$work/home"; mkdir -p "$HOME"
unset DISPLAY WAYLAND_DISPLAY XDG_CACHE_HOME
. "$root/releng/bench/sink.sh"

cli="$product/bitfaster-cli"
data=(-data "$work/data")
"$cli" "${data[@]}" servers add --name Sink --host 127.0.0.1 --port "$port" --encryption none >/dev/null
"$cli" "${data[@]}" servers add --name Relay --host smtp.example.org --port 587 >/dev/null
{ echo "email,first_name"; for i in $(seq 1 20); do echo "reader$i@example.org,Reader $i"; done; } >"$work/list.csv"
echo 'Hello {{first_name}}.' >"$work/body.txt"
cat >"$work/campaign.json" <<'JSON'
{"name": "Small", "from": "news@company.com", "subject": "Hello", "textFile": "body.txt", "list": "list.csv",
 "servers": ["Sink"]}
JSON
"$cli" "${data[@]}" campaign run "$work/campaign.json" >/dev/null

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.2f", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
measure() { # LABEL COMMAND...
  local label="$1" walls=() cpus=() w u s; shift
  "$@" >/dev/null 2>&1 || { echo "cli-startup: '$label' failed" >&2; "$@" >&2 || true; exit 1; }
  for _ in $(seq 1 "$runs"); do
    /usr/bin/time -f '%e %U %S' -o "$work/time" "$@" >/dev/null 2>&1
    read -r w u s <"$work/time"
    walls+=("$w"); cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')")
  done
  printf '%-36s %9s %9s\n' "$label" "$(median "${walls[@]}")" "$(median "${cpus[@]}")"
}
printf '%-36s %9s %9s\n' "command ($runs runs, median)" 'wall (s)' 'CPU (s)'
measure 'java -version' "$java" -version
measure 'bitfaster-cli --help' "$cli" "${data[@]}" --help
measure 'bitfaster-cli servers list' "$cli" "${data[@]}" servers list
measure 'bitfaster-cli servers list --json' "$cli" "${data[@]}" servers list --json
measure 'bitfaster-cli campaign report' "$cli" "${data[@]}" campaign report "$work/campaign.json"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
