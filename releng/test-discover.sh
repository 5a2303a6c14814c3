#!/usr/bin/env bash
# End-to-end test of `bitfaster-cli servers discover` on the materialized product, with real peers on loopback: dnsmasq
# (Debian) answering for two fixture domains, and aiosmtpd (Debian's python3-aiosmtpd) as an SMTP peer requiring
# STARTTLS on 127.0.0.151:587, named by an RFC 6186 SRV record, and as one without TLS on 127.0.0.152:25 that offers
# AUTH in clear. The product trusts a CA made here through BITFASTER_VM_ARGS (javax.net.ssl.trustStore), and asks
# dnsmasq through -Dbitfaster.dns.server. Checks: the proposal in --json, --add saving it (servers list --json), the
# plain-only domain proposed with no user and no password, a domain whose server offers only XOAUTH2 (127.0.0.153:587)
# proposed and --add'ed with the oauth2 method (and refused in one line without --client-id), exit 1 with one line when
# nothing is found, exit 2 for a bad address, and that no peer ever saw AUTH.
# Ports 25 and 587 need root; without it the test says so and passes as skipped.
# Usage: releng/test-discover.sh [PRODUCT_DIR] [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
product="${1:-$root/releng/com.bitfaster.mail.product/target/products/com.bitfaster.mail.product/linux/gtk/x86_64/bitfaster}"
out="${2:-$root/releng/com.bitfaster.mail.product/target/discover-test}"
if [ "$(id -u)" != 0 ]; then
  echo "test-discover: skipped: the fixture SMTP peers listen on ports 25 and 587 of 127.0.0.151-152, which needs root"
  exit 0
fi
for tool in dnsmasq openssl python3; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "test-discover: FAILED, $tool is missing (releng/env.sh installs it)" >&2; exit 1; }
done
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || { echo "test-discover: FAILED, python3-aiosmtpd is missing (releng/env.sh installs it)" >&2; exit 1; }
keytool="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/keytool"
[ -x "$keytool" ] || keytool=/usr/lib/jvm/temurin-25-jdk-amd64/bin/keytool
rm -rf "$out"; mkdir -p "$out/home"
export HOME="$out/home"
unset DISPLAY WAYLAND_DISPLAY
cli="$product/bitfaster-cli"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
fail() { echo "test-discover: FAILED, $*" >&2; exit 1; }
passed=0
ok() { passed=$((passed + 1)); echo "test-discover: ok - $*"; }
wait_for_line() { # FILE PATTERN: waits up to 30 s for a line matching PATTERN
  for _ in $(seq 1 120); do grep -q -E "$2" "$1" 2>/dev/null && return 0; sleep 0.25; done
  cat "$1" >&2; return 1
}

# A CA, a certificate for the fixture hosts, and a trust store holding only the CA.
( cd "$out"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.crt -days 2 \
    -subj "/CN=Discover Test CA" -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout peer.key -out peer.csr -subj "/CN=peer"
  printf 'subjectAltName=DNS:*.cli-discover.test,DNS:*.cli-plain.test,DNS:*.cli-oauth.test\n' >peer.ext
  openssl x509 -req -in peer.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile peer.ext -out peer.crt
  "$keytool" -importcert -noprompt -alias ca -file ca.crt -keystore trust.p12 -storetype PKCS12 -storepass changeit
) >"$out/certs.log" 2>&1 || fail "making certificates: $(cat "$out/certs.log")"

dnsport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dnsmasq --no-daemon --port="$dnsport" --listen-address=127.0.0.1 --bind-interfaces --no-resolv --no-hosts \
  --conf-file=/dev/null --pid-file --local=/test/ \
  --address=/cli-discover.test/127.0.0.151 \
  --srv-host=_submission._tcp.cli-discover.test,submit.cli-discover.test,587,0,10 \
  --address=/cli-plain.test/127.0.0.152 --address=/cli-oauth.test/127.0.0.153 >"$out/dnsmasq.log" 2>&1 & pids+=($!)
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$dnsport") 2>/dev/null && break; sleep 0.05; done
: >"$out/auth.log"
/usr/bin/python3 "$root/releng/discover-smtp-peer.py" 127.0.0.151 587 starttls "$out/peer.crt" "$out/peer.key" "$out/auth.log" >"$out/peer1.log" 2>&1 & pids+=($!)
/usr/bin/python3 "$root/releng/discover-smtp-peer.py" 127.0.0.152 25 plain "$out/peer.crt" "$out/peer.key" "$out/auth.log" >"$out/peer2.log" 2>&1 & pids+=($!)
/usr/bin/python3 "$root/releng/discover-smtp-peer.py" 127.0.0.153 587 xoauth2 "$out/peer.crt" "$out/peer.key" "$out/auth.log" >"$out/peer3.log" 2>&1 & pids+=($!)
wait_for_line "$out/peer1.log" '^ready' || fail "the STARTTLS peer did not start"
wait_for_line "$out/peer3.log" '^ready' || fail "the XOAUTH2-only peer did not start"
wait_for_line "$out/peer2.log" '^ready' || fail "the plain peer did not start"

export BITFASTER_VM_ARGS="-Dbitfaster.dns.server=127.0.0.1:$dnsport -Djavax.net.ssl.trustStore=$out/trust.p12 -Djavax.net.ssl.trustStoreType=PKCS12 -Djavax.net.ssl.trustStorePassword=changeit"
data=(-data "$out/data")

# 1. The SRV domain: STARTTLS on 587, password authentication as the address.
"$cli" "${data[@]}" servers discover ann@cli-discover.test --json >"$out/srv.json" 2>"$out/srv.err" || fail "discover --json: $(cat "$out/srv.err")"
python3 - "$out/srv.json" <<'PY' || fail "discover --json: $(cat "$out/srv.json")"
import json, sys
r = json.load(open(sys.argv[1]))
p = r["proposal"]
assert r["format"] == 1 and r["domain"] == "cli-discover.test", r
assert (p["host"], p["port"], p["encryption"], p["authentication"], p["username"], p["source"]) == \
    ("submit.cli-discover.test", 587, "starttls", "password", "ann@cli-discover.test", "srv-submission"), p
assert sorted(p["authMechanisms"]) == ["LOGIN", "PLAIN"] and p["tls"].startswith("TLSv1."), p
assert [s["name"] for s in r["steps"]][:2] == ["Address", "Resolver"], r["steps"]
assert any(s["name"] == "Probe" and s["verdict"] == "passed" for s in r["steps"]), r["steps"]
assert r["elapsedMillis"] < 10000, r["elapsedMillis"]
PY
ok "discover --json proposes submit.cli-discover.test:587 STARTTLS from the SRV record ($(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["elapsedMillis"])' "$out/srv.json") ms)"

# 2. Text mode with --add: the steps, the proposal, and the server saved.
"$cli" "${data[@]}" servers discover ann@cli-discover.test --add Work >"$out/add.log" 2>&1 || fail "discover --add: $(cat "$out/add.log")"
grep -qE '^PASSED +Probe +submit.cli-discover.test:587 STARTTLS' "$out/add.log" || fail "no passed probe step: $(cat "$out/add.log")"
grep -q '^Added Work' "$out/add.log" || fail "--add did not say it added Work: $(cat "$out/add.log")"
"$cli" "${data[@]}" servers list --json >"$out/list.json"
python3 - "$out/list.json" <<'PY' || fail "servers list --json after --add: $(cat "$out/list.json")"
import json, sys
s = {s["name"]: s for s in json.load(open(sys.argv[1]))}["Work"]
assert (s["host"], s["port"], s["encryption"], s["username"]) == ("submit.cli-discover.test", 587, "starttls", "ann@cli-discover.test"), s
PY
ok "discover --add Work saved host, port, STARTTLS and the user name"
set +e; "$cli" "${data[@]}" servers discover ann@cli-discover.test --add Work >"$out/taken.log" 2>"$out/taken.err"; rc=$?; set -e
[ "$rc" = 1 ] && [ "$(wc -l <"$out/taken.err")" = 1 ] || fail "--add with a taken name: exit $rc, $(cat "$out/taken.err")"
ok "--add with a taken name exits 1 in one line"

# 3. Only plain SMTP that offers AUTH without TLS: proposed with no user and no authentication.
"$cli" "${data[@]}" servers discover bob@cli-plain.test --json >"$out/plain.json" 2>"$out/plain.err" || fail "plain discover: $(cat "$out/plain.err")"
python3 - "$out/plain.json" <<'PY' || fail "plain-only proposal: $(cat "$out/plain.json")"
import json, sys
p = json.load(open(sys.argv[1]))["proposal"]
assert (p["host"], p["port"], p["encryption"], p["authentication"], p["username"]) == ("smtp.cli-plain.test", 25, "none", "none", ""), p
assert "PLAIN" in p["authMechanisms"], p  # the peer did offer AUTH without TLS
PY
ok "a domain with only plain SMTP (AUTH offered in clear) is proposed with no user and no password"

# 4. A server that accepts only XOAUTH2 (Microsoft 365 or Google Workspace without passwords): proposed as oauth2;
# --add needs the organisation's client id (one line, exit 2, without it) and then saves the oauth2 method.
"$cli" "${data[@]}" servers discover cy@cli-oauth.test --json >"$out/oauth.json" 2>"$out/oauth.err" || fail "XOAUTH2-only discover: $(cat "$out/oauth.err")"
python3 - "$out/oauth.json" <<'PY' || fail "XOAUTH2-only proposal: $(cat "$out/oauth.json")"
import json, sys
p = json.load(open(sys.argv[1]))["proposal"]
assert (p["host"], p["port"], p["encryption"], p["authentication"], p["username"]) == ("smtp.cli-oauth.test", 587, "starttls", "oauth2", "cy@cli-oauth.test"), p
assert p["authMechanisms"] == ["XOAUTH2"], p
PY
set +e; "$cli" "${data[@]}" servers discover cy@cli-oauth.test --add Tenant >"$out/oauth-noid.log" 2>"$out/oauth-noid.err"; rc=$?; set -e
[ "$rc" = 2 ] && [ "$(wc -l <"$out/oauth-noid.err")" = 1 ] && grep -q -- "--client-id" "$out/oauth-noid.err" \
  || fail "--add on an XOAUTH2-only server without --client-id: exit $rc, $(cat "$out/oauth-noid.err")"
"$cli" "${data[@]}" servers discover cy@cli-oauth.test --add Tenant --client-id tenant-app-1 \
  --oauth-provider https://login.cli-oauth.test/realms/mail >"$out/oauth-add.log" 2>&1 || fail "discover --add Tenant: $(cat "$out/oauth-add.log")"
grep -q '^Added Tenant' "$out/oauth-add.log" && grep -q 'servers login "Tenant"' "$out/oauth-add.log" \
  || fail "--add Tenant did not say it added it and how to sign in: $(cat "$out/oauth-add.log")"
"$cli" "${data[@]}" servers export "$out/oauth-export.json" Tenant >/dev/null || fail "servers export Tenant"
python3 - "$out/oauth-export.json" <<'PY' || fail "the added XOAUTH2-only server: $(cat "$out/oauth-export.json")"
import json, sys
s = json.load(open(sys.argv[1]))["servers"][0]
assert (s["host"], s["port"], s["encryption"], s["username"], s["authMethod"]) == ("smtp.cli-oauth.test", 587, "starttls", "cy@cli-oauth.test", "oauth2"), s
assert s["authSettings"] == {"provider": "issuer", "issuer": "https://login.cli-oauth.test/realms/mail", "clientId": "tenant-app-1"}, s
PY
ok "a server offering only XOAUTH2 is proposed as oauth2 and --add saves the oauth2 method (without --client-id: exit 2, one line)"

# 5. Nothing found: exit 1 in one line; not an address: exit 2.
set +e; "$cli" "${data[@]}" servers discover eve@nowhere.test >"$out/none.log" 2>"$out/none.err"; rc=$?; set -e
[ "$rc" = 1 ] && [ "$(wc -l <"$out/none.err")" = 1 ] && grep -q "nowhere.test" "$out/none.err" || fail "unknown domain: exit $rc, $(cat "$out/none.err")"
set +e; "$cli" "${data[@]}" servers discover not-an-address >"$out/bad.log" 2>"$out/bad.err"; rc=$?; set -e
[ "$rc" = 2 ] && [ "$(wc -l <"$out/bad.err")" = 1 ] || fail "bad address: exit $rc, $(cat "$out/bad.err")"
ok "no server found exits 1, a bad address exits 2, each with one line"

[ ! -s "$out/auth.log" ] || fail "a peer saw AUTH: $(cat "$out/auth.log")"
ok "no peer ever saw AUTH"
echo "test-discover: $passed checks passed"
