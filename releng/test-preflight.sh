#!/usr/bin/env bash
# End-to-end test of the pre-flight check on the materialized product, with real peers on loopback: dnsmasq (Debian)
# answering for fixture domains under pf.test, SpamAssassin's spamd (Debian) on a free port, Postfix's smtp-sink as
# the relay. Checks: `campaign check` exits 5 with the blocking finding (text and --json) for a From domain whose SPF
# needs 11 lookups; `campaign run` refuses with exit 5 and sends nothing; `--force` sends; a good domain exits 0;
# GTUBE in the body blocks with spamd's rule named; without spamd the check says how to start it.
# Usage: releng/test-preflight.sh [PRODUCT_DIR] [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
product="${1:-$root/releng/com.bitfaster.mail.product/target/products/com.bitfaster.mail.product/linux/gtk/x86_64/bitfaster}"
out="${2:-$root/releng/com.bitfaster.mail.product/target/preflight-test}"
for tool in /usr/sbin/dnsmasq /usr/sbin/spamd /usr/sbin/smtp-sink python3; do
  command -v "$tool" >/dev/null || { echo "test-preflight: FAILED, $tool is missing (releng/env.sh installs it)" >&2; exit 1; }
done
rm -rf "$out"; mkdir -p "$out/home"
export HOME="$out/home"
unset DISPLAY WAYLAND_DISPLAY
cli="$product/bitfaster-cli"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
fail() { echo "test-preflight: FAILED, $*" >&2; exit 1; }
passed=0
ok() { passed=$((passed + 1)); echo "test-preflight: ok - $*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 600); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

dnsport=$(free_port)
includes=""; for i in $(seq 1 11); do includes="$includes include:inc$i.pf.test"; done
inc_records=(); for i in $(seq 1 11); do inc_records+=("--txt-record=inc$i.pf.test,v=spf1 ip4:192.0.2.$((100 + i)) -all"); done
/usr/sbin/dnsmasq --no-daemon --port="$dnsport" --listen-address=127.0.0.1 --bind-interfaces --no-resolv --no-hosts \
  --conf-file=/dev/null --pid-file --local=/test/ \
  "--txt-record=eleven.pf.test,v=spf1$includes -all" "${inc_records[@]}" \
  "--txt-record=_dmarc.eleven.pf.test,v=DMARC1; p=none" --mx-host=eleven.pf.test,mx.eleven.pf.test,10 \
  "--txt-record=ok.pf.test,v=spf1 ip4:198.51.100.0/24 -all" "--txt-record=_dmarc.ok.pf.test,v=DMARC1; p=none" \
  --mx-host=ok.pf.test,mx.ok.pf.test,10 --host-record=mx.ok.pf.test,192.0.2.10 --host-record=mx.eleven.pf.test,192.0.2.11 \
  >"$out/dnsmasq.log" 2>&1 & pids+=($!)
wait_port "$dnsport" || fail "dnsmasq did not start: $(cat "$out/dnsmasq.log")"
spamport=$(free_port)
user_opt=(); [ "$(id -u)" = 0 ] && user_opt=(--username=nobody)
/usr/sbin/spamd --listen="127.0.0.1:$spamport" --max-children=1 --local --nouser-config --syslog=stderr \
  --pidfile="$out/spamd.pid" "${user_opt[@]}" >"$out/spamd.log" 2>&1 & pids+=($!); spamd_pid=$!
sinkport=$(free_port)
sink_user=(); [ "$(id -u)" = 0 ] && sink_user=(-u nobody)
/usr/sbin/smtp-sink "${sink_user[@]}" -c "127.0.0.1:$sinkport" 64 >"$out/sink.log" 2>&1 & pids+=($!)
wait_port "$sinkport" || fail "smtp-sink did not start"
wait_port "$spamport" || fail "spamd did not start: $(cat "$out/spamd.log")"
export BITFASTER_VM_ARGS="-Dbitfaster.dns.server=127.0.0.1:$dnsport -Dbitfaster.spamd=127.0.0.1:$spamport"
data=(-data "$out/data")
"$cli" "${data[@]}" servers add --name Sink --host 127.0.0.1 --port "$sinkport" --encryption none >/dev/null

make_campaign() { # DIR FROM TEXT N
  mkdir -p "$1"
  python3 - "$@" <<'PY'
import json, sys
d, frm, text, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(f"{d}/list.csv", "w") as f:
    f.write("email,first_name\n")
    for i in range(n):
        f.write(f"p{i}@example.org,{'' if i % 10 == 3 else 'Reader %d' % i}\n")
json.dump({"name": "Preflight", "from": frm, "subject": "Hello {{first_name}}", "text": text, "list": "list.csv",
           "servers": ["Sink"], "listUnsubscribe": "https://ok.pf.test/u?e={{email}}"}, open(f"{d}/campaign.json", "w"))
PY
}

# 1. SPF with 11 lookups blocks: exit 5, the finding in text and in --json; the merge field counted over the list.
make_campaign "$out/eleven" news@eleven.pf.test "Dear {{first_name}}, the minutes are attached." 100
set +e; "$cli" "${data[@]}" campaign check "$out/eleven/campaign.json" >"$out/eleven/check.txt" 2>"$out/eleven/check.err"; rc=$?; set -e
[ "$rc" -eq 5 ] || fail "campaign check of eleven: exit $rc, $(cat "$out/eleven/check.err")"
grep -q "^BLOCKS  The SPF record of eleven.pf.test needs 11 DNS lookups" "$out/eleven/check.txt" || fail "no SPF finding: $(cat "$out/eleven/check.txt")"
grep -q "Where: TXT eleven.pf.test" "$out/eleven/check.txt" || fail "no where: $(cat "$out/eleven/check.txt")"
[ "$(wc -l <"$out/eleven/check.err")" -eq 1 ] || fail "more than one line on stderr: $(cat "$out/eleven/check.err")"
set +e; "$cli" "${data[@]}" campaign check "$out/eleven/campaign.json" --json >"$out/eleven/check.json" 2>/dev/null; rc=$?; set -e
[ "$rc" -eq 5 ] || fail "campaign check --json: exit $rc"
python3 - "$out/eleven/check.json" <<'PY' || fail "check --json: $(cat "$out/eleven/check.json")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["format"] == 1 and r["blocks"] is True and r["recipients"] == 100, r
ids = {(f["severity"], f["id"]) for f in r["findings"]}
assert ("BLOCKS", "spf.too-many-lookups") in ids, ids
assert ("WARNS", "merge.empty") in ids, ids
merge = [f for f in r["findings"] if f["id"] == "merge.empty"][0]
assert merge["sentence"].startswith("{{first_name}} is empty for 10 of 100 recipients"), merge
assert merge["where"] == "list.csv, column first_name, first on line 5", merge
assert ("INFO", "spam.ok") in ids, ids
assert all(f["fix"] for f in r["findings"] if f["severity"] != "INFO"), r
PY
ok "campaign check: 11 SPF lookups block (exit 5), named in text and --json; first_name empty for 10 of 100 counted"

# 2. campaign run refuses with exit 5 and sends nothing; --force sends.
set +e; "$cli" "${data[@]}" campaign run "$out/eleven/campaign.json" >"$out/eleven/run.txt" 2>"$out/eleven/run.err"; rc=$?; set -e
[ "$rc" -eq 5 ] || fail "campaign run with a blocking finding: exit $rc, $(cat "$out/eleven/run.err")"
grep -q "not sent: the pre-flight check found 1 thing(s) that block sending" "$out/eleven/run.err" || fail "run: $(cat "$out/eleven/run.err")"
[ ! -e "$out/eleven/campaign.json.ledger" ] || fail "a ledger was written although nothing may be sent"
"$cli" "${data[@]}" campaign run "$out/eleven/campaign.json" --force --json >"$out/eleven/forced.json" 2>"$out/eleven/forced.err" \
  || fail "campaign run --force: $(cat "$out/eleven/forced.err")"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["accepted"] == 100, r' "$out/eleven/forced.json" || fail "forced run: $(cat "$out/eleven/forced.json")"
ok "campaign run: refused with exit 5 and no ledger; with --force all 100 accepted by smtp-sink"

# 3. A good domain passes (exit 0); GTUBE in the body blocks with spamd's rule named.
make_campaign "$out/ok" news@ok.pf.test "Dear {{first_name}}, the minutes of Tuesday are in the shared folder." 20
"$cli" "${data[@]}" campaign check "$out/ok/campaign.json" >"$out/ok/check.txt" 2>"$out/ok/check.err" || fail "good domain: $(cat "$out/ok/check.err") $(cat "$out/ok/check.txt")"
grep -q "^INFO    SpamAssassin scores the message" "$out/ok/check.txt" || fail "no spam score: $(cat "$out/ok/check.txt")"
make_campaign "$out/gtube" news@ok.pf.test 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X' 20
set +e; "$cli" "${data[@]}" campaign check "$out/gtube/campaign.json" >"$out/gtube/check.txt" 2>&1; rc=$?; set -e
[ "$rc" -eq 5 ] && grep -q "^BLOCKS  SpamAssassin scores the message 1[0-9][0-9][0-9].*GTUBE" "$out/gtube/check.txt" \
  || fail "GTUBE: exit $rc, $(cat "$out/gtube/check.txt")"
ok "a good domain passes the check (exit 0, spamd's score shown); GTUBE blocks with the rule named"

# 4. Without spamd: a finding that says how to start it, and nothing blocks for that.
kill "$spamd_pid"; wait "$spamd_pid" 2>/dev/null || true
"$cli" "${data[@]}" campaign check "$out/ok/campaign.json" >"$out/ok/nospamd.txt" 2>&1 || fail "without spamd: $(cat "$out/ok/nospamd.txt")"
grep -q "^INFO    SpamAssassin's spamd is not running at 127.0.0.1:$spamport" "$out/ok/nospamd.txt" \
  && grep -q "systemctl enable --now spamd" "$out/ok/nospamd.txt" || fail "without spamd: $(cat "$out/ok/nospamd.txt")"
ok "without spamd the check says how to start it and does not block"

echo "test-preflight: $passed checks passed"
