#!/usr/bin/env bash
# XOAUTH2 campaign benchmark: a campaign of N recipients (default 10,000) sent by bitfaster-cli through Debian's Dovecot
# submission service, which checks every XOAUTH2 sign-in against a real Keycloak 26.5.6 (token introspection) with
# 30-second access tokens and rotated refresh tokens. Several connections, and few messages per connection, so many
# connections sign in over the run and the access token expires many times. Dovecot relays every message to Postfix's
# smtp-sink (no local delivery, no lmtp: the sink accepts and forgets). Keycloak sits behind a small recording proxy
# (releng/bench/oauth-proxy.py) that keeps every token Keycloak issued and counts refreshes and refused refreshes.
# PROCESSES=2 splits the list over two bitfaster-cli campaign runs at the same time on the same server (one refresh at a
# time across processes: a reused rotated refresh token would be refused by Keycloak and counted).
# Prints a table (messages, duration, sign-ins, token refreshes, refused refreshes, authentication failures) and a scan
# for the real token values, the client secret and the user's password in every file under the data folder and HOME
# outside secure storage, in the product's logs and output, and in the process arguments sampled during the run.
# Needs root (Dovecot's master), dovecot-submissiond, postfix (smtp-sink), unzip, and the Keycloak distribution from
# Maven Central (the oauth tests' build unpacks it; else it is unpacked here from the local Maven repository).
# Usage: releng/bench/xoauth2.sh [N] [CONNECTIONS] [MESSAGES_PER_CONNECTION] [PRODUCT_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n="${1:-10000}"
connections="${2:-4}"
per_connection="${3:-10}"
product="${4:-$root/releng/com.bitfaster.mail.product/target/products/com.bitfaster.mail.product/linux/gtk/x86_64/bitfaster}"
processes="${PROCESSES:-1}"
kc_version=26.5.6
fail() { echo "xoauth2: $*" >&2; exit 2; }
[ "$(id -u)" = 0 ] || fail "Dovecot's master must start as root (it drops to dovenull for logins)"
[ -x /usr/sbin/dovecot ] || fail "dovecot-submissiond missing (releng/env.sh installs it)"
[ -x /usr/sbin/smtp-sink ] || fail "smtp-sink missing (postfix)"
[ -x "$product/bitfaster-cli" ] || fail "no product at $product (run ./mvnw verify first)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

kc_home=""
for d in "$root"/tests/com.bitfaster.mail.oauth.tests/target/keycloak/keycloak-$kc_version \
         "$root"/tests/com.bitfaster.mail.ui.tests/target/keycloak/keycloak-$kc_version; do
  [ -x "$d/bin/kc.sh" ] && { kc_home="$d"; break; }
done

work="$(mktemp -d /tmp/xoauth2-bench.XXXXXX)"
pids=()
sink=""
cleanup() {
  for p in "${pids[@]}"; do pkill -TERM -P "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done
  [ -n "$sink" ] && kill "$sink" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
if [ -z "$kc_home" ]; then
  zip="$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$kc_version/keycloak-quarkus-dist-$kc_version.zip"
  [ -r "$zip" ] || fail "no Keycloak: build the oauth tests once (./mvnw verify -pl ...oauth.tests) so Maven fetches it"
  unzip -q "$zip" -d "$work" && kc_home="$work/keycloak-$kc_version"
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 1200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.25; done; return 1; }

# 1. Keycloak (dev mode, in-memory database) with the tests' realm, behind the recording proxy.
kc_port=$(free_port); mgmt_port=$(free_port); proxy_port=$(free_port)
mkdir -p "$kc_home/data/import"
cp "$root/tests/com.bitfaster.mail.tests.support/fixtures/bitfaster-realm.json" "$kc_home/data/import/"
t_kc=$(date +%s.%N)
KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin "$kc_home/bin/kc.sh" start-dev \
  --http-host 127.0.0.1 --http-port "$kc_port" --http-management-port "$mgmt_port" --db dev-mem --import-realm \
  >"$work/keycloak.log" 2>&1 & pids+=($!)
/usr/bin/python3 "$root/releng/bench/oauth-proxy.py" "$proxy_port" "$kc_port" "$work/issued-tokens" "$work/proxy-stats.json" \
  >"$work/proxy.log" 2>&1 & pids+=($!)
for _ in $(seq 1 1200); do grep -q "Listening on: http://" "$work/keycloak.log" && break; sleep 0.25; done
grep -q "Listening on: http://" "$work/keycloak.log" || fail "Keycloak did not start: $(tail -5 "$work/keycloak.log")"
echo "xoauth2: Keycloak listening after $(python3 -c "import time; print(round(time.time() - $t_kc))") s"
issuer="http://127.0.0.1:$proxy_port/realms/bitfaster"

# 2. smtp-sink, and Dovecot submission checking tokens at Keycloak's introspection endpoint (through the proxy).
. "$root/releng/bench/sink.sh"
dv_port=$(free_port)
dv="/tmp/dvx$dv_port"   # unix socket paths are limited to 108 bytes
mkdir -p "$dv/home"; chmod 777 "$dv/home"
cat >"$dv/oauth2.conf.ext" <<EOF
introspection_mode = post
introspection_url = $issuer/protocol/openid-connect/token/introspect
client_id = dovecot
client_secret = dovecot-introspection-secret
username_attribute = username
active_attribute = active
active_value = true
force_introspection = yes
EOF
cat >"$dv/dovecot.conf" <<EOF
base_dir = $dv/run
state_dir = $dv/state
instance_name = bitfaster-bench-$dv_port
protocols = submission
listen = 127.0.0.1
log_path = $work/dovecot.log
auth_verbose = yes
ssl = no
disable_plaintext_auth = no
auth_mechanisms = xoauth2 oauthbearer
hostname = submission.bitfaster.test
first_valid_uid = 1
mail_location = maildir:$dv/mail/%u
submission_relay_host = 127.0.0.1
submission_relay_port = $port
submission_relay_trusted = yes
submission_relay_ssl = no
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = $dv/oauth2.conf.ext
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$dv/home/%u
}
service submission-login {
  inet_listener submission {
    address = 127.0.0.1
    port = $dv_port
  }
  process_min_avail = $connections
}
EOF
/usr/sbin/dovecot -F -c "$dv/dovecot.conf" >"$dv/stdout.log" 2>&1 & pids+=($!)
trap 'cleanup; rm -rf "$dv"' EXIT
wait_port "$dv_port" || fail "Dovecot did not start: $(cat "$dv/stdout.log" "$work/dovecot.log" 2>/dev/null | tail -5)"

# 3. The server, its client secret (standard input into secure storage), and the sign-in: the product prints the
# authorization URL, a scripted browser posts Keycloak's login form (as the tests' Browser does).
export HOME="$work/home"; mkdir -p "$HOME"
unset DISPLAY WAYLAND_DISPLAY
cli="$product/bitfaster-cli"
client_secret=confidential-client-secret
user_password=alice-password
"$cli" servers add --name Dovecot --host 127.0.0.1 --port "$dv_port" --encryption none --allow-plaintext-auth \
  --username alice --oauth-provider "$issuer" --client-id bitfaster-confidential --oauth-scope "openid email" \
  --max-connections "$connections" --messages-per-connection "$per_connection" --timeout 30 >"$work/cli-add.log" 2>&1 \
  || fail "servers add: $(cat "$work/cli-add.log")"
printf '%s\n' "$client_secret" | "$cli" servers update Dovecot --client-secret-stdin >>"$work/cli-add.log" 2>&1 \
  || fail "servers update --client-secret-stdin: $(cat "$work/cli-add.log")"
"$cli" servers login Dovecot --browser --wait 120 >"$work/cli-login.log" 2>&1 & login=$!
for _ in $(seq 1 240); do grep -q '^http' "$work/cli-login.log" && break; sleep 0.25; done
url="$(grep -m1 '^http' "$work/cli-login.log")" || fail "no sign-in URL: $(cat "$work/cli-login.log")"
/usr/bin/python3 - "$url" "$user_password" <<'PY' || fail "the scripted browser failed"
import html, http.cookiejar, re, sys, urllib.parse, urllib.request
url, password = sys.argv[1], sys.argv[2]
class Loopback(http.cookiejar.DefaultCookiePolicy):
    def return_ok_secure(self, cookie, request):  # browsers treat http://127.0.0.1 as secure
        return True
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar(Loopback())))
page = opener.open(url).read().decode()
for _ in range(6):
    form = re.search(r'<form[^>]*\baction="([^"]*)"[^>]*>(.*?)</form>', page, re.S | re.I)
    if not form:
        break
    data = {}
    for attrs in re.findall(r'<input([^>]*)>', form.group(2), re.I):
        a = dict((k.lower(), html.unescape(v)) for k, v in re.findall(r'\b(name|value|type)="([^"]*)"', attrs, re.I))
        if "name" in a and a["name"] != "cancel" and (a.get("type") != "submit" or a["name"] == "accept"):
            data[a["name"]] = {"username": "alice", "password": password}.get(a["name"], a.get("value", ""))
    if re.search(r'<button[^>]*\bname="accept"', form.group(2), re.I):
        data["accept"] = "Yes"
    page = opener.open(html.unescape(form.group(1)), urllib.parse.urlencode(data).encode()).read().decode()
PY
wait "$login" || fail "servers login: $(cat "$work/cli-login.log")"

# 4. The campaign (or PROCESSES campaigns over the list's parts), process arguments sampled while it runs.
python3 - "$work" "$n" "$processes" <<'PY'
import json, sys
d, n, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
body = "Hello {{first_name}},\n\nyour personal code is {{code}}.\n\n" + ("Spring offers and news. " * 200)[:4900] + "\n"
for p in range(k):
    import os
    os.makedirs(f"{d}/c{p}", exist_ok=True)
    open(f"{d}/c{p}/body.txt", "w").write(body)
    with open(f"{d}/c{p}/list.csv", "w") as f:
        f.write("email,first_name,code\n")
        for i in range(p, n, k):
            f.write(f"reader{i}@example.org,Reader {i},C{i:07d}\n")
    json.dump({"name": f"XOAUTH2 benchmark {p}", "from": "alice@bitfaster.test", "subject": "Offers for {{first_name}}",
               "textFile": "body.txt", "list": "list.csv", "servers": ["Dovecot"]}, open(f"{d}/c{p}/campaign.json", "w"))
PY
: >"$work/ps.log"
( while :; do ps -eo args >>"$work/ps.log"; sleep 0.5; done ) & sampler=$!
pids+=($sampler)
t0=$(date +%s.%N)
runs=()
for p in $(seq 0 $((processes - 1))); do
  "$cli" campaign run "$work/c$p/campaign.json" --json >"$work/report$p.json" 2>"$work/campaign$p.err" & runs+=($!)
done
status=0
for r in "${runs[@]}"; do wait "$r" || status=$?; done
t1=$(date +%s.%N)
kill "$sampler" 2>/dev/null || true
[ "$status" = 0 ] || echo "xoauth2: a campaign run exited $status: $(cat "$work"/campaign*.err | head -5)" >&2
sleep 1   # let Dovecot write its last log lines (reporting only; nothing waits on it)
load="$(cut -d' ' -f1-3 /proc/loadavg)"

# 5. The table and the scan.
python3 - "$work" "$work/dovecot.log" "$n" "$connections" "$per_connection" "$processes" "$t0" "$t1" "$load" \
  "$client_secret" "$user_password" "$status" <<'PY'
import glob, json, os, re, sys
work, dvlog, n, c, per, k = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
t0, t1, load, client_secret, user_password, status = float(sys.argv[7]), float(sys.argv[8]), sys.argv[9], sys.argv[10], sys.argv[11], int(sys.argv[12])
accepted = failed = 0
for f in glob.glob(f"{work}/report*.json"):
    try:
        r = json.load(open(f))
        accepted += r.get("accepted", 0)
        failed += r.get("failed", 0) + r.get("rejected", 0)
    except ValueError:
        pass
log = open(dvlog, errors="replace").read()
logins = len(re.findall(r"submission-login: (?:Info: )?Login: user=<alice>", log))
auth_failures = len(re.findall(r"auth failed|Authentication failed|Disconnected \(auth failed|oauth2\(.*\): (?:Password mismatch|.*inactive|.*Token is not valid)", log, re.I))
stats = json.load(open(f"{work}/proxy-stats.json"))
grants = stats["grants"]
print(f"\n{n} recipients, 5 KB messages, {k} bitfaster-cli process(es), {c} connections each, {per} messages per connection")
print("Dovecot 2.3 submission (oauth2 passdb, introspection) -> smtp-sink; Keycloak 26.5.6, 30-s access tokens, rotated refresh tokens")
print(f"{'messages accepted':42s} {accepted:>10d}   (failed {failed}, campaign exit {status})")
print(f"{'duration':42s} {t1 - t0:>9.1f}s   ({accepted / (t1 - t0):.0f} msgs/s, JVM start included)")
print(f"{'XOAUTH2 sign-ins accepted by Dovecot':42s} {logins:>10d}")
print(f"{'token refreshes (refresh_token grants)':42s} {grants.get('refresh_token', 0):>10d}")
print(f"{'refreshes refused by Keycloak (reuse)':42s} {stats['refreshRefused']:>10d}")
print(f"{'introspections / inactive tokens':42s} {stats['introspections']:>6d} / {stats['inactive']}")
print(f"{'authentication failures':42s} {auth_failures:>10d}")
print(f"{'load average (1, 5, 15 min) at the end':42s} {load:>10s}")
# The scan: the real values Keycloak issued, the client secret, the user's password.
secrets = [t.strip() for t in open(f"{work}/issued-tokens") if t.strip()] + [client_secret, user_password]
def scan(paths):
    found = []
    for p in paths:
        try:
            data = open(p, "rb").read().decode("latin-1")
        except (IsADirectoryError, FileNotFoundError, PermissionError):
            continue
        for s in secrets:
            if s in data:
                found.append(p)
                break
    return found
home = os.path.join(work, "home")
every = [os.path.join(d, f) for d, _, fs in os.walk(home) for f in fs]
secure = [p for p in every if "secure_storage" in os.path.basename(p)]
files = [p for p in every if p not in secure]
campaign_files = [p for p in glob.glob(f"{work}/c*/**", recursive=True) if os.path.isfile(p)]
outputs = glob.glob(f"{work}/cli-*.log") + glob.glob(f"{work}/report*.json") + glob.glob(f"{work}/campaign*.err")
print(f"{'tokens issued by Keycloak (scanned for)':42s} {len(secrets) - 2:>10d}   (+ client secret, user password)")
print(f"{'files under HOME/data, not secure storage':42s} {len(files) + len(campaign_files):>6d} scanned, {len(scan(files + campaign_files))} with a secret")
print(f"{'product output and transcripts':42s} {len(outputs):>6d} scanned, {len(scan(outputs))} with a secret")
ps_hits = scan([f"{work}/ps.log"])
samples = open(f"{work}/ps.log").read().count("\nCOMMAND") + 1
print(f"{'process arguments (ps samples)':42s} {samples:>6d} scanned, {len(ps_hits)} with a secret")
print(f"{'secure storage file: none of them readable':42s} {'yes' if secure and not scan(secure) else 'NO'}")
for p in scan(files + campaign_files + outputs) + ps_hits:
    print("  secret found in", p)
PY
