#!/usr/bin/env bash
# Startup benchmark: the product against a bare RCP application with one view (releng/bench/bare, built here with the
# same Tycho and target platform), launched alternately in the same run under Xvfb. Each round gives each of them a
# fresh copy of its configuration area and a fresh home: a first launch, then a later launch with the same
# configuration and workspace (the one users see every day). Time = process start to its window being visible
# (xdotool polling); RSS of the JVM 2 s after the later launch's window appeared. Prints every launch and a table of
# medians with the ratio ours/bare.
# Usage: releng/bench/startup.sh [ROUNDS] [PRODUCT_DIR]     (BARE_DIR=... uses a bare product built elsewhere;
#   BARE_VM_ARGS=... adds JVM options to the bare application's, e.g. the product's -XX:TieredStopAtLevel=1)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-5}"
product="${2:-$root/releng/com.bitfaster.mail.product/target/products/com.bitfaster.mail.product/linux/gtk/x86_64/bitfaster}"
bare="${BARE_DIR:-$root/releng/bench/bare/product/target/products/bench.bare.product/linux/gtk/x86_64/bare}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1280x900x24" "$0" "$@"
fi
[ -x "$product/bitfaster" ] || { echo "startup: no product at $product (run ./mvnw verify first)" >&2; exit 2; }
if [ ! -d "$bare/plugins" ]; then
  echo "startup: building the bare RCP application (releng/bench/bare)" >&2
  (cd "$root" && ./mvnw -B -ntp -q -o -f releng/bench/bare/pom.xml clean verify) >&2 \
    || (cd "$root" && ./mvnw -B -ntp -q -f releng/bench/bare/pom.xml clean verify) >&2
fi

work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"' EXIT
now_ms() { date +%s%3N; }

# A copy of an installation whose plugins/ is shared: the configuration area starts as the build left it.
fresh_copy() { # SRC DEST
  mkdir -p "$2"
  for f in "$1"/* "$1"/.eclipseproduct; do
    [ -e "$f" ] || continue
    case "$(basename "$f")" in
      plugins|jre) ln -s "$f" "$2/$(basename "$f")" ;;
      *) cp -a "$f" "$2/" ;;
    esac
  done
}

# launch WHICH DIR HOME LOG: prints the milliseconds to the visible window; leaves the JVM's pid in $pid.
launch() {
  local which="$1" dir="$2" home="$3" log="$4" title start
  start=$(now_ms)
  if [ "$which" = ours ]; then
    title='^BitFaster Workbench'
    HOME="$home" "$dir/bitfaster" -data "$home/workspace" >"$log" 2>&1 &
  else
    # The bare application gets the JVM options the product's launch script gave before any start-up work.
    title='^Bare RCP'
    # shellcheck disable=SC2086 # BARE_VM_ARGS holds several options (BARE_VM_ARGS=-XX:TieredStopAtLevel=1 gives it ours)
    HOME="$home" "$JAVA_HOME/bin/java" -Xms64m -Xmx1g -XX:+UseSerialGC ${BARE_VM_ARGS:-} -Duser.home="$home" \
      -jar "$(ls "$dir"/plugins/org.eclipse.equinox.launcher_*.jar | head -n 1)" \
      -install "$dir" -configuration "$dir/configuration" -data "$home/workspace" >"$log" 2>&1 &
  fi
  pid=$!
  until xdotool search --onlyvisible --name "$title" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      # A display refusing a connection on a very busy machine: that launch says nothing of either, try it again.
      if [ -z "${retried:-}" ] && grep -qs 'gtk_init_check() failed' "$log" "$home/workspace/.metadata/.log"; then
        echo "startup: $which could not open the display, launching it again" >&2
        rm -f "$home/workspace/.metadata/.log"
        retried=1 launch "$@"
        return
      fi
      echo "startup: $which exited early" >&2; cat "$log" "$home/workspace/.metadata/.log" >&2 2>/dev/null; exit 1
    fi
    sleep 0.02
  done
  echo $(( $(now_ms) - start ))
}

quit() { # TITLE: Ctrl+Q, then wait; a killed workbench can leave its configuration area half written
  local window
  window="$(xdotool search --onlyvisible --name "$1" | head -n 1)"
  xdotool windowfocus --sync "$window" 2>/dev/null && xdotool key ctrl+q 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
}

declare -A first later rss
printf '%-6s %-5s %10s %10s %9s\n' round app 'first ms' 'later ms' 'RSS MiB'
for r in $(seq 1 "$rounds"); do
  order="ours bare"; [ $((r % 2)) = 0 ] && order="bare ours" # neither always goes first
  for which in $order; do
    src="$product"; title='^BitFaster Workbench'
    [ "$which" = bare ] && { src="$bare"; title='^Bare RCP'; }
    dir="$work/$which$r"; home="$work/home-$which$r"; mkdir -p "$home"
    fresh_copy "$src" "$dir"
    t1=$(launch "$which" "$dir" "$home" "$work/$which$r-1.log"); pid=$(pgrep -n -f -- "-data $home/workspace" || true)
    quit "$title"
    t2=$(launch "$which" "$dir" "$home" "$work/$which$r-2.log"); pid=$(pgrep -n -f -- "-data $home/workspace" || true)
    sleep 2
    kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    quit "$title"
    first[$which]+="$t1 "; later[$which]+="$t2 "; rss[$which]+="$((kb / 1024)) "
    printf '%-6s %-5s %10d %10d %9d\n' "$r" "$which" "$t1" "$t2" "$((kb / 1024))"
    rm -rf "$dir" "$home"
  done
done
median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
echo
printf '%-14s %10s %10s %12s\n' 'median' 'ours ms' 'bare ms' 'ours/bare'
for kind in first later; do
  declare -n m="$kind"
  o=$(median "${m[ours]}"); b=$(median "${m[bare]}")
  printf '%-14s %10d %10d %12s\n' "$kind launch" "$o" "$b" "$(ratio "$o" "$b")"
done
printf '%-14s %10d %10d %12s\n' 'RSS MiB' "$(median "${rss[ours]}")" "$(median "${rss[bare]}")" "$(ratio "$(median "${rss[ours]}")" "$(median "${rss[bare]}")")"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
