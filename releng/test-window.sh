#!/usr/bin/env bash
# A campaign's send window across a daylight-saving change, with the clock moved from outside the process: bitfaster-cli
# runs under libfaketime (Debian's faketime) with its wall clock set to Sunday 29 March 2026, 00:58:30 UTC, in Europe/Berlin
# 01:58:30 CET, half a minute before a window "Sun 01:59 to 03:01 Europe/Berlin" (time enough for the JVM to start and
# be seen waiting: the run says so first). At 02:00 CET the clocks jump to 03:00
# CEST, so the window is two real minutes long (00:59:00Z to 01:01:00Z), not 62. The campaign sends at one message a
# second (batch size 1); the sink, Postfix's smtp-sink, keeps one dump file per message it took, whose modification
# time (real time, plus the same fixed offset as the fake clock: offsets, not a start date, so both clocks agree to the
# second) is the moment it took it. Nothing may be taken outside the window; the run says before and after the window
# until when it waits, and Ctrl+C (SIGINT) ends it cleanly.
# Usage: releng/test-window.sh [PRODUCT_DIR] [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
product="${1:-$root/releng/com.bitfaster.mail.product/target/products/com.bitfaster.mail.product/linux/gtk/x86_64/bitfaster}"
out="${2:-$root/releng/com.bitfaster.mail.product/target/window-test}"
rm -rf "$out"; mkdir -p "$out/home" "$out/w"
export HOME="$out/home"
unset DISPLAY WAYLAND_DISPLAY
cli="$product/bitfaster-cli"
[ -x "$cli" ] || { echo "test-window: no product at $product; build it with ./mvnw -o -B -ntp verify -DskipTests" >&2; exit 1; }
if ! command -v faketime >/dev/null; then
  echo "test-window: skipped: faketime is not installed (apt-get install faketime)"
  exit 0
fi
dumps="$(mktemp -d /tmp/bitfaster-window.XXXXXX)"; chmod 777 "$dumps"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$dumps"
}
trap cleanup EXIT
fail() { echo "test-window: FAILED, $*" >&2; exit 1; }
user_opt=(); [ "$(id -u)" = 0 ] && user_opt=(-u nobody)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
/usr/sbin/smtp-sink "${user_opt[@]}" -d "$dumps/%M." "127.0.0.1:$port" 256 >"$out/sink.log" 2>&1 &
pids+=($!)
until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do sleep 0.05; done

"$cli" servers add --name Window --host 127.0.0.1 --port "$port" --encryption none >/dev/null
python3 "$root/releng/test-campaign.py" make "$out/w" 400 w '{"name": "W", "servers": ["Window"], "messagesPerHour": 3600, "batchSize": 1,
  "sendWindow": {"days": "Sun", "from": "01:59", "to": "03:01", "zone": "Europe/Berlin"}}'

start=$(date -u -d '2026-03-29T00:58:30Z' +%s)
offset=$((start - $(date -u +%s)))
# Job control on: a background job then takes SIGINT as a terminal's Ctrl+C would deliver it (not ignored).
set -m
FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "$(printf %+d "$offset")" "$cli" campaign run "$out/w/campaign.json" >"$out/run.log" 2>&1 &
wrapper=$!; pids+=($wrapper)
set +m
# The faketime wrapper forks: the JVM is its child (bitfaster-cli execs java), and Ctrl+C goes to the JVM.
until pc=$(pgrep -P "$wrapper" | head -n 1) && [ -n "$pc" ]; do
  kill -0 "$wrapper" 2>/dev/null || fail "faketime ended: $(cat "$out/run.log")"
  sleep 0.05
done
pids+=($pc)
# Until the run says it waits for the next window (a week later; the window closes 3 minutes after the clock was set), or 6 minutes.
deadline=$((SECONDS + 360))
until grep -q "in 7 days" "$out/run.log"; do
  kill -0 "$pc" 2>/dev/null || fail "the run ended: $(cat "$out/run.log")"
  [ "$SECONDS" -lt "$deadline" ] || fail "the run did not come to wait for the next window: $(cat "$out/run.log")"
  sleep 0.2
done
sent=$(find "$dumps" -type f | wc -l)
kill -INT "$pc"
status=0; wait "$wrapper" || status=$?
grep -q "Stopped: what was not sent stays pending" "$out/run.log" || fail "Ctrl+C did not stop the run cleanly (exit $status): $(cat "$out/run.log")"
python3 - "$dumps" "$offset" <<'PY' || fail "a message was taken outside the window"
import os, sys, datetime
d, offset = sys.argv[1], int(sys.argv[2])
opens = datetime.datetime(2026, 3, 29, 0, 59, tzinfo=datetime.timezone.utc).timestamp()
closes = datetime.datetime(2026, 3, 29, 1, 1, tzinfo=datetime.timezone.utc).timestamp()
t = sorted(os.stat(os.path.join(d, f)).st_mtime + offset for f in os.listdir(d))
if not t:
    sys.exit("test-window: no message reached the sink")
fmt = lambda x: datetime.datetime.fromtimestamp(x, datetime.timezone.utc).strftime("%H:%M:%S.%f")[:-3] + "Z"
print(f"test-window: {len(t)} taken, first {fmt(t[0])}, last {fmt(t[-1])} (window 00:59:00Z to 01:01:00Z)")
# One second of slack each side: the fake clock and the sink's clock agree to the offset's whole second.
outside = [x for x in t if x < opens - 1 or x >= closes + 1]
assert t and not outside, [fmt(x) for x in outside]
PY
[ "$sent" -ge 20 ] || fail "only $sent messages in the two minutes of the window (1 a second was asked)"
# The campaign's own rate (3600 an hour) holds after the wait for the window: no burst saved up while waiting.
[ "$sent" -le 125 ] || fail "$sent messages in the two minutes of the window, at 1 a second"
grep -q "Waiting for the send window: Sun 01:59 Europe/Berlin (in " "$out/run.log" \
  || fail "the run did not say until when it waits: $(cat "$out/run.log")"
grep "Waiting for the send window" "$out/run.log" | sed 's/^/test-window: /'
ledger_report=$("$cli" campaign report "$out/w/campaign.json" | tail -n 1)
echo "test-window: $ledger_report"
echo "$ledger_report" | grep -q "400 recipients: $sent accepted" || fail "the report does not count $sent accepted: $ledger_report"
echo "test-window: ok"
