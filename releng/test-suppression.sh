#!/usr/bin/env bash
# End-to-end test of the suppression list on the materialized product, with Postfix's smtp-sink on loopback as the
# relay. Checks: two command lines importing at the same time (and a third adding) lose no address; `suppression
# export` neutralises values a spreadsheet would run and writes the file 0600; `send` skips a suppressed recipient
# (counted at the sink: RCPT TO never names it) and says so; a damaged list gives one line and exit 1 for `suppression
# list` and for `send`, which then sends nothing, and the damaged file is kept aside.
# Usage: releng/test-suppression.sh [PRODUCT_DIR] [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
product="${1:-$root/releng/com.bitfaster.mail.product/target/products/com.bitfaster.mail.product/linux/gtk/x86_64/bitfaster}"
out="${2:-$root/releng/com.bitfaster.mail.product/target/suppression-test}"
for tool in /usr/sbin/smtp-sink python3; do
  command -v "$tool" >/dev/null || { echo "test-suppression: FAILED, $tool is missing (releng/env.sh installs it)" >&2; exit 1; }
done
rm -rf "$out"; mkdir -p "$out/home"
export HOME="$out/home"
unset DISPLAY WAYLAND_DISPLAY
cli="$product/bitfaster-cli"
data=(-data "$out/data")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
fail() { echo "test-suppression: FAILED, $*" >&2; exit 1; }
passed=0
ok() { passed=$((passed + 1)); echo "test-suppression: ok - $*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 600); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }
count() { "$cli" "${data[@]}" suppression list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["entries"]))'; }

# smtp-sink drops to nobody when run as root: its dump folder must be writable by it.
dumps="$(mktemp -d /tmp/bitfaster-supp-sink-XXXXXX)"; chmod 777 "$dumps"
sinkport=$(free_port)
sink_user=(); [ "$(id -u)" = 0 ] && sink_user=(-u nobody)
/usr/sbin/smtp-sink "${sink_user[@]}" -d "$dumps/%M." "127.0.0.1:$sinkport" 16 >"$out/sink.log" 2>&1 & pids+=($!)
trap 'cleanup; rm -rf "$dumps"' EXIT
wait_port "$sinkport" || fail "smtp-sink did not start"
"$cli" "${data[@]}" servers add --name Sink --host 127.0.0.1 --port "$sinkport" --encryption none >/dev/null

# 1. Two programs import at once, a third adds: every address is kept.
python3 - "$out" <<'PY'
import sys
for name in ("a", "b"):
    with open(f"{sys.argv[1]}/{name}.csv", "w") as f:
        f.write("email\n")
        for i in range(300):
            f.write(f"{name}{i}@example.org\n")
PY
"$cli" "${data[@]}" suppression import "$out/a.csv" >"$out/import-a.log" 2>&1 & a=$!
"$cli" "${data[@]}" suppression import "$out/b.csv" >"$out/import-b.log" 2>&1 & b=$!
"$cli" "${data[@]}" suppression add c1@example.org c2@example.org c3@example.org --reason unsubscribe >"$out/add-c.log" 2>&1 & c=$!
wait "$a" || fail "import a: $(cat "$out/import-a.log")"
wait "$b" || fail "import b: $(cat "$out/import-b.log")"
wait "$c" || fail "add c: $(cat "$out/add-c.log")"
n=$(count); [ "$n" = 603 ] || fail "three programs at once kept $n of 603 addresses"
file="$out/data/.metadata/.plugins/com.bitfaster.mail.suppression/suppression.json"
[ "$(stat -c %a "$file")" = 600 ] || fail "suppression.json is $(stat -c %a "$file"), not 600"
ok "three programs adding at once lose nothing (603 of 603), list is 0600"

# 2. Export: formulas neutralised, owner only.
"$cli" "${data[@]}" suppression add "=cmd@example.org" "+sum@example.org" --source=@evil >/dev/null
"$cli" "${data[@]}" suppression export "$out/export.csv" >/dev/null
[ "$(stat -c %a "$out/export.csv")" = 600 ] || fail "export is $(stat -c %a "$out/export.csv"), not 600"
if grep -qE '(^|,)[=+@-]' "$out/export.csv"; then fail "a value starts a formula: $(grep -E '(^|,)[=+@-]' "$out/export.csv" | head -1)"; fi
grep -q "^'=cmd@example.org,MANUAL,.*,'@evil" "$out/export.csv" || fail "=cmd not neutralised: $(grep cmd "$out/export.csv")"
ok "export neutralises =, +, @ values and is 0600"

# 3. send skips a suppressed recipient and says so; the sink never sees it.
"$cli" "${data[@]}" send --server Sink --from news@company.com --to ok@example.org --to A7@Example.org \
  --subject "Hello" --body "Hi" >"$out/send.log" 2>&1 || fail "send: $(cat "$out/send.log")"
grep -q "suppressed a7@example.org" "$out/send.log" || fail "send did not name the suppressed recipient: $(cat "$out/send.log")"
for _ in $(seq 1 100); do [ "$(ls "$dumps" | wc -l)" -ge 1 ] && break; sleep 0.1; done
[ "$(ls "$dumps" | wc -l)" = 1 ] || fail "the sink has $(ls "$dumps" | wc -l) messages, not 1"
grep -qi "X-Rcpt-Args: <ok@example.org>" "$dumps"/* || fail "ok@example.org not sent to"
if grep -qi "a7@example.org>" <(grep -h "X-Rcpt-Args" "$dumps"/*); then fail "the suppressed a7 reached the server"; fi
ok "send skips the suppressed recipient (RCPT TO at the sink: ok@example.org only) and names it"

# 4. A damaged list: one line, exit 1, nothing sent, the file kept aside.
printf '{"version":1,"entries":[{"address":' >"$file"
set +e
"$cli" "${data[@]}" suppression list >"$out/damaged.out" 2>"$out/damaged.err"; rc=$?
"$cli" "${data[@]}" send --server Sink --from news@company.com --to ok@example.org --subject "Hello" --body "Hi" \
  >"$out/damaged-send.out" 2>"$out/damaged-send.err"; src=$?
set -e
[ "$rc" = 1 ] || fail "suppression list on a damaged file exited $rc"
[ "$(wc -l <"$out/damaged.err")" = 1 ] || fail "not one line: $(cat "$out/damaged.err")"
grep -q "damaged" "$out/damaged.err" || fail "the message does not say damaged: $(cat "$out/damaged.err")"
[ "$src" != 0 ] || fail "send with a damaged list exited 0"
grep -q "damaged" "$out/damaged-send.err" || fail "send did not say why: $(cat "$out/damaged-send.err")"
[ "$(ls "$dumps" | wc -l)" = 1 ] || fail "send with a damaged list sent a message"
ls "$file".damaged-* >/dev/null 2>&1 || fail "the damaged file was not kept aside"
ok "a damaged list: one line and exit 1 (list) / $src (send), nothing sent, copy kept aside"
echo "test-suppression: PASSED ($passed checks)"
