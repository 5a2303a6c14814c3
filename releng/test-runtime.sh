#!/usr/bin/env bash
# The product archive carries its own Java: unpacked on a machine with no Java, it starts the command line and the
# workbench. Every JDK is hidden (a private mount namespace with an empty tmpfs over /usr/lib/jvm, which also leaves
# /usr/bin/java dangling; JAVA_HOME unset; PATH without java), then: bitfaster-cli --help, local-server run, a mail
# sent through it with bitfaster-cli send and read back over POP3, and the workbench's window and its local mail server
# under Xvfb, each run by the archive's jre/bin/java. Needs root (unshare -m).
# Usage: releng/test-runtime.sh ARCHIVE [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
archive="${1:-$root/releng/com.bitfaster.mail.product/target/products/bitfaster-workbench-linux.gtk.x86_64.tar.gz}"
out="${2:-$root/releng/com.bitfaster.mail.product/target/runtime-test}"
fail() { echo "test-runtime: FAILED, $*" >&2; exit 1; }

if [ "${1:-}" != --hidden ]; then
  [ -f "$archive" ] || { echo "test-runtime: no archive at $archive (build it with ./mvnw verify)" >&2; exit 2; }
  # Like the other tests that need root (CI runs as root): say why, and skip.
  [ "$(id -u)" = 0 ] || { echo "test-runtime: SKIPPED, hiding the JDKs (unshare -m) needs root" >&2; exit 0; }
  for tool in xvfb-run xdotool python3 unshare; do
    command -v "$tool" >/dev/null || { echo "test-runtime: $tool is missing" >&2; exit 2; }
  done
  rm -rf "$out"; mkdir -p "$out"
  tar -C "$out" -xzf "$archive"
  [ -x "$out/bitfaster/jre/bin/java" ] || fail "the archive has no jre/bin/java"
  echo "test-runtime: archive $(du -m "$archive" | cut -f1) MB, its runtime $(du -sm "$out/bitfaster/jre" | cut -f1) MB"
  # Xvfb starts inside, after the JDKs are hidden: nothing started before can hand the workbench a Java.
  exec unshare -m -- env -u JAVA_HOME PATH=/usr/sbin:/usr/bin:/sbin:/bin "$0" --hidden "$out"
fi

out="$2"
mount -t tmpfs -o size=1m tmpfs /usr/lib/jvm || fail "could not hide /usr/lib/jvm"
if command -v java >/dev/null && java -version >/dev/null 2>&1; then fail "a java is still reachable: $(command -v java)"; fi
product="$out/bitfaster"
export HOME="$out/home"; mkdir -p "$HOME"
cli="$product/bitfaster-cli"
pid=""; server=""
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; [ -n "$server" ] && kill "$server" 2>/dev/null; true' EXIT

"$cli" --help >"$out/help.txt" 2>&1 || { cat "$out/help.txt" >&2; fail "bitfaster-cli --help"; }
grep -q 'servers' "$out/help.txt" || fail "bitfaster-cli --help lists no commands"

"$cli" local-server run --json >"$out/local-server.json" 2>"$out/local-server.err" &
server=$!
ports=""
for _ in $(seq 1 240); do # up to 60 s
  ports="$(python3 -c 'import json,sys; d=json.loads(open(sys.argv[1]).readline()); print(d["smtpPort"], d["pop3Port"])' \
    "$out/local-server.json" 2>/dev/null || true)"
  [ -n "$ports" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$out/local-server.err" >&2; fail "bitfaster-cli local-server run exited"; }
  sleep 0.25
done
[ -n "$ports" ] || fail "bitfaster-cli local-server run did not listen within 60 s"
# Non-ASCII text: the mail charsets are in the runtime.
"$cli" send --server "Local Mail Server" --from runtime@bitfaster.local --to reader@example.org \
  --subject "Runtime test" --body "Sent by the bundled Java, Grüße" >"$out/send.txt" 2>&1 \
  || { cat "$out/send.txt" "$out/local-server.err" >&2; fail "bitfaster-cli send through the local server"; }
python3 - $ports <<'PY' || fail "the mail sent with the bundled Java is not in the POP3 mailbox"
import poplib, sys, email
pop = poplib.POP3("127.0.0.1", int(sys.argv[2]), timeout=10)
pop.user("reader@example.org"); pop.pass_("reader@example.org")
count, _ = pop.stat()
msg = email.message_from_bytes(b"\r\n".join(pop.retr(count)[1]))
pop.quit()
assert msg["Subject"] == "Runtime test", msg["Subject"]
assert "Grüße" in msg.get_payload(decode=True).decode(msg.get_content_charset() or "utf-8"), msg.as_string()
PY
kill "$server"; wait "$server" 2>/dev/null || true; server=""

# The workbench: its window appears, from the bundled Java.
xvfb-run -a -s "-screen 0 1280x900x24" bash -c '
  set -euo pipefail
  product="$1"; out="$2"
  "$product/bitfaster" -consoleLog -data "$HOME/workspace" >"$out/workbench.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do # up to 60 s
    window="$(xdotool search --onlyvisible --name "^BitFaster Workbench" 2>/dev/null | head -n 1 || true)"
    [ -n "$window" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$out/workbench.log" >&2; echo "the workbench exited" >&2; exit 1; }
    sleep 0.25
  done
  [ -n "$window" ] || { cat "$out/workbench.log" >&2; echo "no window within 60 s" >&2; kill -9 "$pid"; exit 1; }
  # The window belongs to the JVM, a child of the launch script (which stays to relaunch on exit code 23).
  jvm="$(xdotool getwindowpid "$window")"
  exe="$(readlink -f "/proc/$jvm/exe")"
  # The local mail server (GreenMail, Angus) starts after the window, on the same Java.
  for _ in $(seq 1 120); do # up to 30 s
    grep -q "Local mail server listening" "$out/workbench.log" && break
    sleep 0.25
  done
  grep -q "Local mail server listening" "$out/workbench.log" || { echo "the local mail server did not start" >&2; kill -9 "$pid"; exit 1; }
  xdotool windowfocus --sync "$window" && xdotool key ctrl+q
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$jvm" "$pid" 2>/dev/null || true
  [ "$exe" = "$(readlink -f "$product/jre/bin/java")" ] || { echo "the workbench ran on $exe" >&2; exit 1; }
' bash "$product" "$out" || fail "the workbench with the bundled Java"
if grep -n -E '^!ENTRY [^ ]+ 4 |NoClassDefFoundError|ClassNotFoundException: (java|javax|jdk|sun)\.' "$out/workbench.log" >&2; then
  fail "the workbench logged errors with the bundled Java (see $out/workbench.log)"
fi
echo "test-runtime: with no JDK on the machine, bitfaster-cli (--help, local-server run, send, read back over POP3) and the workbench's window and local server ran on the archive's jre/"
