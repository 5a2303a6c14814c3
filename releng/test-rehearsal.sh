#!/usr/bin/env bash
# Rehearsal rules of the local server, from the command line, counted by the campaign report:
# 1. `local-server run --rules` with a bad line stops at once: exit 2, one line naming the line number.
# 2. `local-server run --rules` with five rules and a campaign of five recipients through it: the report says
#    3 accepted (one of them after a 451 and a retry), 1 rejected (550 at RCPT), 1 unknown (connection closed after
#    the final dot); the "bounce after" rule's DSN (multipart/report) arrives in the sender's Maildir, read by
#    Python's mailbox module, not our code.
# Usage: releng/test-rehearsal.sh [PRODUCT_DIR] [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
product="${1:-$root/releng/com.bitfaster.mail.product/target/products/com.bitfaster.mail.product/linux/gtk/x86_64/bitfaster}"
out="${2:-$root/releng/com.bitfaster.mail.product/target/rehearsal-test}"
rm -rf "$out"; mkdir -p "$out/home" "$out/c"
export HOME="$out/home"
unset DISPLAY WAYLAND_DISPLAY
cli="$product/bitfaster-cli"
[ -x "$cli" ] || { echo "test-rehearsal: no product at $product; build it with ./mvnw -o -B -ntp verify -DskipTests" >&2; exit 1; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
fail() { echo "test-rehearsal: FAILED, $*" >&2; exit 1; }
ok() { echo "test-rehearsal: ok - $*"; }
start=$SECONDS

# Ports chosen at run time (0: any free one), so other programs on this machine never collide with this test.
settings="$HOME/.bitfaster/workspace/.metadata/.plugins/org.eclipse.core.runtime/.settings"
mkdir -p "$settings"
printf 'eclipse.preferences.version=1\nsmtpPort=0\npop3Port=0\n' >"$settings/com.bitfaster.mail.localserver.prefs"

# 1. A bad rules file.
printf '*@bounce.test reject 550 at RCPT\nslow@* defer 451 twice\n' >"$out/bad.rules"
set +e
"$cli" local-server run --rules "$out/bad.rules" >"$out/bad.out" 2>"$out/bad.err"
code=$?
set -e
[ "$code" -eq 2 ] || fail "a bad rules file exited $code, not 2: $(cat "$out/bad.err")"
[ "$(wc -l <"$out/bad.err")" -eq 1 ] && grep -q 'line 2: "slow@\* defer 451 twice" is not a rule' "$out/bad.err" \
  || fail "a bad rules file did not get one line naming line 2: $(cat "$out/bad.err")"
ok "a bad rules file: exit 2, $(cut -c1-60 "$out/bad.err")..."

# 2. The rules, the server, a campaign through it.
cat >"$out/rehearsal.rules" <<'RULES'
# what the campaign below meets
*@bounce.test reject 550 at RCPT
slow@* defer 451 times 1
drop@* close after DATA
late@* accept then bounce after 1s
RULES
"$cli" local-server run --json --rules "$out/rehearsal.rules" >"$out/server.out" 2>"$out/server.err" & pids+=($!)
deadline=$((SECONDS + 60))
until grep -q smtpPort "$out/server.out" 2>/dev/null; do
  kill -0 "${pids[0]}" 2>/dev/null || fail "local-server run ended: $(cat "$out/server.err")"
  [ "$SECONDS" -lt "$deadline" ] || fail "local-server run printed no ports"
  sleep 0.1
done
read -r smtp rules < <(python3 -c 'import json,sys; o=json.loads(open(sys.argv[1]).readline()); print(o["smtpPort"], o["rules"])' "$out/server.out")
[ "$rules" -eq 4 ] || fail "the server reports $rules rules, not 4"
ok "local-server run --rules listens on SMTP $smtp with $rules rules"

"$cli" servers add --name Rehearsal --host 127.0.0.1 --port "$smtp" --encryption none >/dev/null
printf 'email,first_name\nann@example.org,Ann\nslow@example.org,Sam\nx@bounce.test,Xavier\ndrop@example.org,Dora\nlate@example.org,Lee\n' \
  >"$out/c/list.csv"
cat >"$out/c/campaign.json" <<'JSON'
{"name": "Rehearsal", "from": "news+c1@company.test", "subject": "Hello {{first_name}}", "text": "Hello {{first_name}}",
 "list": "list.csv", "servers": ["Rehearsal"]}
JSON
set +e
"$cli" campaign run --force --json "$out/c/campaign.json" >"$out/run.json" 2>"$out/run.err"
code=$?
set -e
python3 - "$out/run.json" <<'PY' || fail "the report's counts are not the rules' effects (exit $code): $(cat "$out/run.json" "$out/run.err")"
import json, sys
r = json.loads(open(sys.argv[1]).read())
got = {k: r[k] for k in ("total", "accepted", "rejected", "unknown", "deferred", "pending")}
want = {"total": 5, "accepted": 3, "rejected": 1, "unknown": 1, "deferred": 0, "pending": 0}
assert got == want, got
PY
ok "campaign report: 3 accepted (slow@ after a 451), 1 rejected, 1 unknown (exit $code)"

# The DSN for late@ in the sender's mailbox (the +tag dropped), as Python's mailbox module reads the Maildir.
maildir="$HOME/.bitfaster/workspace/.metadata/.plugins/com.bitfaster.mail.localserver/mail"
python3 - "$maildir" <<'PY' || fail "no DSN for late@example.org in the Maildir of news@company.test"
import mailbox, sys, time
deadline = time.time() + 20
while True:
    try:
        box = mailbox.Maildir(sys.argv[1] + "/news@company.test", create=False)
        dsns = [m for m in box if m.get_content_type() == "multipart/report"]
    except mailbox.NoSuchMailboxError:
        dsns = []
    if dsns or time.time() > deadline:
        break
    time.sleep(0.1)
assert len(dsns) == 1, len(dsns)
m = dsns[0]
assert m.get_param("report-type") == "delivery-status"
status = [p for p in m.walk() if p.get_content_type() == "message/delivery-status"]
assert status and "late@example.org" in status[0].as_string(), m.as_string()
delivered = {d: len(mailbox.Maildir(sys.argv[1] + "/" + d, create=False)) for d in ("ann@example.org", "slow@example.org", "late@example.org")}
assert delivered == {"ann@example.org": 1, "slow@example.org": 1, "late@example.org": 1}, delivered
# slow@ was deferred once: its message arrived after the sender's retry backoff (30 s), long after ann@'s.
import os
when = {d: min(os.stat(os.path.join(sys.argv[1], d, "new", f)).st_mtime for f in os.listdir(os.path.join(sys.argv[1], d, "new")))
        for d in ("ann@example.org", "slow@example.org")}
assert when["slow@example.org"] - when["ann@example.org"] > 20, when
PY
ok "the bounce for late@ is an RFC 3464 report in news@company.test's Maildir; each accepted recipient has its message; slow@'s came after the retry"
ok "done in $((SECONDS - start)) s"
