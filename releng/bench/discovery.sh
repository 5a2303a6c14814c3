#!/usr/bin/env bash
# Discovery benchmark: runs DiscoveryTest (tests/com.bitfaster.mail.discovery.tests) with every fixture domain
# discovered ROUNDS more times (default 10) against its real peers on loopback (dnsmasq, the JDK's HTTPS server,
# GreenMail SMTPS, SubEthaSMTP STARTTLS on 127.0.0.141-148; needs root for ports below 1024), then prints per domain
# the first (cold JVM) and the median and slowest discovery, and whether each one found a TLS setup within the goal of
# 10 s. The figures are the service's own (DiscoveryReport.elapsed): DNS, HTTPS, TCP and TLS probes, no JVM start.
# Usage: releng/bench/discovery.sh [ROUNDS] [MAVEN_ARGS...]   (for example: releng/bench/discovery.sh 10 -o)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-10}"; shift || true
. "$root/releng/env.sh"
export JAVA_HOME="$(bitfaster_java_home)"
[ "$(id -u)" = 0 ] || { echo "discovery: needs root (the fixtures listen on ports 25, 443, 465, 587)" >&2; exit 2; }
module=tests/com.bitfaster.mail.discovery.tests
times="$root/$module/target/discovery-times.tsv"
rm -f "$times"
cd "$root"
./mvnw -B -ntp -q "$@" -pl bundles/com.bitfaster.mail.core,bundles/com.bitfaster.mail.discovery,tests/com.bitfaster.mail.tests.support,$module \
  verify -Dtest=DiscoveryTest -Dsurefire.failIfNoSpecifiedTests=false -Ddiscovery.bench.rounds="$rounds" >&2
[ -s "$times" ] || { echo "discovery: the test wrote no times ($times)" >&2; exit 1; }
echo "Discovery of the fixture domains, $rounds+ runs each ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
python3 - "$times" <<'PY'
import statistics, sys
what = {
    "autoconfig-only.test": "autoconfig.DOMAIN document; SMTPS 465",
    "well-known.test": ".well-known document; STARTTLS 587",
    "srv-submissions.test": "SRV _submissions; SMTPS 465",
    "srv-submission.test": "SRV _submission; STARTTLS 587, XOAUTH2 only",
    "mx-guess.test": "MX host's domain guessed; SMTPS 465",
    "starttls-only.test": "smtp.DOMAIN guessed; only STARTTLS 587",
    "plain-only.test": "only plain 25 (proposed without password)",
    "wrong-cert.test": "certificate for other names (no proposal)",
    "nowhere.test": "nothing at all (no proposal)",
}
rows = {}
for line in open(sys.argv[1]):
    domain, ms = line.rstrip("\n").split("\t")
    rows[domain] = [int(x) for x in ms.split(",")]
tls = {"autoconfig-only.test", "well-known.test", "srv-submissions.test", "srv-submission.test", "mx-guess.test",
       "starttls-only.test"}
print(f"| domain | what it offers | runs | first ms | median ms | max ms | TLS setup found in < 10 s |")
print(f"|---|---|---:|---:|---:|---:|---|")
for domain in what:
    if domain not in rows:
        continue
    ms = rows[domain]
    print(f"| {domain} | {what[domain]} | {len(ms)} | {ms[0]} | {int(statistics.median(ms))} | {max(ms)} | {('yes' if max(ms) < 10000 else 'NO') if domain in tls else '-'} |")
PY
