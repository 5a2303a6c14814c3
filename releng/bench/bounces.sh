#!/usr/bin/env bash
# Bounces processed per second (goal >= 200): a campaign of N (default 1000) recipients through a real Postfix whose
# next hop refuses every one, so Postfix writes N DSNs into a real Dovecot; then two `bitfaster-cli bounces fetch`
# read them over IMAPS at once (each bounce parsed, its token verified, recorded in the campaign's journal and the
# suppression list, the message moved to BitFaster-Processed). Prints a table; exactly-once is checked as in
# releng/test-bounces.sh, whose set-up this runs. Needs root, postfix, dovecot-imapd, dovecot-lmtpd, python3-aiosmtpd.
# Usage: releng/bench/bounces.sh [PRODUCT_DIR] [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
N="${N:-1000}" EVERY=1 exec "$root/releng/test-bounces.sh" "$@"
