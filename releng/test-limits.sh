#!/usr/bin/env bash
# A server's rate limits are shared by every process and survive kill -9 and restarts, counted at a real peer:
# Postfix's smtp-sink keeps one dump file per message it took, whose modification time is the moment it took it.
# 1. Two bitfaster-cli campaign runs at once through one server with --messages-per-hour 50 (60 recipients each,
#    each paced at 4 a second by its own campaign throttle, so that both are sending when the limit is reached):
#    together exactly 50 reach the sink (no sliding hour at the sink holds more), the rest wait; both are killed
#    with kill -9; `servers list --json` in a new process still counts 50 and has 0 left; a resumed run sends nothing.
# 2. A server with the warm-up plan 30,45: a campaign of 100 is killed with kill -9 while it sends and resumed: day 1
#    never exceeds 30 (a block the killed process held counts whole: the quota file's blocks add up to exactly 30).
#    Then the resumed run a day later (faketime +1d, from outside the process): exactly 45 more, day 2's cap.
# Usage: releng/test-limits.sh [PRODUCT_DIR] [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
product="${1:-$root/releng/com.bitfaster.mail.product/target/products/com.bitfaster.mail.product/linux/gtk/x86_64/bitfaster}"
out="${2:-$root/releng/com.bitfaster.mail.product/target/limits-test}"
rm -rf "$out"; mkdir -p "$out/home" "$out/a" "$out/b" "$out/c"
export HOME="$out/home"
unset DISPLAY WAYLAND_DISPLAY
cli="$product/bitfaster-cli"
[ -x "$cli" ] || { echo "test-limits: no product at $product; build it with ./mvnw -o -B -ntp verify -DskipTests" >&2; exit 1; }
state="$HOME/.bitfaster/workspace/.metadata/.plugins/com.bitfaster.mail.core"
pids=()
dumps1="$(mktemp -d /tmp/bitfaster-limits-1.XXXXXX)"; dumps2="$(mktemp -d /tmp/bitfaster-limits-2.XXXXXX)"
chmod 777 "$dumps1" "$dumps2"
cleanup() {
  for p in "${pids[@]}" $(cat "$out/sink.pids" 2>/dev/null); do pkill -9 -P "$p" 2>/dev/null || true; kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$dumps1" "$dumps2"
}
trap cleanup EXIT
fail() { echo "test-limits: FAILED, $*" >&2; exit 1; }
user_opt=(); [ "$(id -u)" = 0 ] && user_opt=(-u nobody)
sink() { # sink DUMPS -> prints the port (runs in a subshell: the sink's pid goes to a file for cleanup)
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  /usr/sbin/smtp-sink "${user_opt[@]}" -d "$1/%M." "127.0.0.1:$port" 256 >"$out/sink-$port.log" 2>&1 &
  echo $! >>"$out/sink.pids"
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do sleep 0.05; done
  echo "$port"
}
count() { find "$1" -type f | wc -l; }
server_id() { "$cli" servers list --json | python3 -c 'import json,sys; print([s["id"] for s in json.load(sys.stdin) if s["name"]==sys.argv[1]][0])' "$1"; }
# quota FILE [DEAD_PID]: "closed-used open-count open-alive", open-alive counting open blocks not of DEAD_PID
quota() {
  python3 - "$1" "${2:-0}" <<'PY'
import json, sys
try:
    q = json.load(open(sys.argv[1]))
except FileNotFoundError:
    print("0 0 0"); sys.exit()
used = sum(b["used"] for b in q["blocks"] if "closed" in b)
open_ = [b for b in q["blocks"] if "closed" not in b]
alive = [b for b in open_ if not b["id"].startswith(sys.argv[2] + "-")]
print(used, sum(b["count"] for b in open_), len(alive))
PY
}
# await_quiet FILE TOTAL [DEAD_PID]: until the blocks add up to TOTAL ("-": any) and no live process holds one open
await_quiet() {
  local deadline=$((SECONDS + 60)) used open alive
  while :; do
    read -r used open alive < <(quota "$1" "${3:-0}")
    { [ "$2" = - ] || [ "$((used + open))" -eq "$2" ]; } && [ "$alive" -eq 0 ] && return 0
    [ "$SECONDS" -lt "$deadline" ] || fail "the quota in $1 did not settle at $2: used $used, open $open, alive $alive"
    sleep 0.05
  done
}
await_count() { # await_count DUMPS N
  local deadline=$((SECONDS + 120))
  until [ "$(count "$1")" -ge "$2" ]; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$(count "$1") of $2 messages reached the sink"
    sleep 0.05
  done
}
most_in_window() { # most_in_window DUMPS SECONDS: the most dump files whose mtimes fall in any window of that length
  python3 - "$1" "$2" <<'PY'
import os, sys
d, w = sys.argv[1], float(sys.argv[2])
t = sorted(os.stat(os.path.join(d, f)).st_mtime for f in os.listdir(d))
most = first = 0
for last in range(len(t)):
    while t[last] - t[first] >= w:
        first += 1
    most = max(most, last - first + 1)
print(most)
PY
}

# 1. Two processes, one hourly limit.
port1=$(sink "$dumps1")
"$cli" servers add --name Hourly --host 127.0.0.1 --port "$port1" --encryption none --max-connections 2 --messages-per-connection 0 \
  --messages-per-hour 50 >/dev/null
python3 "$root/releng/test-campaign.py" make "$out/a" 60 a '{"name": "A", "servers": ["Hourly"], "messagesPerHour": 14400, "batchSize": 4}'
python3 "$root/releng/test-campaign.py" make "$out/b" 60 b '{"name": "B", "servers": ["Hourly"], "messagesPerHour": 14400, "batchSize": 4}'
file1="$state/quota-$(server_id Hourly).json"
"$cli" campaign run "$out/a/campaign.json" >"$out/a.log" 2>&1 & pa=$!; pids+=($pa)
"$cli" campaign run "$out/b/campaign.json" >"$out/b.log" 2>&1 & pb=$!; pids+=($pb)
await_count "$dumps1" 50
await_quiet "$file1" 50
kill -0 "$pa" 2>/dev/null && kill -0 "$pb" 2>/dev/null || fail "a campaign run ended; both should wait for the hourly limit"
[ "$(count "$dumps1")" -eq 50 ] || fail "$(count "$dumps1") messages reached the sink, the hourly limit is 50"
read -r used1 _ _ < <(quota "$file1")
grep -q '"id":"'"$pa"'-' "$file1" && grep -q '"id":"'"$pb"'-' "$file1" \
  || fail "not both processes reserved from the shared quota: $(cat "$file1")"
[ "$(most_in_window "$dumps1" 3600)" -le 50 ] || fail "a sliding hour at the sink holds more than 50"
kill -9 "$pa" "$pb"; wait "$pa" "$pb" 2>/dev/null || true
"$cli" servers list --json >"$out/list1.json"
python3 - "$out/list1.json" <<'PY' || fail "servers list --json after kill -9 does not count the 50 sent: $(cat "$out/list1.json")"
import json, sys
u = [s for s in json.load(open(sys.argv[1])) if s["name"] == "Hourly"][0]["limits"]["usage"]
assert u["sentLastHour"] == 50 and u["remainingNow"] == 0, u
PY
# A resumed run (a new process) sends nothing: it waits for the hour. Watched for 5 s after it began (its RUN record).
ledger="$out/a/campaign.json.ledger"
before=$(stat -c %s "$ledger")
"$cli" campaign resume "$out/a/campaign.json" >"$out/a2.log" 2>&1 & pa=$!; pids+=($pa)
deadline=$((SECONDS + 60))
until [ "$(stat -c %s "$ledger")" -gt "$before" ]; do
  [ "$SECONDS" -lt "$deadline" ] || fail "the resumed run did not start: $(cat "$out/a2.log")"
  sleep 0.05
done
sleep 5
kill -9 "$pa"; wait "$pa" 2>/dev/null || true
[ "$(count "$dumps1")" -eq 50 ] || fail "$(count "$dumps1") messages at the sink after the resumed run, not 50"
echo "test-limits: two processes, --messages-per-hour 50: 50 of 120 at the sink, most in a sliding hour $(most_in_window "$dumps1" 3600); after kill -9 and a new process still 50"

# 2. Warm-up across kill -9, and its second day.
port2=$(sink "$dumps2")
"$cli" servers add --name Warm --host 127.0.0.1 --port "$port2" --encryption none --max-connections 2 --messages-per-connection 0 \
  --warm-up 30,45 >/dev/null
python3 "$root/releng/test-campaign.py" make "$out/c" 100 c '{"name": "C", "servers": ["Warm"], "messagesPerHour": 7200, "batchSize": 2}'
file2="$state/quota-$(server_id Warm).json"
"$cli" campaign run "$out/c/campaign.json" >"$out/c.log" 2>&1 & pc=$!; pids+=($pc)
await_count "$dumps2" 5
kill -9 "$pc"; wait "$pc" 2>/dev/null || true
killed=$pc
at_kill=$(count "$dumps2")
"$cli" campaign resume "$out/c/campaign.json" >"$out/c2.log" 2>&1 & pc=$!; pids+=($pc)
await_quiet "$file2" 30 "$killed"
read -r used2 open2 _ < <(quota "$file2" "$killed")
day1=$(count "$dumps2")
[ "$day1" -le 30 ] || fail "$day1 messages on day 1 of the warm-up, the cap is 30"
[ "$day1" -ge "$used2" ] || fail "$day1 messages at the sink, the quota counts $used2 handed over"
kill -9 "$pc"; wait "$pc" 2>/dev/null || true
echo "test-limits: warm-up 30,45, killed at $at_kill: day 1 $day1 at the sink (blocks closed $used2 + held by the killed process $open2 = 30)"

if command -v faketime >/dev/null; then
  # The next day: the JVM's clock one day ahead, from outside (libfaketime; the monotonic clock left alone).
  FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f '+1d' "$cli" campaign resume "$out/c/campaign.json" >"$out/c3.log" 2>&1 &
  pc=$!; pids+=($pc)
  await_count "$dumps2" $((day1 + 45))
  await_quiet "$file2" - "$killed"  # (day 1's blocks are a day old now: compacted away)
  day2=$(( $(count "$dumps2") - day1 ))
  # faketime runs the CLI as its child: kill that JVM, not only the wrapper (an orphan would wait on for hours).
  for child in $(pgrep -P "$pc"); do kill -9 "$child" 2>/dev/null || true; done
  kill -9 "$pc"; wait "$pc" 2>/dev/null || true
  [ "$day2" -eq 45 ] || fail "$day2 messages on day 2 of the warm-up, the cap is 45"
  echo "test-limits: day 2 (faketime +1d): $day2 more, the cap is 45"
else
  echo "test-limits: day 2 skipped: faketime is not installed (apt-get install faketime)"
fi
echo "test-limits: ok"
