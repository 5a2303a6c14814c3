#!/usr/bin/env bash
# Campaign heap benchmark (issue 11: ten million recipients in 256 MB). Each row is one bitfaster-cli JVM limited to
# -Xmx256m (the launcher's Serial GC), against Postfix's smtp-sink on loopback (no smtp-source beside it), with HOME in
# a temporary folder and a small message (about 300 bytes). For each size N (default 1,000,000 and 10,000,000):
#
#   N <= FULL_MAX (default 1,000,000), a real campaign from an empty ledger:
#     run      `campaign run --batch-size $BATCH`: checks the list, sends all N to smtp-sink over $CONNECTIONS
#              connections, writes the ledger (an INTENT and an OUTCOME per recipient) and reports.
#     report   `campaign report` on the ledger that run wrote: checks the list, replays the ledger (2N records),
#              counts each list row's state.
#     resume   `campaign resume` on the same ledger: replays it, passes over the list, finds nothing pending, sends
#              nothing.
#   N > FULL_MAX (sending 10 million to smtp-sink would take over an hour here), a finished run simulated:
#     the ledger of format 2 is written by the Python below as a run of this campaign would have left it for the
#     first N - TAIL recipients (LEDGER record with the campaign's id, RUN record with the list's SHA-256, then per
#     batch of $BATCH an INTENT per recipient and an OUTCOME "ACCEPTED 250" per recipient, sequence numbers, millis,
#     CRC-32; and the lock file's durable mark), the last TAIL (default 10,000) left pending. Not a JVM: its time
#     is shown, no heap.
#     report   `campaign report`: as above, over 2(N - TAIL) records; N - TAIL accepted, TAIL pending.
#     resume   `campaign resume`: replays the 2(N - TAIL) records, passes over the N-line list, sends the TAIL
#              remaining to smtp-sink and reports.
#
# Columns: wall time of the whole CLI process (JVM start included); peak heap = the largest used heap the GC log shows
# (before any collection, or at exit: with a stop-the-world collector that is the true peak, garbage included; the
# Serial GC lets garbage pile up in the old generation until it is full, so this is often near the limit); live =
# the largest heap left after a full collection, what was really held at that moment ("-" when none was needed);
# RSS = the process's maximum resident size (/usr/bin/time); the result's counts from --json, or the error line when
# the CLI failed. The sizes on disk of the list and the ledger are printed after the table.
#
# Usage: releng/bench/campaign-heap.sh [SIZES] [PRODUCT_DIR]    SIZES: comma-separated, default 1000000,10000000
# Environment: FULL_MAX, TAIL, BATCH (1000), CONNECTIONS (4), WORK (folder for the files; a temporary one is removed
# at the end), VM_EXTRA (more JVM options, e.g. -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath=/tmp).
# Build the product first (./mvnw verify). Needs Postfix's smtp-sink, Python 3 and about 2.5 GB of disk for 10M.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sizes="${1:-1000000,10000000}"
product="${2:-$root/releng/com.bitfaster.mail.product/target/products/com.bitfaster.mail.product/linux/gtk/x86_64/bitfaster}"
full_max="${FULL_MAX:-1000000}"
tail_n="${TAIL:-10000}"
batch="${BATCH:-1000}"
connections="${CONNECTIONS:-4}"
[ -x /usr/sbin/smtp-sink ] || { echo "campaign-heap: smtp-sink missing (postfix)" >&2; exit 2; }
[ -x "$product/bitfaster-cli" ] || { echo "campaign-heap: no product at $product (run ./mvnw verify first)" >&2; exit 2; }

if [ -n "${WORK:-}" ]; then work="$WORK"; mkdir -p "$work"; keep=1; else work="$(mktemp -d)"; keep=0; fi
sink=""
trap '[ -n "$sink" ] && kill "$sink" 2>/dev/null; [ "$keep" = 1 ] || rm -rf "$work"' EXIT
export HOME="$work/home"; mkdir -p "$HOME"
unset DISPLAY WAYLAND_DISPLAY

. "$root/releng/bench/sink.sh"
cli="$product/bitfaster-cli"
"$cli" servers add --name Sink --host 127.0.0.1 --port "$port" --encryption none --max-connections "$connections" \
  --messages-per-connection 0 >/dev/null

rows="$work/rows.tsv"; : >"$rows"
sizes_file="$work/sizes.txt"; : >"$sizes_file"
now() { date +%s.%N; }

# Writes N recipients' list, body and campaign file (id "bench-N") into DIR.
make_campaign() {
  python3 - "$1" "$2" <<'PY'
import json, sys
d, n = sys.argv[1], int(sys.argv[2])
with open(f"{d}/list.csv", "w", buffering=1 << 20) as f:
    f.write("email,first_name,code\n")
    step = 100000
    for s in range(0, n, step):
        f.write("".join(f"reader{i}@example.org,Reader {i},C{i:08d}\n" for i in range(s, min(n, s + step))))
open(f"{d}/body.txt", "w").write("Hello {{first_name}},\n\nyour personal code is {{code}}.\n\nSpring offers and news.\n")
json.dump({"id": f"bench-{n}", "name": f"Heap {n}", "from": "news@company.com", "subject": "Offers for {{first_name}}",
           "textFile": "body.txt", "list": "list.csv", "servers": ["Sink"]}, open(f"{d}/campaign.json", "w"))
PY
}

# Writes the ledger (format 2, LEDGER.md) of a finished run that accepted the first N - TAIL recipients, and its mark.
write_ledger() {
  python3 - "$1" "$2" "$3" "$4" <<'PY'
import hashlib, os, socket, sys, time, zlib
d, n, tail, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
sha = hashlib.sha256()
with open(f"{d}/list.csv", "rb") as f:
    while chunk := f.read(1 << 20):
        sha.update(chunk)
try:
    boot = open("/proc/sys/kernel/random/boot_id").read().strip()
except OSError:
    boot = "-"
host = socket.gethostname()
millis = int(time.time() * 1000) - 3600_000
seq = 0
def rec(body_fields):
    global seq
    body = f"{seq}\t{millis}\t" + "\t".join(body_fields)
    seq += 1
    return f"{body}\t{zlib.crc32(body.encode()):x}\n"
sent = n - tail
with open(f"{d}/campaign.json.ledger", "w", buffering=1 << 22) as f:
    f.write(rec(["LEDGER", "2", f"bench-{n}"]))
    run_seq = seq
    f.write(rec(["RUN", "PENDING", str(os.getpid()), host, boot, sha.hexdigest()]))
    for s in range(0, sent, batch):
        e = min(sent, s + batch)
        out = [rec(["INTENT", f"reader{i}@example.org", str(i + 2)]) for i in range(s, e)]
        millis += 1
        out += [rec(["OUTCOME", f"reader{i}@example.org", "ACCEPTED", "250", "250 2.0.0 Ok"]) for i in range(s, e)]
        f.write("".join(out))
    length = f.tell()
layout = "pid=%20d\nhost=%s\nsince=%s\nsyncedSeq=%20d\nsyncedLength=%20d\nsyncedRun=%20d\nsyncedLine=%20d\n"
with open(f"{d}/campaign.json.ledger.lock", "w") as f:
    f.write(layout % (os.getpid(), host, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), seq - 1, length,
                      run_seq, sent + 1))
PY
}

# Runs `bitfaster-cli campaign ACTION` of DIR in -Xmx256m and appends a row: N, WHAT, seconds, peak, live, RSS, result.
measure() {
  local dir="$1" n="$2" what="$3" action="$4" log="$1/gc-$4.log" rc=0 t0 t1
  rm -f "$log"
  t0=$(now)
  BITFASTER_VM_ARGS="-Xmx256m -Xlog:gc,gc+exit:file=$log ${VM_EXTRA:-}" /usr/bin/time -o "$dir/time-$action" -f '%M' \
    "$cli" campaign "$action" "$dir/campaign.json" --batch-size "$batch" --json $([ "$action" = run ] && echo --force) >"$dir/report-$action.json" \
    2>"$dir/stderr-$action" || rc=$?
  t1=$(now)
  python3 - "$dir" "$action" "$n" "$what" "$t0" "$t1" "$rc" >>"$rows" <<'PY'
import json, re, sys
d, action, n, what, t0, t1, rc = sys.argv[1:8]
peak = 0
live = "-"
used_at_exit = 0
for line in open(f"{d}/gc-{action}.log"):
    m = re.search(r"(\d+)M->(\d+)M\((\d+)M\)", line)
    if m:
        peak = max(peak, int(m.group(1)))
        if "Pause Full" in line:
            live = max(0 if live == "-" else live, int(m.group(2)))
    m = re.search(r"\[gc,exit *\]  (DefNew|Tenured) +total \d+K, used (\d+)K", line)
    if m:
        used_at_exit += int(m.group(2))
peak = max(peak, used_at_exit // 1024)
rss = int(open(f"{d}/time-{action}").read().split()[-1]) // 1024
try:
    r = json.load(open(f"{d}/report-{action}.json"))
    result = f"{r['accepted']} accepted, {r['pending']} pending, {r['unknown']} unknown (exit {rc})"
except (ValueError, KeyError):
    lines = [l.strip() for l in open(f"{d}/stderr-{action}") if l.strip() and "WARNING" not in l]
    result = f"exit {rc}: {lines[-1] if lines else 'no report'}"
print(f"{n}\t{what}\t{float(t1) - float(t0):.1f}\t{peak}\t{live}\t{rss}\t{result}")
PY
}

IFS=',' read -r -a size_list <<<"$sizes"
for n in "${size_list[@]}"; do
  dir="$work/c$n"; rm -rf "$dir"; mkdir -p "$dir"
  make_campaign "$dir" "$n"
  if [ "$n" -le "$full_max" ]; then
    measure "$dir" "$n" "run: send all to smtp-sink" run
    measure "$dir" "$n" "report on that ledger" report
    measure "$dir" "$n" "resume: nothing left" resume
  else
    t0=$(now); write_ledger "$dir" "$n" "$tail_n" "$batch"; t1=$(now)
    printf '%s\t%s\t%.1f\t-\t-\t-\t%s\n' "$n" "ledger written (Python)" "$(awk "BEGIN { print $t1 - $t0 }")" \
      "$((n - tail_n)) accepted, $tail_n left" >>"$rows"
    measure "$dir" "$n" "report on that ledger" report
    measure "$dir" "$n" "resume: send last $tail_n" resume
  fi
  printf '%s\t%s\t%s\n' "$n" "$(stat -c %s "$dir/list.csv")" "$(stat -c %s "$dir/campaign.json.ledger")" >>"$sizes_file"
done

python3 - "$rows" "$sizes_file" "$connections" "$batch" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
print(f"\nbitfaster-cli in -Xmx256m, smtp-sink on loopback, {sys.argv[3]} connections, batches of {sys.argv[4]}")
print(f"{'recipients':>11s}  {'what ran':28s} {'wall s':>7s} {'peak MB':>8s} {'live MB':>8s} {'RSS MB':>7s}  result")
for n, what, secs, peak, live, rss, result in rows:
    print(f"{int(n):>11,d}  {what:28s} {secs:>7s} {peak:>8s} {live:>8s} {rss:>7s}  {result}")
print()
for n, list_size, ledger_size in (l.split() for l in open(sys.argv[2])):
    print(f"{int(n):>11,d} recipients: list {int(list_size) / 1e6:,.0f} MB, ledger {int(ledger_size) / 1e6:,.0f} MB on disk")
PY
