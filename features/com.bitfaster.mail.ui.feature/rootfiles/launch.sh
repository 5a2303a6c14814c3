# Sourced by bitfaster and bitfaster-cli (not run): finds Java, reads config.ini, prepares the unpacked launcher and
# framework, and looks at dropins/. Bash builtins where they can do it: every program a launch script starts cost
# 10-15 ms here (a fork and exec on 2 busy cores), and the script before the JVM took 0.38 s of the workbench's start
# and of every command's (measured 2026-12-01); it now starts one `stat` on the common path.
# Needs: install_dir, set by the caller.

temurin=/usr/lib/jvm/temurin-25-jdk-amd64
# The start level the headless programs launch at: the bundles the workbench starts only after its window (p2, help,
# the SMTP bundle; bitfaster.product) included. DeferredBundles.LEVEL in the workbench is the same number.
bitfaster_all_bundles_level=8

# The folder a launch script lives in: sets install_dir. SCRIPT is its path, symbolic links already followed.
bitfaster_install_dir() {
  install_dir="${1%/*}"
  # A relative or unnormalised folder is made absolute as before (it goes into -install and file: URLs).
  if [[ "$install_dir" != /* || "$install_dir" == *"/."* || "$install_dir" == *//* ]]; then
    install_dir="$(cd "$install_dir" && pwd)"
  fi
}

# The major version of a Java: sets version (empty when it cannot be told). The JDK's release file says it without
# starting a JVM (a tenth of a second, more on a busy machine).
bitfaster_java_version() { # JAVA
  local java="$1" home line
  version=""
  [ -L "$java" ] && java="$(readlink -f "$java")"
  home="${java%/*}"; home="${home%/*}"
  if [ -r "$home/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      if [[ "$line" =~ ^JAVA_VERSION=\"(1\.)?([0-9]+) ]]; then version="${BASH_REMATCH[2]}"; return 0; fi
    done <"$home/release"
  else
    version="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1)"
  fi
}

# Sets java to the first Java 21 or newer of: the runtime in the download (jre/), $JAVA_HOME, Temurin 25, `java` on
# PATH. PROGRAM names the caller in messages; with SAY_SKIPPED=yes a Java too old is named on stderr. Exits 2 if none.
bitfaster_find_java() { # PROGRAM SAY_SKIPPED
  local candidate path_java=""
  # `hash` finds java on PATH without a subshell.
  if hash java 2>/dev/null; then path_java="${BASH_CMDS[java]:-}"; fi
  for candidate in "$install_dir/jre/bin/java" "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$temurin/bin/java" "$path_java"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    bitfaster_java_version "$candidate"
    if [ -n "$version" ] && [ "$version" -ge 21 ]; then
      java="$candidate"
      return 0
    fi
    [ "$2" = yes ] && echo "$1: skipping $candidate (Java ${version:-unknown}; Java 21 or newer is needed)" >&2
  done
  echo "$1: no Java 21 or newer found. Install one (for example Temurin 25 at $temurin) or set JAVA_HOME to it." >&2
  exit 2
}

# Sets launcher to plugins/org.eclipse.equinox.launcher_*.jar (the first by name), or exits 2 naming PROGRAM.
bitfaster_find_launcher() { # PROGRAM
  local jars=("$install_dir"/plugins/org.eclipse.equinox.launcher_*.jar)
  launcher="${jars[0]}"
  if [ ! -f "$launcher" ]; then
    echo "$1: $install_dir is not a complete installation (plugins/org.eclipse.equinox.launcher_*.jar is missing)." >&2
    exit 2
  fi
}

# The first value of each key in configuration/config.ini that the start needs, with its `\:` unescaped.
bitfaster_read_config_ini() {
  local line
  config_framework="" config_bundles="" config_extensions=""
  [ -r "$install_dir/configuration/config.ini" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      osgi.framework=*) [ -n "$config_framework" ] || config_framework="${line#*=}" ;;
      osgi.bundles=*) [ -n "$config_bundles" ] || config_bundles="${line#*=}" ;;
      osgi.framework.extensions=*) [ -n "$config_extensions" ] || config_extensions="${line#*=}" ;;
    esac
  done <"$install_dir/configuration/config.ini"
  config_framework="${config_framework//\\:/:}"
  config_bundles="${config_bundles//\\:/:}"
  config_extensions="${config_extensions//\\:/:}"
}

# The launcher and the framework from folders unpacked once into the cache, not from their jars: both jars are signed,
# and the JVM checks the signature and hashes every class it loads from a signed jar, a fifth of a short command's
# CPU. The bundles Equinox loads itself are not checked either way. The folders follow the jars config.ini names (a
# p2 update of the framework is seen; older folders are left, as another installation may still run from them: about
# 3 MB each); anything missing (no unzip, a read-only cache) falls back to the jars.
bitfaster_unpacked() { # JAR STAMP: sets REPLY to the folder JAR is unpacked in (STAMP: its size-time), unpacking it first
  local jar="$1" name="${1##*/}" into tmp jar_tool
  into="$cache/unpacked/${name%.jar}-$2"
  if [ ! -d "$into" ]; then
    jar_tool="$(readlink -f "$java")"; jar_tool="${jar_tool%/*}/jar"
    command -v unzip >/dev/null || [ -x "$jar_tool" ] || return 1
    mkdir -p "$cache/unpacked" && tmp="$(mktemp -d "$cache/unpacked/.tmp.XXXXXX")" || return 1
    # Renamed into place whole, so a second command starting meanwhile never sees half a folder.
    if command -v unzip >/dev/null; then unzip -q "$jar" -d "$tmp"; else (cd "$tmp" && "$jar_tool" xf "$jar"); fi \
      && mv -T "$tmp" "$into" 2>/dev/null || rm -rf "$tmp"
    [ -d "$into" ] || return 1
  fi
  REPLY="$into"
}

# Sets start to the JVM arguments that start Equinox: the unpacked launcher and framework when config.ini allows it,
# else the launcher's jar. Also sets stamps[FILE]="SIZE TIME" for the launcher, the framework and each EXTRA_FILE that
# exists, from one `stat`.
declare -A stamps=()
bitfaster_start_arguments() { # [EXTRA_FILE...]
  local framework_jar configurator="$config_bundles" files=() lines=() i launcher_dir framework_dir absolute part parts
  framework_jar="$install_dir/${config_framework#file:}"
  start=(-jar "$launcher")
  for part in "$launcher" "$framework_jar" "$@"; do [ -f "$part" ] && files+=("$part"); done
  if [ ${#files[@]} -gt 0 ]; then
    mapfile -t lines <<<"$(stat -c '%s %Y' "${files[@]}")"
    for i in "${!files[@]}"; do stamps["${files[$i]}"]="${lines[$i]:-}"; done
  fi
  if [[ "$configurator" =~ ^reference:file:([^/,@][^,@]*)(@[^,]*)?$ ]] && [ -f "$install_dir/plugins/${BASH_REMATCH[1]}" ] \
      && [ -n "${stamps[$launcher]:-}" ] && [ -n "${stamps[$framework_jar]:-}" ]; then
    local bundle="${BASH_REMATCH[1]}" level="${BASH_REMATCH[2]}"
    bitfaster_unpacked "$launcher" "${stamps[$launcher]/ /-}" || return 0
    launcher_dir="$REPLY"
    bitfaster_unpacked "$framework_jar" "${stamps[$framework_jar]/ /-}" || return 0
    framework_dir="$REPLY"
    # osgi.bundles is relative to the framework's folder: say where the configurator is.
    start=(-Dosgi.framework="file:$framework_dir/" -Dosgi.frameworkClassPath=. \
      -Dosgi.bundles="reference:file:$install_dir/plugins/$bundle$level" \
      -cp "$launcher_dir" org.eclipse.equinox.launcher.Main)
    # Framework extensions (p2's compatibility.state) are named relative to the framework's folder: say where they are.
    if [ -n "$config_extensions" ]; then
      absolute=""
      IFS=',' read -ra parts <<<"$config_extensions"
      for part in "${parts[@]}"; do
        part="${part#reference:}"; part="${part#file:}"
        [ "${part#/}" != "$part" ] || part="$install_dir/plugins/$part"
        absolute="${absolute:+$absolute,}reference:file:$part"
      done
      start=(-Dosgi.framework.extensions="$absolute" "${start[@]}")
    fi
  fi
}

# Plug-ins dropped into dropins/ are installed by reconcile-dropins, in a headless run of its own. When dropins/ holds
# nothing but its README and nothing was installed from it before (the common case), that script is not started.
bitfaster_reconcile_dropins() {
  [ -d "$install_dir/p2" ] || return 0 # not a p2-installed product
  local entry state="$install_dir/p2/dropins.listing" listed=""
  for entry in "$install_dir"/dropins/* "$install_dir"/dropins/.[!.]* "$install_dir"/dropins/..?*; do
    [ -e "$entry" ] || [ -L "$entry" ] || continue
    [ "$entry" = "$install_dir/dropins/README.txt" ] && continue
    "$install_dir/reconcile-dropins" "$java" || true
    return 0
  done
  if [ -e "$state" ]; then
    IFS= read -r -d '' listed <"$state" || true
    if [ -n "${listed//[[:space:]]/}" ]; then "$install_dir/reconcile-dropins" "$java" || true; fi
  fi
  return 0
}
