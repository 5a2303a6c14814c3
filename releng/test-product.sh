#!/usr/bin/env bash
# Smoke test of the materialized product: it starts, shows the "BitFaster Workbench" window, loads none of what may
# start after the window before it (see below), quits on Ctrl+Q with exit code 0, and logs no error. Writes a screenshot and the log to OUT_DIR.
# Usage: releng/test-product.sh [PRODUCT_DIR] [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
product="${1:-$root/releng/com.bitfaster.mail.product/target/products/com.bitfaster.mail.product/linux/gtk/x86_64/bitfaster}"
out="${2:-$root/releng/com.bitfaster.mail.product/target/product-test}"

if [ -z "${DISPLAY:-}" ]; then
  command -v xvfb-run >/dev/null || { echo "test-product: no DISPLAY and no xvfb-run (apt-get install xvfb)" >&2; exit 2; }
  exec xvfb-run -a -s "-screen 0 1280x900x24" "$0" "$product" "$out"
fi
for tool in xdotool import; do
  command -v "$tool" >/dev/null || { echo "test-product: $tool is missing (apt-get install xdotool imagemagick)" >&2; exit 2; }
done
[ -x "$product/bitfaster" ] || { echo "test-product: no product at $product (build it with ./mvnw verify)" >&2; exit 2; }

rm -rf "$out"; mkdir -p "$out/home"
log="$out/workbench.log"
# A throwaway home: the test never touches the user's data or keys.
# The JVM logs every class it loads, in order: the start-up check below reads it.
HOME="$out/home" BITFASTER_VM_ARGS="${BITFASTER_VM_ARGS:-} -Xlog:class+load=info:file=$out/classes.log" "$product/bitfaster" -consoleLog -data "$out/home/workspace" >"$log" 2>&1 &
pid=$!
cleanup() { kill -9 "$pid" 2>/dev/null || true; }
trap cleanup EXIT

window=""
for _ in $(seq 1 240); do # up to 60 s
  window="$(xdotool search --onlyvisible --name '^BitFaster Workbench' 2>/dev/null | head -n 1 || true)"
  [ -n "$window" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "test-product: FAILED, the workbench exited before showing its window:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.25
done
[ -n "$window" ] || { echo "test-product: FAILED, no 'BitFaster Workbench' window within 60 s" >&2; cat "$log" >&2; exit 1; }
title="$(xdotool getwindowname "$window")"

# Start-up: nothing the window does not need is loaded before it. The workbench loads AfterWindow$Work when its
# start-up is complete (windows rendered); a class of GreenMail, Angus Mail, secure storage, OAuth, DKIM, the
# pre-flight check, discovery, help (beyond org.eclipse.help's API, which the workbench itself uses), Jetty or p2 logged
# before that line means its bundle was started on the way to the window (bundles are lazy: the first class loaded
# from one starts it). Order in one log, not timing: robust on a busy machine.
marker=""
for _ in $(seq 1 120); do # up to 30 s
  marker="$(grep -n -m 1 '\] com\.bitfaster\.mail\.app\.internal\.AfterWindow\$Work source' "$out/classes.log" | cut -d: -f1 || true)"
  [ -n "$marker" ] && break
  sleep 0.25
done
[ -n "$marker" ] || { echo "test-product: FAILED, the workbench never reported its start-up complete (AfterWindow\$Work not loaded)" >&2; exit 1; }
off_path='\] (com\.icegreen\.|org\.subethamail\.|org\.eclipse\.angus\.|jakarta\.mail\.|org\.eclipse\.equinox\.(internal\.)?security\.|com\.nimbusds\.|com\.bitfaster\.mail\.(oauth|dkim|preflight|discovery)|org\.eclipse\.help\.(ui|search|internal\.(base|webapp|server))|org\.eclipse\.jetty\.|org\.eclipse\.equinox\.(internal\.)?p2\.)'
if head -n "$marker" "$out/classes.log" | grep -E "$off_path" >"$out/early-classes.txt"; then
  echo "test-product: FAILED, loaded before the window (first 10 of $(wc -l <"$out/early-classes.txt"), all in $out/early-classes.txt):" >&2
  head -n 10 "$out/early-classes.txt" >&2
  exit 1
fi
early_count="$(head -n "$marker" "$out/classes.log" | wc -l)"

# The embedded local mail server: a mail sent over SMTP is read back over POP3 by clients that are not ours.
ports=""
for _ in $(seq 1 120); do # up to 30 s
  ports="$(sed -n 's/.*Local mail server listening on 127.0.0.1: SMTP port \([0-9]*\), POP3 port \([0-9]*\)\./\1 \2/p' "$log" | head -n 1)"
  [ -n "$ports" ] && break
  sleep 0.25
done
[ -n "$ports" ] || { echo "test-product: FAILED, the local mail server did not start within 30 s" >&2; cat "$log" >&2; exit 1; }
# The entry is written just after the server says it listens.
servers_json="$out/home/workspace/.metadata/.plugins/com.bitfaster.mail.core/servers.json"
for _ in $(seq 1 120); do # up to 30 s
  grep -qs '"id": "local-mail-server"' "$servers_json" && break
  sleep 0.25
done
grep -qs '"id": "local-mail-server"' "$servers_json" \
  || { echo "test-product: FAILED, no 'Local Mail Server' entry in servers.json" >&2; exit 1; }
python3 - $ports <<'PY' || { echo "test-product: FAILED, SMTP to POP3 round trip through the local mail server" >&2; exit 1; }
import poplib, smtplib, sys
from email.message import EmailMessage
smtp_port, pop3_port = int(sys.argv[1]), int(sys.argv[2])
msg = EmailMessage()
msg["From"], msg["To"], msg["Subject"] = "smoke@bitfaster.local", "reader@example.org", "Product smoke test"
msg.set_content("Sent through the embedded server.")
with smtplib.SMTP("127.0.0.1", smtp_port, timeout=10) as s:
    s.send_message(msg)
pop = poplib.POP3("127.0.0.1", pop3_port, timeout=10)
pop.user("reader@example.org"); pop.pass_("reader@example.org")
count, _ = pop.stat()
lines = b"\n".join(pop.retr(count)[1]).decode()
pop.quit()
assert "Subject: Product smoke test" in lines and "Sent through the embedded server." in lines, lines
PY

# Taken last: on a busy machine the first paint comes well after the window is mapped.
import -window root "$out/workbench.png"
xdotool windowfocus --sync "$window" && xdotool key ctrl+q
code=""
for _ in $(seq 1 120); do # up to 30 s
  if ! kill -0 "$pid" 2>/dev/null; then
    wait "$pid" && code=0 || code=$?
    break
  fi
  sleep 0.25
done
trap - EXIT
[ -n "$code" ] || { cleanup; echo "test-product: FAILED, the workbench did not quit on Ctrl+Q within 30 s" >&2; exit 1; }
[ "$code" = 0 ] || { echo "test-product: FAILED, exit code $code" >&2; cat "$log" >&2; exit 1; }
if grep -n -E '^!ENTRY [^ ]+ 4 ' "$log" >&2; then
  echo "test-product: FAILED, the workbench logged errors (see $log)" >&2
  exit 1
fi
echo "test-product: window '$title' shown ($early_count classes loaded before it, none of GreenMail, Angus, secure storage, OAuth, DKIM, pre-flight, help, p2), local mail server SMTP->POP3 round trip on ports $ports, quit with exit code 0, no errors logged; screenshot $out/workbench.png"
