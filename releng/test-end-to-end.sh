#!/usr/bin/env bash
# Runs the end-to-end scripts against the materialized product in lanes side by side, so the suite's waits (a
# send window, rate limits, servers starting) overlap with another script's work. Each script keeps its own HOME,
# output folder and free ports, so two never share state. The scripts that open the workbench on the display
# (test-product, test-runtime, test-plugins) take turns: two workbenches would take each other's keyboard focus. Each script's output is printed whole when it ends,
# then a table of results and times; the exit status is non-zero when any script failed.
# Usage: releng/test-end-to-end.sh PRODUCT_DIR ARCHIVE REPOSITORY TARGET_DIR [SCRIPT...]
#   SCRIPT names (cli, kill, ...) run only those, in one lane. BITFASTER_E2E_LANES=1 runs everything one by one.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
product="$1" archive="$2" repository="$3" target="$4"; shift 4
mkdir -p "$target"

# name|command (run from the root; $product, $archive, $repository, $target expanded when it runs)
declare -A commands=(
  [product]='bash releng/test-product.sh "$product" "$target/product-test"'
  [runtime]='bash releng/test-runtime.sh "$archive" "$target/runtime-test"'
  [cli]='bash releng/test-cli.sh "$product" "$target/cli-test" basics'
  [cli-campaigns]='bash releng/test-cli.sh "$product" "$target/cli-campaigns-test" campaigns'
  [discover]='bash releng/test-discover.sh "$product" "$target/discover-test"'
  [preflight]='bash releng/test-preflight.sh "$product" "$target/preflight-test"'
  [suppression]='bash releng/test-suppression.sh "$product" "$target/suppression-test"'
  [kill]='bash releng/test-kill.sh "$product" "$target/kill-test"'
  [limits]='bash releng/test-limits.sh "$product" "$target/limits-test"'
  [window]='bash releng/test-window.sh "$product" "$target/window-test"'
  [plugins]='bash releng/test-plugins.sh "$product" "$target/plugins-test" "$repository"'
  [rehearsal]='bash releng/test-rehearsal.sh "$product" "$target/rehearsal-test"'
  [bounces]='bash releng/test-bounces.sh "$product" "$target/bounces-test"'
  [third-party]='./mvnw -B -ntp -q "${offline[@]}" -f examples/com.example.mail.tls13/pom.xml -Dbitfaster.repository="file:$repository" clean verify'
)
# Two lanes, each name a script. Each begins with a script that mostly waits (a send window, rate limits), so the
# other lane's scripts have the processors meanwhile; the rest are CPU-bound and split about evenly. (A third lane for
# the waiting scripts saved nothing on 2 cores: the CPU-bound scripts beside it slowed as much.)
lanes=("window product runtime cli suppression preflight discover rehearsal bounces third-party"
  "limits kill cli-campaigns plugins")
if [ $# -gt 0 ]; then lanes=("$*"); fi
if [ "${BITFASTER_E2E_LANES:-}" = 1 ]; then lanes=("${lanes[*]}"); fi
all=(); for lane in "${lanes[@]}"; do read -ra names <<<"$lane"; all+=("${names[@]}"); done
for name in "${all[@]}"; do
  [ -n "${commands[$name]:-}" ] || { echo "test-end-to-end: no script named '$name'; choose from: ${!commands[*]}" >&2; exit 2; }
done

# Maven passes its own offline setting in BITFASTER_OFFLINE (offline-true or offline-false); the scripts' Maven runs follow it.
offline=(); case "${BITFASTER_OFFLINE:-}" in ""|false|offline-false) ;; *) offline=(-o);; esac

results="$target/end-to-end-results"; rm -rf "$results"; mkdir -p "$results"
# The scripts that open the workbench on the display: one at a time.
declare -A on_display=([product]=1 [runtime]=1 [plugins]=1)
run_lane() {
  local name start status
  for name in "$@"; do
    start=$SECONDS
    if [ -n "${on_display[$name]:-}" ]; then
      # The lock is this subshell's: the script and what it leaves running do not inherit it.
      (cd "$root" && flock 8 && { eval "${commands[$name]}"; } 8>&-) 8>"$results/.display-lock" >"$results/$name.log" 2>&1 </dev/null
    else
      (cd "$root" && eval "${commands[$name]}") >"$results/$name.log" 2>&1 </dev/null
    fi
    status=$?
    # One script's output at a time, whole, so two lanes' lines never interleave.
    {
      flock 9
      cat "$results/$name.log"
      echo "test-end-to-end: $name $([ $status = 0 ] && echo passed || echo "FAILED (exit $status)") in $((SECONDS - start)) s"
    } 9>"$results/.print-lock"
    echo "$name $status $((SECONDS - start))" >>"$results/table"
  done
}
lane_pids=()
for lane in "${lanes[@]}"; do
  read -ra names <<<"$lane"
  run_lane "${names[@]}" & lane_pids+=($!)
done
wait "${lane_pids[@]}"

echo "test-end-to-end: script        result   seconds"
failed=0
while read -r name status seconds; do
  printf 'test-end-to-end: %-13s %-8s %7s\n' "$name" "$([ "$status" = 0 ] && echo passed || echo FAILED)" "$seconds"
  [ "$status" = 0 ] || failed=1
done <"$results/table"
ran=$(wc -l <"$results/table")
[ "$ran" = "${#all[@]}" ] || { echo "test-end-to-end: only $ran scripts reported" >&2; failed=1; }
exit "$failed"
