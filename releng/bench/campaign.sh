#!/usr/bin/env bash
# Campaign benchmark: a campaign of N recipients (default 100,000) sent by bitfaster-cli to Postfix's smtp-sink on
# loopback, ledger on, in a JVM limited to -Xmx256m; in the same run, smtp-source sends N messages of the same size at
# the same concurrency. Prints msgs/s for both, the ratio, and the campaign JVM's peak heap (from its GC log).
# Usage: releng/bench/campaign.sh [N] [CONNECTIONS] [PRODUCT_DIR]   (build the product first: ./mvnw verify)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n="${1:-100000}"
connections="${2:-4}"
product="${3:-$root/releng/com.bitfaster.mail.product/target/products/com.bitfaster.mail.product/linux/gtk/x86_64/bitfaster}"
[ -x /usr/sbin/smtp-sink ] && [ -x /usr/sbin/smtp-source ] || { echo "campaign: smtp-sink/smtp-source missing (postfix)" >&2; exit 2; }
[ -x "$product/bitfaster-cli" ] || { echo "campaign: no product at $product (run ./mvnw verify first)" >&2; exit 2; }

work="$(mktemp -d)"
sink=""
trap '[ -n "$sink" ] && kill "$sink" 2>/dev/null; rm -rf "$work"' EXIT
export HOME="$work/home"; mkdir -p "$HOME"
unset DISPLAY WAYLAND_DISPLAY

. "$root/releng/bench/sink.sh"

python3 - "$work" "$n" <<'PY'
import json, sys
d, n = sys.argv[1], int(sys.argv[2])
with open(f"{d}/list.csv", "w") as f:
    f.write("email,first_name,code\n")
    for i in range(n):
        f.write(f"reader{i}@example.org,Reader {i},C{i:07d}\n")
body = "Hello {{first_name}},\n\nyour personal code is {{code}}.\n\n" + ("Spring offers and news. " * 200)[:4900] + "\n"
open(f"{d}/body.txt", "w").write(body)
json.dump({"name": "Benchmark", "from": "news@company.com", "subject": "Offers for {{first_name}}",
           "textFile": "body.txt", "list": "list.csv", "servers": ["Sink"]}, open(f"{d}/campaign.json", "w"))
PY
cli="$product/bitfaster-cli"
"$cli" servers add --name Sink --host 127.0.0.1 --port "$port" --encryption none --max-connections "$connections" \
  --messages-per-connection 0 >/dev/null

now() { date +%s.%N; }
t0=$(now)
/usr/sbin/smtp-source -d -s "$connections" -m "$n" -l 5120 -f news@company.com -t sink@example.org "127.0.0.1:$port"
t1=$(now)
BITFASTER_VM_ARGS="-Xmx256m -Xlog:gc:file=$work/gc.log" "$cli" campaign run "$work/campaign.json" --batch-size "${BATCH:-500}" --force --json >"$work/report.json"
t2=$(now)
python3 - "$work" "$n" "$connections" "$t0" "$t1" "$t2" <<'PY'
import json, re, sys
work, n, c = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
t0, t1, t2 = map(float, sys.argv[4:7])
report = json.load(open(f"{work}/report.json"))
assert report["accepted"] == n, report
peak = 0
for line in open(f"{work}/gc.log"):
    m = re.search(r"(\d+)M->(\d+)M\((\d+)M\)", line)
    if m:
        peak = max(peak, int(m.group(1)))
source, ours = n / (t1 - t0), n / (t2 - t1)
print(f"\n{n} recipients, 5 KB messages, {c} connections, smtp-sink on loopback")
print(f"{'sender':40s} {'msgs/s':>10s}")
print(f"{'smtp-source -d, same concurrency':40s} {source:10.0f}")
print(f"{'bitfaster-cli campaign run (ledger on)':40s} {ours:10.0f}   (JVM start included)")
print(f"{'ratio campaign / smtp-source':40s} {ours / source:10.2f}")
print(f"{'campaign JVM: -Xmx256m, peak heap before GC':40s} {peak:9d}M")
PY
