#!/usr/bin/env bash
# Bounces read back, end to end on the product: bitfaster-cli runs a campaign with a bounce+TOKEN return path through
# a real Postfix, whose next hop (aiosmtpd) refuses every third recipient after Postfix took the message, so Postfix
# writes the DSNs and delivers them over LMTP into a real Dovecot. Then two `bounces fetch` processes read that
# mailbox over IMAPS (pinned certificate) at the same time: each bounce must be recorded exactly once (the two
# counts add up, the campaign's journal holds one record per bounced recipient, exactly the refused ones), the reader
# that waited reads nothing new, and `campaign report --json` shows them bounced later (hard).
# Needs root (Postfix's and Dovecot's masters) and Debian's postfix, dovecot-imapd, dovecot-lmtpd, python3-aiosmtpd.
# Usage: releng/test-bounces.sh [PRODUCT_DIR] [OUT_DIR]   (environment: N recipients, default 30; EVERY, default 3:
# every EVERYth recipient bounces). releng/bench/bounces.sh runs it with every recipient bouncing and prints the rate.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
product="${1:-$root/releng/com.bitfaster.mail.product/target/products/com.bitfaster.mail.product/linux/gtk/x86_64/bitfaster}"
out="${2:-$root/releng/com.bitfaster.mail.product/target/bounces-test}"
n="${N:-30}"
every="${EVERY:-3}" # the destination refuses recipient i when i % EVERY == 0
rm -rf "$out"; mkdir -p "$out/home" "$out/campaign"
export HOME="$out/home"
unset DISPLAY WAYLAND_DISPLAY
cli="$product/bitfaster-cli"
[ -x "$cli" ] || { echo "test-bounces: no product at $product; build it with ./mvnw -o -B -ntp verify -DskipTests" >&2; exit 1; }
fail() { echo "test-bounces: FAILED, $*" >&2; exit 1; }
ok() { echo "test-bounces: ok - $*"; }
if [ "$(id -u)" != 0 ] || [ ! -x /usr/lib/dovecot/lmtp ] || [ ! -x /usr/lib/dovecot/imap ] || [ ! -x /usr/sbin/postfix ]; then
  echo "test-bounces: skipped, needs root, postfix, dovecot-imapd and dovecot-lmtpd"; exit 0
fi
# Free loopback ports, all from one Python (each start costs seconds on a loaded machine).
free_ports() { python3 -c '
import socket, sys
held = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in held: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in held))' "$1"; }
await_port() { for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

# Postfix and Dovecot run as their own users: their folders are under /tmp, reachable, not in a private folder.
peers="$(mktemp -d /tmp/bitfaster-bounces.XXXXXX)"; chmod 755 "$peers"
dest_pid=""; dovecot_pid=""; setup_pid=""
cleanup() {
  [ -n "$setup_pid" ] && wait "$setup_pid" 2>/dev/null || true # the product's set-up ends by itself; no JVM left behind
  [ -f "$peers/postfix/main.cf" ] && /usr/sbin/postfix -c "$peers/postfix" stop >/dev/null 2>&1 || true
  [ -n "$dest_pid" ] && kill "$dest_pid" 2>/dev/null || true
  [ -n "$dovecot_pid" ] && kill "$dovecot_pid" 2>/dev/null || true
  for _ in $(seq 1 50); do { [ -n "$dovecot_pid" ] && kill -0 "$dovecot_pid" 2>/dev/null; } || break; sleep 0.1; done
  rm -rf "$peers"
}
trap cleanup EXIT

# 1. Dovecot: IMAPS with a self-signed certificate, LMTP; every user shares one Maildir.
d="$peers/dovecot"; mkdir -p "$d/mail" "$d/run" "$d/state"; chown dovecot:dovecot "$d/mail"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$d/key.pem" -out "$d/cert.pem" 2>/dev/null
pin=$(openssl x509 -noout -fingerprint -sha256 -in "$d/cert.pem" | sed 's/.*=//')
read -r imaps lmtp dest smtp <<<"$(free_ports 4)"

# The product's set-up needs no peer: it runs (two JVM starts) while the peers start.
setup_cli() {
  printf 'bounce-secret\n' | "$cli" bounces settings --return-path-domain bounce.test --protocol imap --host 127.0.0.1 \
    --port "$imaps" --user bounces --pin "$pin" --password-stdin >"$out/settings.log" 2>&1 || { echo "bounces settings"; return 1; }
  "$cli" servers add --name Relay --host 127.0.0.1 --port "$smtp" --encryption none >"$out/servers.log" 2>&1 || { echo "servers add"; return 1; }
  python3 "$root/releng/test-campaign.py" make "$out/campaign" "$n" b '{"name": "Bounce test"}' || { echo "test-campaign.py make"; return 1; }
}
setup_cli >"$out/setup.log" 2>&1 & setup_pid=$!
cat >"$d/dovecot.conf" <<CONF
base_dir = $d/run
state_dir = $d/state
instance_name = bitfaster-bounces-$$
log_path = $d/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = required
ssl_cert = <$d/cert.pem
ssl_key = <$d/key.pem
disable_plaintext_auth = yes
default_login_user = dovenull
default_internal_user = dovecot
mail_uid = dovecot
mail_gid = dovecot
first_valid_uid = 1
mail_location = maildir:$d/mail
passdb {
  driver = static
  args = password=bounce-secret
}
userdb {
  driver = static
  args = home=$d/mail
}
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    port = $imaps
    ssl = yes
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $lmtp
  }
}
lmtp_save_to_detail_mailbox = no
recipient_delimiter = +
CONF
/usr/sbin/dovecot -F -c "$d/dovecot.conf" >"$d/foreground.log" 2>&1 & dovecot_pid=$!
await_port "$imaps" && await_port "$lmtp" || fail "Dovecot did not start: $(cat "$d/foreground.log" "$d/dovecot.log" 2>/dev/null)"

# 2. The destination: refuses every third recipient (550 5.1.1) after Postfix accepted the message.
/usr/bin/python3 - "$dest" "$every" >"$peers/dest.log" 2>&1 <<'PY' & dest_pid=$!
import asyncio, re, sys
from aiosmtpd.controller import Controller
class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        m = re.match(r"b(\d+)@", address)
        if m and int(m.group(1)) % int(sys.argv[2]) == 0:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"
    async def handle_DATA(self, server, session, envelope):
        return "250 OK"
c = Controller(Handler(), hostname="127.0.0.1", port=int(sys.argv[1])); c.start()
asyncio.get_event_loop().run_forever()
PY
await_port "$dest" || fail "the destination did not start: $(cat "$peers/dest.log")"

# 3. Postfix: relays everything to the destination, delivers bounce.test to Dovecot over LMTP.
p="$peers/postfix"; mkdir -p "$p/queue" "$p/data"; chown postfix "$p/data"
cat >"$p/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $p/queue
data_directory = $p/data
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = relay.bitfaster.test
mydestination =
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
relayhost = [127.0.0.1]:$dest
smtp_tls_security_level = none
transport_maps = inline:{bounce.test=lmtp:inet:127.0.0.1:$lmtp}
maillog_file = $p/maillog
maillog_file_prefixes = $p
CONF
{ echo "127.0.0.1:$smtp inet n - n - - smtpd"
  for s in "pickup unix n - n 60 1 pickup" "cleanup unix n - n - 0 cleanup" "qmgr unix n - n 300 1 qmgr" \
    "tlsmgr unix - - n 1000? 1 tlsmgr" "rewrite unix - - n - - trivial-rewrite" "bounce unix - - n - 0 bounce" \
    "defer unix - - n - 0 bounce" "trace unix - - n - 0 bounce" "verify unix - - n - 1 verify" \
    "flush unix n - n 1000? 0 flush" "proxymap unix - - n - - proxymap" "smtp unix - - n - - smtp" \
    "relay unix - - n - - smtp" "lmtp unix - - n - - lmtp" "showq unix n - n - - showq" "error unix - - n - - error" \
    "retry unix - - n - - error" "discard unix - - n - - discard" "anvil unix - - n - 1 anvil" \
    "scache unix - - n - 1 scache" "postlog unix-dgram n - n - 1 postlogd"; do echo "$s"; done; } >"$p/master.cf"
# start-fg runs Postfix's own integrity check (check-fatal) first; its complaint lands in start-fg.log.
/usr/sbin/postfix -c "$p" start-fg >"$p/start-fg.log" 2>&1 &
await_port "$smtp" || fail "Postfix did not start: $(cat "$p/start-fg.log")"
ok "Dovecot (IMAPS $imaps, LMTP $lmtp), Postfix ($smtp) and the destination ($dest) run on loopback"

# 4. The campaign, with the bounce+TOKEN return path.
wait "$setup_pid" || fail "$(cat "$out/setup.log") $(cat "$out/settings.log" "$out/servers.log" 2>/dev/null)"
campaign="$out/campaign/campaign.json"
"$cli" campaign run "$campaign" >"$out/run.log" 2>&1 || fail "campaign run: $(cat "$out/run.log")"
expected=$(( (n + every - 1) / every ))
deadline=$((SECONDS + 300 + expected / 5)) # bounds a hang; the benchmark's thousands of DSNs take longer
while :; do
  delivered=$(grep -c 'postfix/lmtp.*to=<bounce+.*status=sent' "$p/maillog" 2>/dev/null || true)
  [ "$delivered" -ge "$expected" ] || [ "$SECONDS" -ge "$deadline" ] && break; sleep 0.2
done
[ "$delivered" -ge "$expected" ] || fail "Postfix delivered $delivered of $expected DSNs to Dovecot: $(tail -20 "$p/maillog")"
ok "campaign of $n sent; Postfix wrote $delivered DSNs into Dovecot"

# 5. Two readers at once.
start=$(date +%s.%N)
"$cli" bounces fetch --json >"$out/fetch1.json" 2>"$out/fetch1.err" & f1=$!
"$cli" bounces fetch --json >"$out/fetch2.json" 2>"$out/fetch2.err" & f2=$!
wait "$f1" || fail "first fetch: $(cat "$out/fetch1.err")"
wait "$f2" || fail "second fetch: $(cat "$out/fetch2.err")"
end=$(date +%s.%N)
"$cli" campaign report "$campaign" --json >"$out/report.json" 2>"$out/report.err" || fail "campaign report: $(cat "$out/report.err")"
python3 - "$out" "$expected" "$campaign.ledger.journal" "$n" "$every" "$start" "$end" <<'PY' || fail "bounces were not recorded exactly once"
import json, sys
out, expected, journal, n, every = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
seconds = float(sys.argv[7]) - float(sys.argv[6])
f1, f2 = (json.load(open(f"{out}/fetch{i}.json")) for i in (1, 2))
report = json.load(open(f"{out}/report.json"))
assert f1["hard"] + f2["hard"] == expected, (f1, f2)
assert f1["refused"] + f2["refused"] == 0, (f1, f2)
assert min(f1["read"], f2["read"]) == 0, (f1, f2)  # the reader that waited found nothing new
assert report["bounced"] == expected and {b["kind"] for b in report["bounces"]} == {"hard"}, report
bounced = [l.split("\t") for l in open(journal, encoding="utf-8") if "\tBOUNCED\t" in l]
addresses = sorted(f[3] for f in bounced)
want = sorted(f"b{i}@example.org" for i in range(n) if i % every == 0)
assert addresses == want, (addresses, want)
# The readers take turns (one lock): the one that read the mailbox spent its fetch time on the bounces.
busy = max(f1["millis"] if f1["read"] else 0, f2["millis"] if f2["read"] else 0) / 1000
print(f"{'bounces':>8} {'reader 1':>9} {'reader 2':>9} {'journal':>8} {'wall s':>7} {'bounces/s':>10} {'fetch s':>8} {'bounces/s':>10}")
print(f"{expected:>8} {f1['read']:>9} {f2['read']:>9} {len(bounced):>8} {seconds:>7.2f} {expected / seconds:>10.1f} {busy:>8.2f} {expected / busy:>10.1f}")
print("(wall: both bounces fetch processes from their start to the last one's end, JVM starts included;")
print(" fetch: inside the reader that read them: lock, IMAPS login, read, parse, verify, journal, suppress, move)")
PY
ok "two fetches at once recorded each of $expected bounces once (the second read 0); campaign report shows them bounced"
