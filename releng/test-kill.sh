#!/usr/bin/env bash
# Exactly once under kill -9, counted at a real peer. A campaign of N (default 20,000) recipients is sent by
# bitfaster-cli through CONNECTIONS (default 2) connections to Postfix's smtp-sink, which keeps one dump file per
# message it took (its final "." received; a transaction cut off before it leaves no file) naming the recipient. The
# CLI is killed with kill -9 at random moments KILLS (default 10) times, resumed each time, and resumed to the end.
# Then, at the sink: no recipient got two messages, and at most 2 x CONNECTIONS x KILLS recipients are UNKNOWN (only a
# message whose final "." may have been written is unknown after a crash).
# The reboot case: after the last kill the ledger is read as after a reboot, by `campaign report` in a mount namespace
# where /proc/sys/kernel/random/boot_id is another id: every recipient the kills left in flight (an intent and no
# outcome) must read unknown there, and nothing else may change.
# Prints a row per run and the totals: kills, UNKNOWN, duplicates, never sent. About 30 seconds on 2 cores.
# Usage: releng/test-kill.sh [PRODUCT_DIR] [OUT_DIR]    (environment: N, KILLS, CONNECTIONS, SEED)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
product="${1:-$root/releng/com.bitfaster.mail.product/target/products/com.bitfaster.mail.product/linux/gtk/x86_64/bitfaster}"
out="${2:-$root/releng/com.bitfaster.mail.product/target/kill-test}"
n="${N:-20000}"
kills="${KILLS:-10}"
connections="${CONNECTIONS:-2}"
seed="${SEED:-$RANDOM}"
rm -rf "$out"; mkdir -p "$out/home" "$out/campaign"
export HOME="$out/home"
unset DISPLAY WAYLAND_DISPLAY
cli="$product/bitfaster-cli"
[ -x "$cli" ] || { echo "test-kill: no product at $product; build it with ./mvnw -o -B -ntp verify -DskipTests" >&2; exit 1; }
# smtp-sink drops root privileges to nobody, who must be able to write the dumps: a folder of its own under /tmp.
dumps="$(mktemp -d /tmp/bitfaster-kill-dumps.XXXXXX)"; chmod 777 "$dumps"
sink=""
cleanup() { [ -n "$sink" ] && kill "$sink" 2>/dev/null; rm -rf "$dumps"; }
trap cleanup EXIT
fail() { echo "test-kill: FAILED, $*" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
user_opt=(); [ "$(id -u)" = 0 ] && user_opt=(-u nobody)
/usr/sbin/smtp-sink "${user_opt[@]}" -d "$dumps/%M." "127.0.0.1:$port" 256 >"$out/sink.log" 2>&1 & sink=$!
until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do sleep 0.05; done
"$cli" servers add --name Sink --host 127.0.0.1 --port "$port" --encryption none --max-connections "$connections" \
  --messages-per-connection 0 >/dev/null
python3 "$root/releng/test-campaign.py" make "$out/campaign" "$n" k '{"name": "Kill test", "servers": ["Sink"]}'
campaign="$out/campaign/campaign.json"
echo "test-kill: $n recipients, $connections connections to smtp-sink on port $port, $kills kills, seed $seed"

# Each run is killed once the ledger has grown by a random number of bytes after the run began sending (polled every
# 5 ms, so the moment falls anywhere in the send); on average the kills send about half of the campaign.
python3 - "$cli" "$campaign" "$kills" "$n" "$seed" "$out" <<'PY' || fail "the kill loop"
import json, os, random, signal, subprocess, sys, time
cli, campaign, kills, n, seed, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
ledger = campaign + ".ledger"
rnd = random.Random(seed)
size = lambda: os.path.getsize(ledger) if os.path.exists(ledger) else 0
budget = n * 130 // 2 // kills  # bytes a kill lets the ledger grow, on average (about 130 a recipient)
for k in range(1, kills + 1):
    before = size()
    log = open(f"{out}/run{k}.log", "w")
    run = subprocess.Popen([cli, "campaign", "resume", campaign], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while size() <= before + 2000 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)  # the RUN record and the first intents: the run is sending
    target = size() + rnd.randint(0, 2 * budget)
    while size() < target and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    if run.poll() is not None:
        sys.exit(f"the campaign ended (exit {run.returncode}) before kill {k}; raise N or lower KILLS")
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
PY

# The report after the last kill, in this boot (read-only, another process).
"$cli" campaign report "$campaign" --json --report-csv "$out/last-kill.csv" >"$out/last-kill.json" 2>"$out/last-kill.err" \
  || fail "campaign report after the last kill: $(cat "$out/last-kill.err")"

# The reboot case: the same ledger read in a boot with another id. unshare gives the report its own mount namespace
# (and user namespace, so no privilege is needed) in which the boot id file is replaced by another.
echo "00000000-0000-4000-8000-$(printf '%012d' "$seed")" >"$out/other-boot-id"
reboot="skipped: unshare -rm is not permitted here"
if unshare -rm true 2>/dev/null; then
  unshare -rm sh -c 'mount --bind "$1" /proc/sys/kernel/random/boot_id && exec "$2" campaign report "$3" --json --report-csv "$4"' \
    sh "$out/other-boot-id" "$cli" "$campaign" "$out/reboot.csv" >"$out/reboot.json" 2>"$out/reboot.err" \
    || fail "campaign report as after a reboot: $(cat "$out/reboot.err")"
  reboot=$(python3 - "$campaign.ledger" "$out/last-kill.csv" "$out/reboot.csv" <<'PY'
import csv, sys
ledger, same_boot, other_boot = sys.argv[1], sys.argv[2], sys.argv[3]
latest, handover_runs, runs = {}, 0, 0
for line in open(ledger, encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    if len(f) < 4:
        continue
    if f[2] == "RUN":
        runs += 1
        handover_runs += len(f) > 10 and f[9] == "handover"
    elif f[2] in ("INTENT", "HANDED", "OUTCOME"):
        latest[f[3]] = f[2]
in_flight = {a for a, t in latest.items() if t in ("INTENT", "HANDED")}
same = {r["address"]: r["state"] for r in csv.DictReader(open(same_boot))}
other = {r["address"]: r["state"] for r in csv.DictReader(open(other_boot))}
wrong = [a for a in in_flight if other.get(a) != "unknown"]
assert not wrong, f"after a reboot {len(wrong)} recipients in flight do not read unknown, e.g. {wrong[:3]}: {[other.get(a) for a in wrong[:3]]}"
changed = [a for a in other if a not in in_flight and other[a] != same.get(a)]
assert not changed, f"after a reboot recipients not in flight changed, e.g. {changed[:3]}"
pending_same = sum(1 for a in in_flight if same.get(a) == "pending")
print(f"ok: {len(in_flight)} recipients left in flight by the kills (an intent, no outcome); this boot reads {pending_same} of them pending, "
      f"{len(in_flight) - pending_same} unknown; another boot reads all {len(in_flight)} unknown "
      f"({handover_runs} of {runs} runs recorded the handover)")
PY
) || fail "the reboot case: $reboot"
fi
echo "test-kill: reboot case $reboot"

# To the end.
"$cli" campaign resume "$campaign" --json --report-csv "$out/final.csv" >"$out/final.json" 2>"$out/final.err" \
  || fail "the final resume: $(cat "$out/final.err")"
kill "$sink"; wait "$sink" 2>/dev/null || true; sink=""
grep -h '^X-Rcpt-Args: ' -r "$dumps" | sed 's/^X-Rcpt-Args: <\(.*\)>.*/\1/' >"$out/received.txt" || true

python3 - "$out" "$n" "$kills" "$connections" <<'PY'
import csv, json, sys
from collections import Counter
out, n, kills, connections = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
received = Counter(open(f"{out}/received.txt").read().split())
final = json.load(open(f"{out}/final.json"))
rows = {r["address"]: r["state"] for r in csv.DictReader(open(f"{out}/final.csv"))}
everyone = [f"k{i}@example.org" for i in range(n)]
duplicates = [a for a in everyone if received[a] > 1]
unknown = [a for a, s in rows.items() if s == "unknown"]
never = [a for a in everyone if received[a] == 0]
accepted_not_once = [a for a, s in rows.items() if s == "accepted" and received[a] != 1]
listed = set(everyone)
strangers = [a for a in received if a not in listed]
# A row per kill, from the runs in the ledger: how many recipients each run settled and how many it left unknown.
runs, current = [], None
for line in open(f"{out}/campaign/campaign.json.ledger", encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    if len(f) < 4:
        continue
    if f[2] == "RUN":
        current = {"intents": 0, "handed": 0, "outcomes": 0, "unknown": set()}
        runs.append(current)
    elif current is not None and f[2] in ("INTENT", "HANDED", "OUTCOME"):
        key = {"INTENT": "intents", "HANDED": "handed", "OUTCOME": "outcomes"}[f[2]]
        current[key] += 1
        if f[3] in unknown:
            current["unknown"].add(f[3])
last_unknown = {}
for i, r in enumerate(runs):
    for a in r["unknown"]:
        last_unknown[a] = i  # an unknown recipient's latest run is the one that left it so
print("kill  intents  handed  outcomes  left unknown")
for i, r in enumerate(runs):
    label = str(i + 1) if i < kills else "end"
    left = sum(1 for a, j in last_unknown.items() if j == i)
    print(f"{label:>4}  {r['intents']:7d}  {r['handed']:6d}  {r['outcomes']:8d}  {left:12d}")
bound = 2 * connections * kills
print()
print("kills  UNKNOWN  bound  duplicates  never sent  accepted")
print(f"{kills:5d}  {len(unknown):7d}  {bound:5d}  {len(duplicates):10d}  {len(never):10d}  {final['accepted']:8d}")
problems = []
if duplicates:
    problems.append(f"{len(duplicates)} recipients got two messages, e.g. {duplicates[:3]}")
if accepted_not_once:
    problems.append(f"{len(accepted_not_once)} accepted recipients were not received exactly once, e.g. {accepted_not_once[:3]}")
if strangers:
    problems.append(f"the sink received messages for {len(strangers)} addresses not in the list")
if final["pending"] != 0 or final["total"] != n or final["accepted"] + final["unknown"] != n:
    problems.append(f"the final report does not add up: {final}")
if not set(never) <= set(unknown):
    problems.append(f"{len(set(never) - set(unknown))} recipients were never received and are not unknown")
if len(unknown) > bound:
    problems.append(f"{len(unknown)} UNKNOWN > {bound} (2 x {connections} connections x {kills} kills): "
                    f"{len(never)} of them never reached the server; messages in flight that never reached their "
                    f"final '.' must be sent by the resume (is the handover recorded?)")
if problems:
    sys.exit("test-kill: FAILED, " + "; ".join(problems))
print(f"test-kill: ok, {kills} kills: 0 duplicates, {len(unknown)} UNKNOWN within {bound}")
PY
