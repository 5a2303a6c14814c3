#!/usr/bin/env bash
# Throughput benchmark: sends N messages of 5 KB (default 20000) to Postfix's smtp-sink on loopback with smtp-source
# (-d, 1 and 4 sessions: what the sink and the loopback can take), with our SenderService through one server at 1 and
# 4 connections (the product's own service, in the product's OSGi runtime, through the public API), and with a naive
# Angus loop (Transport.send per message). Prints msgs/s, the ratio to the naive loop and the ratio to smtp-source at
# the same concurrency. The SenderService rows are measured twice: all messages from one sender, and each message
# from its own sender (its own MAIL FROM). The JVM senders send the N messages twice in one JVM:
# the figures are the warm second round; the cold first round (JIT compilation included) is printed beside them.
# DKIM: the JDK's signatures per second on all cores for RSA 2048 and Ed25519 (the limit of signed throughput: one
# private-key operation per message), and the SenderService at 4 connections with every message DKIM-signed by the
# product's signer beside it (goal: signed >= 0.8 x the limit where the limit is below the unsigned rate; otherwise the
# link, not signing, is the limit and signed should be close to unsigned). Measured only when the load is low: the
# load average is printed, and the figures are marked NOT QUIET when it is 2 or more.
# Usage: releng/bench/throughput.sh [N] [PRODUCT_DIR]   (build the product first: ./mvnw verify)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n="${1:-20000}"
product="${2:-$root/releng/com.bitfaster.mail.product/target/products/com.bitfaster.mail.product/linux/gtk/x86_64/bitfaster}"
. "$root/releng/env.sh"
JAVA_HOME="$(bitfaster_java_home)"
for tool in /usr/sbin/smtp-sink /usr/sbin/smtp-source; do
  [ -x "$tool" ] || { echo "throughput: $tool is missing (apt-get install postfix, see .ci/run)" >&2; exit 2; }
done
plugins="$product/plugins"
[ -d "$plugins" ] || { echo "throughput: no product at $product (run ./mvnw verify first)" >&2; exit 2; }
jars() { local b jar out=""; for b in "$@"; do jar="$(ls "$plugins"/"$b"_*.jar | head -n 1)"; out="$out${out:+:}$jar"; done; echo "$out"; }
# The same classes run outside OSGi (starting the product, or the naive loop on Angus) and as a bundle in the product
# (throughput-bundle.MF), where they use the public API of com.bitfaster.mail.core.
osgi_cp="$(jars org.eclipse.osgi)"
mail_cp="$(jars jakarta.mail-api org.eclipse.angus.mail jakarta.activation-api angus-activation)"
work="$(mktemp -d)"
sink=""
trap '[ -z "$sink" ] || kill "$sink" 2>/dev/null; rm -rf "$work"' EXIT
"$JAVA_HOME/bin/javac" -nowarn -d "$work/classes" \
  -cp "$osgi_cp:$mail_cp:$(jars com.bitfaster.mail.core com.bitfaster.mail.dkim org.eclipse.equinox.common)" "$root/releng/bench/Throughput.java"
"$JAVA_HOME/bin/jar" --create --file "$work/throughput.jar" --manifest "$root/releng/bench/throughput-bundle.MF" \
  -C "$work/classes" .

port=$(( 20000 + RANDOM % 30000 ))
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$(( 20000 + RANDOM % 30000 )); done
user_opt=(); [ "$(id -u)" = 0 ] && user_opt=(-u nobody)
/usr/sbin/smtp-sink "${user_opt[@]}" "127.0.0.1:$port" 256 &
sink=$!
until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
  kill -0 "$sink" || { echo "throughput: smtp-sink did not start" >&2; exit 1; }
  sleep 0.05
done

now() { date +%s.%N; }
declare -A rate
run_source() { # sessions
  local t0 t1
  t0=$(now)
  /usr/sbin/smtp-source -d -s "$1" -m "$n" -l 5120 -f bench@bitfaster.test -t sink@example.test "127.0.0.1:$port"
  t1=$(now)
  rate["smtp-source -d, $1 session(s)"]=$(awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN { print n / (b - a) }')
}
declare -A cold
run_java() { # label, mode, args...
  local label="$1"; shift
  local out vm=(-cp "$work/classes:$mail_cp")
  [ "$1" = service ] && vm=(-Djava.util.logging.config.file="$product/logging.properties" -Dbench.dkim="${DKIM:-none}" -cp "$work/classes:$osgi_cp")
  out="$("$JAVA_HOME/bin/java" "${vm[@]}" Throughput "$@" "$port" "$n" ${EXTRA:-})"
  read -r count cold_secs secs accepted <<<"$out"
  [ "$accepted" = "$count" ] || { echo "throughput: $label: only $accepted of $count accepted" >&2; exit 1; }
  rate["$label"]=$(awk -v n="$count" -v s="$secs" 'BEGIN { print n / s }')
  cold["$label"]=$(awk -v n="$count" -v s="$cold_secs" 'BEGIN { printf "%.0f", n / s }')
}
load_before="$(cut -d' ' -f1 /proc/loadavg)"
run_source 1
run_source 4
EXTRA="1 $product $work/throughput.jar" run_java "SenderService, 1 connection" service
EXTRA="4 $product $work/throughput.jar" run_java "SenderService, 4 connections" service
EXTRA="1 $product $work/throughput.jar senders" run_java "SenderService, 1 conn, sender/msg" service
EXTRA="4 $product $work/throughput.jar senders" run_java "SenderService, 4 conn, sender/msg" service
run_java "naive Transport.send per message" naive
read -r sig_rsa sig_ed < <("$JAVA_HOME/bin/java" -cp "$work/classes" Throughput sigrate 5)
DKIM=rsa EXTRA="4 $product $work/throughput.jar" run_java "SenderService, 4 conn, DKIM RSA" service
DKIM=ed25519 EXTRA="4 $product $work/throughput.jar" run_java "SenderService, 4 conn, DKIM Ed25519" service
load_after="$(cut -d' ' -f1 /proc/loadavg)"

base="${rate["naive Transport.send per message"]}"
printf '\n%d messages of 5 KB to smtp-sink on loopback (%s, %s cores)\n' "$n" "$(date -u +%FT%TZ)" "$(nproc)"
printf '%-36s %10s %14s %18s %14s\n' "sender" "msgs/s" "x naive loop" "x smtp-source" "cold msgs/s"
ratio() { awk -v r="$1" -v b="$2" 'BEGIN { printf "%.2f", r / b }'; }
for label in "smtp-source -d, 1 session(s)" "smtp-source -d, 4 session(s)" "SenderService, 1 connection" \
    "SenderService, 4 connections" "SenderService, 1 conn, sender/msg" "SenderService, 4 conn, sender/msg" \
    "naive Transport.send per message"; do
  case "$label" in
    "SenderService, 1 conn"*) same="$(ratio "${rate[$label]}" "${rate["smtp-source -d, 1 session(s)"]}")" ;;
    "SenderService, 4 conn"*) same="$(ratio "${rate[$label]}" "${rate["smtp-source -d, 4 session(s)"]}")" ;;
    *) same="" ;;
  esac
  printf '%-36s %10.0f %14.1f %18s %14s\n' "$label" "${rate[$label]}" "$(ratio "${rate[$label]}" "$base")" "$same" \
    "${cold[$label]:-}"
done
echo "(x smtp-source: ours against smtp-source at the same concurrency; goal 2.0 on one connection, 1.2 on four."
echo " sender/msg: each message from its own envelope sender. x naive loop: goal 3."
echo " Each JVM sender sends the N messages twice in one JVM: msgs/s and the ratios are the second, warm round;"
echo " cold msgs/s is the first round, JIT compilation included.)"

unsigned="${rate["SenderService, 4 connections"]}"
printf '\nDKIM signing, %d cores: the JDK signature rate on all cores is the limit (one signature per message)\n' "$(nproc)"
printf '%-10s %16s %16s %18s %12s %14s\n' "algorithm" "signatures/s" "signed msgs/s" "unsigned msgs/s" "x limit" "x unsigned"
for a in RSA Ed25519; do
  if [ "$a" = RSA ]; then limit="$sig_rsa"; else limit="$sig_ed"; fi
  signed="${rate["SenderService, 4 conn, DKIM $a"]}"
  printf '%-10s %16.0f %16.0f %18.0f %12s %14s\n' "$a" "$limit" "$signed" "$unsigned" "$(ratio "$signed" "$limit")" \
    "$(ratio "$signed" "$unsigned")"
done
echo "(signed: 4 connections, every message signed by the product's signer on its pool; goal x limit >= 0.8 where"
echo " the limit is below the unsigned rate, else signed close to unsigned.)"
quiet=yes
awk -v a="$load_before" -v b="$load_after" 'BEGIN { exit !(a < 2 && b < 2) }' || quiet=no
if [ "$quiet" = yes ]; then
  echo "load average ${load_before} before, ${load_after} after: measured quietly."
else
  echo "NOT QUIET: load average ${load_before} before, ${load_after} after (2 or more): these figures could not be measured quietly."
fi