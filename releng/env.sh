# Sourced by ./workbench and ./run-tests: finds the JDK and the Debian packages the build and tests need.
# Missing packages are installed with apt-get when running as root; otherwise the exact command is printed.

BITFASTER_JDK_DEFAULT=/usr/lib/jvm/temurin-25-jdk-amd64

bitfaster_java_home() {
  local candidate
  for candidate in "${JAVA_HOME:-}" "$BITFASTER_JDK_DEFAULT"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    local v
    v="$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')"
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then
      echo "$candidate"
      return 0
    fi
  done
  echo "No JDK 21+ found: expected $BITFASTER_JDK_DEFAULT (Temurin 25) or JAVA_HOME pointing to a JDK 21 or newer." >&2
  echo "Install Temurin 25 there, or run: JAVA_HOME=/path/to/jdk $0" >&2
  return 1
}

# bitfaster_require_packages COMMAND:PACKAGE ... : each COMMAND (or file, when it starts with /) must exist.
bitfaster_require_packages() {
  local missing=() item what pkg
  for item in "$@"; do
    what="${item%%:*}"; pkg="${item#*:}"
    if [[ "$what" == /* ]]; then
      ls $what >/dev/null 2>&1 || missing+=("$pkg")
    else
      command -v "$what" >/dev/null 2>&1 || missing+=("$pkg")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${missing[*]} ..." >&2
    # Daemons that come with a package (postfix, dovecot) must not start: the tests run their own on loopback only.
    # A temporary policy-rc.d that exits 101 keeps invoke-rc.d from starting them.
    local policy=/usr/sbin/policy-rc.d had_policy=false rc=0
    [ -e "$policy" ] && had_policy=true && cp -p "$policy" "$policy.bitfaster-saved"
    printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 755 "$policy"
    apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 || rc=$?
    if $had_policy; then mv "$policy.bitfaster-saved" "$policy"; else rm -f "$policy"; fi
    return $rc
  else
    echo "Missing packages: ${missing[*]}. Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
}

BITFASTER_UI_PACKAGES=("/usr/lib/x86_64-linux-gnu/libgtk-3.so.0:libgtk-3-0" "/usr/lib/x86_64-linux-gnu/libwebkit2gtk-4.1.so.0:libwebkit2gtk-4.1-0")
BITFASTER_TEST_PACKAGES=("python3:python3" "xvfb-run:xvfb" "xdotool:xdotool" "import:imagemagick" "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core" "/usr/sbin/smtp-sink:postfix" "/usr/sbin/smtp-source:postfix" "openssl:openssl" "/usr/sbin/dnsmasq:dnsmasq-base" "/usr/lib/python3/dist-packages/aiosmtpd/__init__.py:python3-aiosmtpd" "/usr/sbin/dovecot:dovecot-core" "/usr/lib/dovecot/submission:dovecot-submissiond" "/usr/sbin/spamd:spamd" "/usr/sbin/opendkim:opendkim" "/usr/sbin/opendkim-testmsg:opendkim-tools" "/usr/lib/python3/dist-packages/dkim/__init__.py:python3-dkim")
# The bounce tests run Dovecot (IMAP, POP3, LMTP) in the foreground as the bounce mailbox Postfix delivers DSNs into.
BITFASTER_TEST_PACKAGES+=("/usr/lib/dovecot/imap:dovecot-imapd" "/usr/lib/dovecot/pop3:dovecot-pop3d" "/usr/lib/dovecot/lmtp:dovecot-lmtpd")
