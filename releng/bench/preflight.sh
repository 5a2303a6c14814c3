#!/usr/bin/env bash
# Pre-flight check benchmark: `bitfaster-cli campaign check --json` of campaigns of 10,000, 100,000 and 1,000,000
# recipients (a merge field empty for every tenth) on the materialized product, against dnsmasq on loopback for the
# From domain's DNS and SpamAssassin's spamd on a free loopback port (both Debian). Prints per size the check's own
# time (PreflightReport.elapsed: the whole list read and counted, DNS, spamd) and the command's wall time (JVM start
# included). Goal: 100,000 recipients checked in under 3 s.
# Usage: releng/bench/preflight.sh [PRODUCT_DIR] [SIZES...]   (build first: ./mvnw -o -B -ntp clean verify -DskipTests)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
product="${1:-$root/releng/com.bitfaster.mail.product/target/products/com.bitfaster.mail.product/linux/gtk/x86_64/bitfaster}"
shift || true
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
cli="$product/bitfaster-cli"
[ -x "$cli" ] || { echo "preflight: no product at $product (build it first)" >&2; exit 2; }
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 600); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }
export HOME="$work/home"; mkdir -p "$HOME"; unset DISPLAY WAYLAND_DISPLAY

dnsport=$(free_port)
/usr/sbin/dnsmasq --no-daemon --port="$dnsport" --listen-address=127.0.0.1 --bind-interfaces --no-resolv --no-hosts \
  --conf-file=/dev/null --pid-file --local=/test/ \
  "--txt-record=bench.pf.test,v=spf1 ip4:198.51.100.0/24 include:inc1.pf.test -all" \
  "--txt-record=inc1.pf.test,v=spf1 ip4:192.0.2.0/24 -all" "--txt-record=_dmarc.bench.pf.test,v=DMARC1; p=quarantine" \
  --mx-host=bench.pf.test,mx.bench.pf.test,10 --host-record=mx.bench.pf.test,192.0.2.10 \
  --host-record=relay.bench.pf.test,198.51.100.25 >"$work/dnsmasq.log" 2>&1 & pids+=($!)
wait_port "$dnsport" || { echo "preflight: dnsmasq did not start: $(cat "$work/dnsmasq.log")" >&2; exit 1; }
spam="not running"
if [ -x /usr/sbin/spamd ]; then
  spamport=$(free_port)
  user_opt=(); [ "$(id -u)" = 0 ] && user_opt=(--username=nobody)
  /usr/sbin/spamd --listen="127.0.0.1:$spamport" --max-children=1 --local --nouser-config --syslog=stderr \
    --pidfile="$work/spamd.pid" "${user_opt[@]}" >"$work/spamd.log" 2>&1 & pids+=($!)
  wait_port "$spamport" && spam="127.0.0.1:$spamport"
fi
export BITFASTER_VM_ARGS="-Dbitfaster.dns.server=127.0.0.1:$dnsport -Dbitfaster.spamd=${spamport:-1}"
data=(-data "$work/data")
"$cli" "${data[@]}" servers add --name Relay --host relay.bench.pf.test --port 587 >/dev/null

echo "Pre-flight check (bitfaster-cli campaign check --json; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); spamd $spam)"
printf '%12s  %12s  %14s  %-26s  %s\n' recipients "check (s)" "command (s)" "findings B/W/I" "goal"
for n in "${sizes[@]}"; do
  d="$work/c$n"; mkdir -p "$d"
  python3 - "$d" "$n" <<'PY'
import json, sys
d, n = sys.argv[1], int(sys.argv[2])
with open(f"{d}/list.csv", "w") as f:
    f.write("email,first_name,city\n")
    for i in range(n):
        f.write(f"r{i}@example.org,{'' if i % 10 == 3 else 'Reader %d' % i},Graz\n")
json.dump({"name": f"Bench {n}", "from": "news@bench.pf.test", "subject": "Hello {{first_name}}",
           "text": "Dear {{first_name}} in {{city}},\nthe spring programme is online.", "list": "list.csv",
           "servers": ["Relay"], "listUnsubscribe": "https://bench.pf.test/u?e={{email}}"}, open(f"{d}/campaign.json", "w"))
PY
  t0=$(date +%s.%N)
  set +e; "$cli" "${data[@]}" campaign check "$d/campaign.json" --json >"$d/check.json" 2>"$d/check.err"; rc=$?; set -e
  t1=$(date +%s.%N)
  [ "$rc" -le 5 ] && [ -s "$d/check.json" ] || { echo "preflight: check of $n failed (exit $rc): $(cat "$d/check.err")" >&2; exit 1; }
  python3 - "$d/check.json" "$n" "$t0" "$t1" <<'PY'
import json, sys
r, n, t0, t1 = json.load(open(sys.argv[1])), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
assert r["recipients"] == n, r["recipients"]
merge = [f for f in r["findings"] if f["id"] == "merge.empty"]
assert merge and f"for {n // 10:,} of {n:,} recipients" in merge[0]["sentence"], merge
c = r["counts"]
s = r["elapsedMillis"] / 1000
goal = ("under 3 s: " + ("met" if s < 3 else "MISSED")) if n == 100000 else ""
print(f"{n:12,d}  {s:12.2f}  {t1 - t0:14.2f}  {c['BLOCKS']:>8}/{c['WARNS']}/{c['INFO']:<16}  {goal}")
PY
done
