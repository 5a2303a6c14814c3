#!/usr/bin/env bash
# Puts a Java runtime into the materialized product as jre/ and archives the product with it again.
# The runtime is made by jlink from the build's JDK (from its own run-time image when it has no jmods/, JEP 493) with the modules jdeps finds in the product's jars, plus the ones
# only loaded at run time (looked up by name, by service loaders or by the JVM itself); it is kept in a cache under
# target/ keyed by the JDK and the module list, so a rebuild reuses it.
# Usage: releng/bundle-runtime.sh PRODUCT_DIR ARCHIVE CACHE_DIR
set -euo pipefail
product="$1"; archive="$2"; cache="$3"
java_home="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
for tool in jlink jdeps; do
  [ -x "$java_home/bin/$tool" ] || { echo "bundle-runtime: $java_home/bin/$tool is missing (JAVA_HOME must be a JDK)" >&2; exit 2; }
done
[ -d "$product/plugins" ] || { echo "bundle-runtime: no product at $product" >&2; exit 2; }

# Loaded at run time without a static reference jdeps could see:
# jdk.charsets and jdk.localedata (non-UTF-8 CSV files and mail charsets, dates in other locales), jdk.crypto.ec and
# jdk.crypto.cryptoki (TLS named groups and providers the JDK's security file lists), jdk.naming.dns (JNDI DNS lookups),
# jdk.zipfs (zip file systems), jdk.xml.dom (Batik's CSS parser in the workbench theme), jdk.security.auth,
# jdk.net, jdk.unsupported (sun.misc.Unsafe for libraries that probe for it), jdk.management (JVM options and MXBeans
# the platform reads), jdk.jfr (flight recordings to diagnose a user's machine), java.instrument.
runtime_only=(jdk.charsets jdk.localedata jdk.crypto.ec jdk.crypto.cryptoki jdk.naming.dns jdk.zipfs jdk.xml.dom
  jdk.security.auth jdk.net jdk.unsupported jdk.management jdk.jfr java.instrument)

mkdir -p "$cache"
jars="$(find "$product/plugins" -name '*.jar' | sort)"
jars_key="$(echo "$jars" | sed 's|.*/||' | sha256sum | cut -c1-16)"
found="$cache/jdeps-$jars_key.txt"
if [ ! -s "$found" ]; then
  # Bundles resolve each other through OSGi, not the class path: each jar alone, unknown references ignored.
  # shellcheck disable=SC2086
  "$java_home/bin/jdeps" --multi-release 21 --ignore-missing-deps --print-module-deps -q $jars 2>/dev/null \
    | tr ',' '\n' | grep -E '^(java|jdk)\.' >"$found.tmp" || true
  [ -s "$found.tmp" ] || { echo "bundle-runtime: jdeps found no modules in $product/plugins" >&2; exit 1; }
  mv "$found.tmp" "$found"
fi
# Only modules this JDK has (jdk.crypto.ec, for one, is gone from newer JDKs).
available="$("$java_home/bin/java" --list-modules | sed 's/@.*//')"
# Left out: jdk.javadoc (ICU ships its build's doclets; with jdk.compiler, 100 MB nothing runs).
modules="$( { grep -vxE 'jdk\.(javadoc|compiler)' "$found"; printf '%s\n' "${runtime_only[@]}"; } | sort -u \
  | grep -xF -f <(echo "$available") | paste -sd, -)"
jdk_key="$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$java_home/release")"
key="$(echo "$jdk_key $modules" | sha256sum | cut -c1-16)"
jre="$cache/jre-$key"
if [ ! -x "$jre/bin/java" ]; then
  echo "bundle-runtime: jlink $jdk_key with $modules"
  rm -rf "$jre" "$jre.tmp"
  "$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --output "$jre.tmp" # not compressed: classes are read at every start
  # A class data sharing archive of the JDK's own classes, as a full JDK has: the JVM starts faster with it.
  "$jre.tmp/bin/java" -Xshare:dump >/dev/null
  mv "$jre.tmp" "$jre"
fi

rm -rf "$product/jre"
cp -a "$jre" "$product/jre"
# The archive again, with jre/ (same root folder as the one Tycho made).
parent="$(dirname "$product")"; root_name="$(basename "$product")"
tar -C "$parent" -czf "$archive.tmp" "$root_name"
mv "$archive.tmp" "$archive"
echo "bundle-runtime: $(du -sm "$product/jre" | cut -f1) MB runtime in $product/jre; archive $(du -m "$archive" | cut -f1) MB"
