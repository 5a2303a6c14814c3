#!/usr/bin/env bash
# End-to-end test of bitfaster-cli on the materialized product, with no display: the local mail server, servers add and
# list --json, send read back over POP3 by Python's poplib, one-line errors, a second local server on a busy port, bad
# campaign input (a folder, a pipe, /dev/zero, a line over 1 MiB, out of memory) refused in one line with a non-zero
# exit, the list's invalid and duplicate rows shown before sending, a campaign killed with kill -9 part-way and
# resumed (no recipient gets two messages, no one is skipped), and unknown recipients sent to again only with
# resend-unknown --yes; generated help, usage errors, --json with "format": 1, the completion script and README's
# generated sections.
# Usage: releng/test-cli.sh [PRODUCT_DIR] [OUT_DIR] [basics|campaigns]
#   basics: checks 1 to 5 (the commands, errors, help); campaigns: 1, 3 and 6 to the end (campaigns, OAuth2 and DKIM
#   settings). Both when not given; releng/test-end-to-end.sh runs the two parts side by side.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
product="${1:-$root/releng/com.bitfaster.mail.product/target/products/com.bitfaster.mail.product/linux/gtk/x86_64/bitfaster}"
out="${2:-$root/releng/com.bitfaster.mail.product/target/cli-test}"
part="${3:-all}"
case "$part" in all|basics|campaigns) ;; *) echo "test-cli: the part is basics or campaigns, not '$part'" >&2; exit 2;; esac
rm -rf "$out"; mkdir -p "$out/home"
export HOME="$out/home"
unset DISPLAY WAYLAND_DISPLAY
cli="$product/bitfaster-cli"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
fail() { echo "test-cli: FAILED, $*" >&2; exit 1; }
passed=0
ok() { passed=$((passed + 1)); echo "test-cli: ok - $*"; }

wait_for_line() { # FILE PATTERN: waits up to 60 s for a line matching PATTERN
  for _ in $(seq 1 240); do grep -q -E "$2" "$1" 2>/dev/null && return 0; sleep 0.25; done
  cat "$1" >&2; return 1
}

# 1. The local mail server from the command line.
"$cli" local-server run >"$out/local1.log" 2>&1 & pids+=($!)
wait_for_line "$out/local1.log" 'SMTP port [0-9]+, POP3 port [0-9]+' || fail "local-server run printed no ports"
read -r smtp pop3 < <(sed -n 's/.*SMTP port \([0-9]*\), POP3 port \([0-9]*\).*/\1 \2/p' "$out/local1.log")
ok "local-server run listens on SMTP $smtp, POP3 $pop3"

if [ "$part" != campaigns ]; then
# 2. A second local server with the same preferred ports picks others and says so.
"$cli" local-server run >"$out/local2.log" 2>&1 & pids+=($!)
wait_for_line "$out/local2.log" 'SMTP port [0-9]+, POP3 port [0-9]+' || fail "second local-server printed no ports"
grep -q "was busy" "$out/local2.log" || fail "the second local server did not report the busy port: $(cat "$out/local2.log")"
read -r smtp2 _ < <(sed -n 's/.*SMTP port \([0-9]*\), POP3 port \([0-9]*\).*/\1 \2/p' "$out/local2.log")
[ "$smtp2" != "$smtp" ] || fail "both local servers claim SMTP port $smtp"
kill "${pids[1]}"; ok "a second local server moved from busy port $smtp to $smtp2"
fi

# 3. servers add / list --json.
"$cli" servers add --name "Relay" --host 127.0.0.1 --port "$smtp" --encryption none --max-connections 2 >"$out/add.log" 2>&1 || fail "servers add: $(cat "$out/add.log")"
"$cli" servers list --json >"$out/list.json" || fail "servers list --json"
python3 - "$out/list.json" "$smtp" <<'PY' || fail "servers list --json does not show Relay and the Local Mail Server"
import json, sys
servers = {s["name"]: s for s in json.load(open(sys.argv[1]))}
assert servers["Relay"]["port"] == int(sys.argv[2]) and servers["Relay"]["activeNow"], servers
assert "Local Mail Server" in servers, servers
PY
ok "servers add, then list --json parses and shows the server"

if [ "$part" != campaigns ]; then
# 4. send, read back over POP3 with Python's poplib (not our code).
"$cli" send --server Relay --from news@company.com --to reader@example.org --subject "Grüße from the CLI" \
  --body "Sent by bitfaster-cli." >"$out/send.log" 2>&1 || fail "send: $(cat "$out/send.log")"
grep -q "^accepted  reader@example.org 250" "$out/send.log" || fail "send printed no accepted outcome: $(cat "$out/send.log")"
python3 - "$pop3" <<'PY' || fail "the sent message is not in the POP3 mailbox"
import email, email.header, poplib, sys
pop = poplib.POP3("127.0.0.1", int(sys.argv[1]), timeout=10)
pop.user("reader@example.org"); pop.pass_("reader@example.org")
msg = email.message_from_bytes(b"\r\n".join(pop.retr(1)[1]))
pop.quit()
subject = str(email.header.make_header(email.header.decode_header(msg["Subject"])))
assert subject == "Grüße from the CLI", subject
assert msg.get_payload(decode=True).decode(msg.get_content_charset()).strip() == "Sent by bitfaster-cli."
PY
ok "send through the local server; subject and body read back over POP3"
# The command's send is in the servers' statistics that the workbench's Servers overview reads.
python3 - "$out/home/.bitfaster/workspace/.metadata/.plugins/com.bitfaster.mail.core" <<'PY' || fail "the send is not in server-statistics.json"
import json, sys
d = sys.argv[1]
servers = json.load(open(f"{d}/servers.json"))
servers = servers["servers"] if isinstance(servers, dict) else servers
relay = next(s["id"] for s in servers if s["name"] == "Relay")
sends = json.load(open(f"{d}/server-statistics.json"))["servers"][relay]["sends"]
assert len(sends) == 1 and sends[0][2:] == [1, 0, 0, 0], sends
PY
ok "the send is counted in server-statistics.json (1 attempt, 1 accepted)"

# 5. Bad arguments: one line on standard error, non-zero exit.
for bad in "servers add --name Broken" "servers add --name Broken --host smtp.company.com --port 70000" "send --server Nope --from a@b.c --to d@e.f --subject x --body y" "frobnicate"; do
  if "$cli" $bad >"$out/bad.out" 2>"$out/bad.err"; then fail "'$bad' succeeded"; fi
  [ "$(wc -l <"$out/bad.err")" = 1 ] || fail "'$bad' did not print exactly one error line: $(cat "$out/bad.err")"
done
ok "bad arguments give a one-line error and a non-zero exit ($(cat "$out/bad.err"))"

# 5b. deactivate --until, export without passwords, import reports conflicts, remove; the Local Mail Server entry is
#     recreated by the next start of the local server.
"$cli" servers deactivate Relay --until 2099-01-01T00:00:00Z >/dev/null || fail "servers deactivate --until"
# A password without TLS is refused (exit 2, one line) unless allowed explicitly; then a warning says so.
rc=0; echo 'not-in-any-file' | "$cli" servers update Relay --username relay-user --password-stdin >"$out/plain.out" 2>"$out/plain.err" || rc=$?
[ "$rc" = 2 ] && [ "$(wc -l <"$out/plain.err")" = 1 ] && grep -q -- "--allow-plaintext-auth" "$out/plain.err" \
  || fail "a user name on a server without encryption was not refused in one line with exit 2 (exit $rc): $(cat "$out/plain.err")"
echo 'not-in-any-file' | "$cli" servers update Relay --username relay-user --password-stdin --allow-plaintext-auth >/dev/null 2>"$out/plain.err" \
  || fail "servers update --allow-plaintext-auth: $(cat "$out/plain.err")"
grep -q "WITHOUT encryption" "$out/plain.err" || fail "no warning that the password travels readable: $(cat "$out/plain.err")"
# The key file of the secure storage: ~/.bitfaster is private; a key file others can read is refused with the fix.
[ "$(stat -c %a "$HOME/.bitfaster")" = 700 ] || fail "$HOME/.bitfaster is $(stat -c %a "$HOME/.bitfaster"), not 700"
key="$HOME/.bitfaster/secure-storage.key"
[ "$(stat -c %a "$key")" = 600 ] || fail "$key is $(stat -c %a "$key"), not 600"
chmod 644 "$key"
rc=0; echo 'not-in-any-file' | "$cli" servers update Relay --password-stdin >/dev/null 2>"$out/key.err" || rc=$?
chmod 600 "$key"
! grep -qF -e 'not-in-any-file' -e "$(printf not-in-any-file | base64)" "$HOME/.bitfaster/secure_storage" \
  || fail "with the key file refused the password reached secure_storage unencrypted"
[ "$rc" != 0 ] && [ "$(wc -l <"$out/key.err")" = 1 ] && grep -qF "chmod 600 $key" "$out/key.err" \
  || fail "a key file others can read was not refused in one line naming the fix (exit $rc): $(cat "$out/key.err")"
ok "~/.bitfaster 700, key file 600; a key file others can read is refused: $(cat "$out/key.err")"
rc=0; "$cli" servers add --name Plain --host 127.0.0.1 --port "$smtp" --encryption none --username someone >/dev/null 2>"$out/plain.err" || rc=$?
[ "$rc" = 2 ] && [ "$(wc -l <"$out/plain.err")" = 1 ] || fail "servers add with none and a user name: exit $rc, $(cat "$out/plain.err")"
"$cli" servers add --name Office --host smtp.example.test >/dev/null || fail "servers add Office"
"$cli" servers list --json >"$out/list-office.json"
python3 - "$out/list-office.json" <<'PY' || fail "a new server does not default to STARTTLS on 587"
import json, sys
office = {s["name"]: s for s in json.load(open(sys.argv[1]))}["Office"]
assert office["encryption"] == "starttls" and office["port"] == 587 and office["allowPlaintextAuth"] is False, office
PY
"$cli" servers remove Office >/dev/null
ok "secure by default: a new server is STARTTLS/587; a password without TLS is refused (exit 2, one line: $(cat "$out/plain.err")) unless --allow-plaintext-auth, which warns"
"$cli" servers export "$out/export.json" >/dev/null || fail "servers export"
! grep -q 'not-in-any-file' "$out/export.json" "$out/home/.bitfaster/workspace/.metadata/.plugins/com.bitfaster.mail.core/servers.json" \
  || fail "a password reached a plain file"
"$cli" servers import "$out/export.json" >"$out/import.log" || fail "servers import"
grep -q "A server named 'Relay' already exists; it was not imported." "$out/import.log" || fail "import conflict not reported: $(cat "$out/import.log")"
"$cli" servers list --json >"$out/list2.json"
python3 - "$out/list2.json" <<'PY' || fail "deactivate --until not visible in servers list --json"
import json, sys
relay = {s["name"]: s for s in json.load(open(sys.argv[1]))}["Relay"]
assert relay["activeNow"] is False and relay["inactiveUntil"] == "2099-01-01T00:00:00Z" and relay["username"] == "relay-user", relay
assert relay["allowPlaintextAuth"] is True, relay
PY
"$cli" servers activate Relay >/dev/null || fail "servers activate"
"$cli" servers update Relay --username "" >/dev/null || fail "servers update --username \"\""
"$cli" servers remove "Local Mail Server" >/dev/null || fail "servers remove"
"$cli" local-server run >"$out/local3.log" 2>&1 & pids+=($!)
wait_for_line "$out/local3.log" 'SMTP port [0-9]+' || fail "third local-server printed no ports"
for _ in $(seq 1 40); do "$cli" servers list | grep -q "^Local Mail Server " && break; sleep 0.25; done
"$cli" servers list | grep -q "^Local Mail Server " || fail "the Local Mail Server entry was not recreated"
kill "${pids[-1]}"
ok "deactivate --until, update with --password-stdin (in no plain file), export, import conflict, activate, remove; Local Mail Server recreated"

# 5c. Bad input. A list, body or campaign file that is not a regular file is refused at once with its path named (the
#     list on /dev/zero once printed nothing and exited 0), a line over 1 MiB with its number, and an out-of-memory
#     error ends with one line and a non-zero exit. Nothing is started: no ledger appears. Each run is bounded by
#     timeout, so a pipe opened by mistake fails the test instead of hanging it.
bad="$out/bad-input"; mkdir -p "$bad/folder"
mkfifo "$bad/list.fifo" "$bad/body.fifo"
printf 'email,first_name\nada@example.org,Ada\n' >"$bad/list.csv"
printf 'Hello {{first_name}}' >"$bad/body.txt"
campaign_file() { # NAME LIST [TEXTFILE]: writes $bad/NAME.json
  python3 - "$bad/$1.json" "$2" "${3:-body.txt}" <<'PY'
import json, sys
json.dump({"name": "Bad input", "from": "news@company.com", "subject": "Hi {{first_name}}", "textFile": sys.argv[3],
           "list": sys.argv[2], "servers": ["Relay"]}, open(sys.argv[1], "w"))
PY
}
refused() { # CODE TEXT ARGS...: the CLI must exit with CODE and print one line on stderr containing TEXT
  local code=$1 text=$2; shift 2
  local rc=0; timeout 120 "$@" >"$bad/out" 2>"$bad/err" || rc=$?
  [ "$rc" = "$code" ] || fail "'${*:2}' exited with $rc, not $code: $(cat "$bad/err")"
  [ "$(wc -l <"$bad/err")" = 1 ] || fail "'${*:2}' did not print exactly one error line: $(cat "$bad/err")"
  grep -qF -- "bitfaster-cli: $text" "$bad/err" || fail "'${*:2}' did not say '$text': $(cat "$bad/err")"
}
not_regular="is not a regular file but a device, a pipe or a socket; choose a file."
campaign_file folder "$bad/folder"
refused 1 "$bad/folder is a folder; choose a file." "$cli" campaign run "$bad/folder.json"
campaign_file fifo list.fifo
refused 1 "$bad/list.fifo $not_regular" "$cli" campaign run "$bad/fifo.json"
campaign_file zero /dev/zero
refused 1 "/dev/zero $not_regular" "$cli" campaign run "$bad/zero.json"
campaign_file body-fifo list.csv body.fifo
refused 2 "$bad/body.fifo $not_regular" "$cli" campaign run "$bad/body-fifo.json"
refused 2 "/dev/zero $not_regular" "$cli" campaign run /dev/zero
campaign_file missing nowhere.csv
refused 1 "$bad/nowhere.csv does not exist." "$cli" campaign run "$bad/missing.json"
python3 - "$bad/long.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("email,note\nada@example.org,a\nlong@example.org," + "x" * 1_500_000 + "\ngrace@example.org,b\n")
PY
campaign_file long long.csv
refused 1 "long.csv: line 3 is longer than 1 MiB" "$cli" campaign run "$bad/long.json"
if [ "$(id -u)" != 0 ]; then # root reads any file
  cp "$bad/list.csv" "$bad/secret.csv"; chmod 000 "$bad/secret.csv"
  campaign_file secret secret.csv
  refused 1 "$bad/secret.csv cannot be read: permission denied." "$cli" campaign run "$bad/secret.json"
fi
# An error no command handles: a 1 GiB body (sparse, no disk used) in a 64 MiB heap.
truncate -s 1G "$bad/huge.txt"
campaign_file huge list.csv huge.txt
refused 1 "Out of memory (Java heap space)" env BITFASTER_VM_ARGS=-Xmx64m "$cli" campaign run "$bad/huge.json"
for c in folder fifo zero body-fifo missing long secret huge; do
  [ ! -e "$bad/$c.json.ledger" ] || fail "the refused campaign $c started a ledger"
done
ok "bad input refused at once with one line naming it: a folder, a pipe, /dev/zero, a missing list, a 1.5 MB line; out of memory exits 1"

# 5d. Before sending, the list's invalid and duplicate rows: counted, the first ten of each with their lines; the
#     same in --json as fields.
python3 - "$bad/rows.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("email,first_name\n")
    for i in range(12):
        f.write(f"bad{i},Bad\n")            # lines 2-13
    f.write("rows1@example.org,One\nrows2@example.org,Two\n")  # lines 14-15
    f.write("ROWS1@example.org,Again\nrows2@example.org,Again\n")  # lines 16-17
PY
campaign_file rows rows.csv
"$cli" campaign run "$bad/rows.json" >"$bad/rows.out" 2>"$bad/rows.err" || fail "campaign with invalid rows: $(cat "$bad/rows.err")"
python3 - "$bad/rows.out" "$bad/rows.csv" <<'PY' || fail "the invalid and duplicate rows were not shown before sending: $(cat "$bad/rows.out")"
import sys
lines = open(sys.argv[1]).read().splitlines()
assert lines[0] == f"{sys.argv[2]}: 12 invalid and 2 duplicate rows are left out:", lines[0]
invalid = [l for l in lines if l.startswith("invalid   line ")]
assert invalid == [f"invalid   line {n}: 'bad{n - 2}' is not a valid e-mail address." for n in range(2, 12)], invalid
assert "invalid   ... and 2 more" in lines, lines
assert [l for l in lines if l.startswith("duplicate ")] == [
    "duplicate line 16: ROWS1@example.org appears earlier in the list; it is sent to once.",
    "duplicate line 17: rows2@example.org appears earlier in the list; it is sent to once."], lines
assert lines.index("duplicate line 17: rows2@example.org appears earlier in the list; it is sent to once.") < \
    [i for i, l in enumerate(lines) if " recipients: " in l][0], "problems come before the report"
assert "2 recipients: 2 accepted" in "\n".join(lines), lines
PY
"$cli" campaign resume "$bad/rows.json" --json >"$bad/rows.json.out" 2>"$bad/rows.err" || fail "campaign resume --json: $(cat "$bad/rows.err")"
python3 - "$bad/rows.json.out" <<'PY' || fail "campaign --json lacks the list's problems: $(cat "$bad/rows.json.out")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["invalidRows"] == 12 and r["duplicateRows"] == 2, r
assert len(r["firstInvalidRows"]) == 10, r
assert r["firstInvalidRows"][0] == {"line": 2, "problem": "'bad0' is not a valid e-mail address."}, r
assert [d["line"] for d in r["firstDuplicateRows"]] == [16, 17], r
assert r["accepted"] == 2, r
PY
ok "invalid and duplicate rows shown before sending (first ten, line numbers) and in --json"

# 5e. The command line for scripts: generated help on every level, a usage error in one line with exit 2, --json with
#     "format": 1 wherever a command prints data, the generated completion script, a pickup server named by its folder
#     (not ":25"), and README's generated sections matching the declarations in the product.
"$cli" --help >"$out/help.out" 2>"$out/help.err" || fail "--help exited non-zero: $(cat "$out/help.err")"
grep -q -- '--help' "$out/help.out" && grep -q '^  servers ' "$out/help.out" && grep -q '^   4 ' "$out/help.out" \
  || fail "--help lists no commands, options or exit codes: $(cat "$out/help.out")"
"$cli" servers add --help >"$out/help.out" 2>"$out/help.err" || fail "servers add --help exited non-zero: $(cat "$out/help.err")"
grep -q -- '--max-connections=N' "$out/help.out" && grep -q -- '--password-stdin' "$out/help.out" \
  || fail "servers add --help does not list its options: $(cat "$out/help.out")"
"$cli" help campaign >"$out/help.out" || fail "help campaign"
grep -q '^  resend-unknown ' "$out/help.out" || fail "help campaign does not list resend-unknown: $(cat "$out/help.out")"
rc=0; "$cli" servers add --name Typo --host h --frobnicate >"$out/usage.out" 2>"$out/usage.err" || rc=$?
[ "$rc" = 2 ] || fail "an unknown option exited $rc, not 2: $(cat "$out/usage.err")"
[ "$(wc -l <"$out/usage.err")" = 1 ] && grep -q -- "--frobnicate.*see bitfaster-cli servers add --help" "$out/usage.err" \
  || fail "an unknown option did not give one line naming it: $(cat "$out/usage.err")"
formatted() { # FILE WHAT: FILE is JSON whose object (or every object of its array) has "format": 1
  python3 - "$1" <<'PY' || fail "$2 --json did not parse or lacks \"format\": 1: $(cat "$1")"
import json, sys
d = json.load(open(sys.argv[1]))
assert all(o["format"] == 1 for o in (d if isinstance(d, list) else [d])) and d, d
PY
}
"$cli" servers list --json >"$out/s.json" || fail "servers list --json"; formatted "$out/s.json" "servers list"
rc=0; "$cli" servers test Relay --json >"$out/t.json" 2>"$out/t.err" || rc=$?
[ "$rc" -le 1 ] || fail "servers test --json exited $rc: $(cat "$out/t.err")"; formatted "$out/t.json" "servers test"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert isinstance(r["secureOptions"], list) and not any(o["encryption"] == "starttls" for o in r["secureOptions"]), r' \
  "$out/t.json" || fail "servers test --json: no secureOptions, or STARTTLS offered by a server that does not announce it: $(cat "$out/t.json")"
"$cli" send --server Relay --from news@company.com --to json@example.org --subject "JSON" --body "x" --json >"$out/send.json" \
  || fail "send --json"
formatted "$out/send.json" "send"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["allAccepted"] and r["recipients"][0]["status"] == "accepted", r' \
  "$out/send.json" || fail "send --json: $(cat "$out/send.json")"
"$cli" campaign report "$bad/rows.json" --json >"$out/report.json" || fail "campaign report --json"; formatted "$out/report.json" "campaign report"
formatted "$bad/rows.json.out" "campaign resume"
"$cli" local-server run --json >"$out/local-json.log" 2>&1 & pids+=($!)
wait_for_line "$out/local-json.log" '"pop3Port"' || fail "local-server run --json printed no ports"
kill "${pids[-1]}"
grep -m 1 '"pop3Port"' "$out/local-json.log" >"$out/local.json"; formatted "$out/local.json" "local-server run"
completion="$product/completion/bitfaster-cli.bash"
[ -f "$completion" ] || fail "no completion script at $completion"
bash -c 'source "$1" && complete -p bitfaster-cli' _ "$completion" >"$out/complete.out" 2>&1 \
  || fail "the completion script does not register: $(cat "$out/complete.out")"
bash -c 'source "$1" 2>/dev/null; COMP_WORDS=(bitfaster-cli campaign re); COMP_CWORD=2; COMP_LINE="${COMP_WORDS[*]}"
  COMP_POINT=${#COMP_LINE}; _complete_bitfaster-cli 2>/dev/null; echo "${COMPREPLY[*]}"' _ "$completion" >"$out/complete.out"
[ "$(cat "$out/complete.out")" = "resume retry-failed resend-unknown report" ] \
  || fail "'bitfaster-cli campaign re' completes to '$(cat "$out/complete.out")'"
mkdir -p "$out/pickup"
"$cli" servers add --name Pickup --transport pickup --setting "directory=$out/pickup" >"$out/pickup.log" 2>&1 \
  || fail "servers add a pickup server: $(cat "$out/pickup.log")"
grep -qF "Added Pickup ($out/pickup)." "$out/pickup.log" || fail "adding a pickup server did not name its folder: $(cat "$out/pickup.log")"
"$cli" servers list >"$out/pickup-list.log"
grep -E "^Pickup +$out/pickup " "$out/pickup-list.log" >/dev/null && ! grep -q '^Pickup .*:25' "$out/pickup-list.log" \
  || fail "servers list does not show the pickup folder: $(cat "$out/pickup-list.log")"
"$cli" servers remove Pickup >/dev/null
"$cli" servers add --name Json --host 127.0.0.1 --port "$smtp" --json >"$out/add.json" || fail "servers add --json"
formatted "$out/add.json" "servers add"
"$cli" servers export "$out/json-export.json" Json --json >"$out/export-out.json" || fail "servers export --json"
formatted "$out/export-out.json" "servers export"
"$cli" servers import "$out/json-export.json" --rename --json >"$out/import-out.json" || fail "servers import --json"
formatted "$out/import-out.json" "servers import"
python3 - "$out/add.json" "$out/export-out.json" "$out/import-out.json" <<'PY' || fail "add/export/import --json: $(cat "$out/add.json" "$out/export-out.json" "$out/import-out.json")"
import json, sys
added, exported, imported = (json.load(open(f)) for f in sys.argv[1:])
assert added["name"] == "Json" and added["id"] and added["sendsTo"].endswith(":" + str(added["port"])), added
assert exported["exported"] == ["Json"], exported
assert len(imported["imported"]) == 1 and imported["imported"][0]["name"] != "Json" and imported["imported"][0]["id"] != added["id"], imported
PY
copy="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["imported"][0]["name"])' "$out/import-out.json")"
for name in "$copy" Json; do "$cli" servers remove "$name" >/dev/null || fail "servers remove $name"; done
# Only the branch the arguments name is built; a misspelt command, "help" and a group alone still see all of a level.
rc=0; "$cli" servers lst >"$out/typo.out" 2>"$out/typo.err" || rc=$?
[ "$rc" = 2 ] && grep -q "'lst'" "$out/typo.err" || fail "servers lst exited $rc: $(cat "$out/typo.err")"
rc=0; "$cli" servers >"$out/group.out" 2>"$out/group.err" || rc=$?
[ "$rc" = 2 ] && grep -q 'list, add, update, remove' "$out/group.err" || fail "servers alone exited $rc: $(cat "$out/group.err")"
"$cli" help servers >"$out/help.out" && grep -q '^  import ' "$out/help.out" || fail "help servers: $(cat "$out/help.out")"
"$cli" servers list --help >"$out/help.out" && grep -q -- '--json' "$out/help.out" || fail "servers list --help: $(cat "$out/help.out")"
# The launcher and framework run from folders unpacked once (no signed-jar checks per start), by the jars config.ini names.
ls -d "$HOME/.cache/bitfaster/unpacked/org.eclipse.osgi_"*/org/eclipse/osgi >/dev/null 2>&1 \
  && ls -d "$HOME/.cache/bitfaster/unpacked/org.eclipse.equinox.launcher_"*/org/eclipse/equinox/launcher >/dev/null 2>&1 \
  || fail "bitfaster-cli did not start from the unpacked launcher and framework: $(ls -R "$HOME/.cache/bitfaster" | head -20)"
java_bin="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
"$java_bin" -cp "$(ls "$product"/plugins/com.bitfaster.mail.cli_*.jar):$(ls "$product"/plugins/picocli_*.jar)" \
  com.bitfaster.mail.cli.internal.CliReference check "$root/README.md" || fail "README's generated bitfaster-cli sections are out of date"
ok "--help on every level, an unknown option exits 2 in one line, --json has \"format\": 1 (servers list/add/export/import/test, send, campaign, local-server), only the named branch built, unpacked start, completion registers, a pickup server shows its folder, README up to date"
fi

if [ "$part" != basics ]; then
# 6. One campaign killed with kill -9 ten times at random moments, with campaign report run at random moments while
#     it sends (a report must never change the ledger), then resumed to the end: no recipient gets two messages, and
#     every recipient the report calls accepted got exactly one.
n=3000
mkdir -p "$out/kills"
python3 "$root/releng/test-campaign.py" make "$out/kills" "$n" k \
  '{"name": "Ten kills", "subject": "Angebot für {{first_name}} ✉", "messagesPerHour": 720000}'
ledger="$out/kills/campaign.json.ledger"
reports=0
for kill in $(seq 1 10); do
  before=$( { wc -l <"$ledger"; } 2>/dev/null || echo 0)
  "$cli" campaign resume "$out/kills/campaign.json" --batch-size 20 >"$out/kills/run$kill.log" 2>&1 & run=$!; pids+=($run)
  target=$(( before + 40 + RANDOM % 200 ))
  report_at=$(( before + RANDOM % 240 ))
  reporter=""
  for _ in $(seq 1 1200); do
    lines=$( { wc -l <"$ledger"; } 2>/dev/null || echo 0)
    if [ -z "$reporter" ] && [ "$lines" -ge "$report_at" ]; then # a report beside the run, from another process
      "$cli" campaign report "$out/kills/campaign.json" --json >"$out/kills/report$kill.json" 2>&1 & reporter=$!
    fi
    [ "$lines" -ge "$target" ] && break
    kill -0 $run 2>/dev/null || break
    sleep 0.05
  done
  kill -0 $run 2>/dev/null || fail "the campaign ended before kill $kill (raise n)"
  kill -9 $run; wait $run 2>/dev/null || true
  if [ -n "$reporter" ]; then
    wait "$reporter" || fail "campaign report during run $kill: $(cat "$out/kills/report$kill.json")"
    reports=$((reports + 1))
  fi
done
"$cli" campaign report "$out/kills/campaign.json" --json >"$out/kills/after.json" || fail "campaign report after ten kills"
"$cli" campaign resume "$out/kills/campaign.json" --json --report-csv "$out/kills/final.csv" >"$out/kills/final.json" 2>"$out/kills/final.err" \
  || fail "campaign resume after ten kills: $(cat "$out/kills/final.err")"
python3 "$root/releng/test-campaign.py" count "$pop3" k "$n" "$out/kills/received.json"
python3 - "$out/kills" "$n" <<'PY' || fail "ten kills: accounting at the server"
import csv, json, sys
d, n = sys.argv[1], int(sys.argv[2])
final = json.load(open(f"{d}/final.json"))
assert final["pending"] == 0 and final["total"] == n, final
assert final["damage"] == [], final["damage"]
rows = {r["address"]: r["state"] for r in csv.DictReader(open(f"{d}/final.csv"))}
mailboxes = json.load(open(f"{d}/received.json"))
received = mailboxes["counts"]
twice = [u for u, c in received.items() if c > 1]
assert not twice, f"sent twice: {len(twice)}, e.g. {twice[:5]}"
accepted = [u for u, s in rows.items() if s == "accepted"]
assert len(accepted) == final["accepted"], (len(accepted), final)
missing = [u for u in accepted if received[u] != 1]
assert not missing, f"reported accepted but not received once: {missing[:5]}"
unknown = [u for u, s in rows.items() if s == "unknown"]
assert final["accepted"] + final["unknown"] == n, final
never = [u for u in unknown if received[u] == 0]
# the UTF-8 subject survives the trip, read by a client not ours
assert mailboxes["subject"].startswith("Angebot für Reader ") and mailboxes["subject"].endswith(" ✉"), mailboxes["subject"]
print(f"test-cli: 10 kills; accepted {final['accepted']}, unknown {final['unknown']} "
      f"({len(never)} of them never reached the server); delivered {sum(received.values())}, none twice")
PY
ok "a campaign killed with kill -9 ten times with $reports reports during its runs, then resumed: none twice, every accepted one received once"

# 6b. Two runs of one campaign started together (two terminals, two cron jobs): one sends, the other stops at once
#     with exit code 3 and one line naming the holder; every recipient gets exactly one message.
n=1500
mkdir -p "$out/twice"
python3 "$root/releng/test-campaign.py" make "$out/twice" "$n" t \
  '{"name": "Twice", "subject": "Once", "messagesPerHour": 180000, "batchSize": 50}'
"$cli" campaign run "$out/twice/campaign.json" >"$out/twice/a.out" 2>"$out/twice/a.err" & a=$!; pids+=($a)
"$cli" campaign run "$out/twice/campaign.json" >"$out/twice/b.out" 2>"$out/twice/b.err" & b=$!; pids+=($b)
set +e; wait $a; ra=$?; wait $b; rb=$?; set -e
codes="$(printf '%s\n' "$ra" "$rb" | sort | tr '\n' ' ')"
[ "$codes" = "0 3 " ] || fail "two runs together exited $ra and $rb (expected one 0 and one 3): $(cat "$out/twice/a.err" "$out/twice/b.err")"
loser_err="$out/twice/a.err"; [ "$rb" = 3 ] && loser_err="$out/twice/b.err"
[ "$(wc -l <"$loser_err")" = 1 ] && grep -q "being sent by another run: process [0-9]* on " "$loser_err" \
  || fail "the refused run did not name the holder in one line: $(cat "$loser_err")"
python3 "$root/releng/test-campaign.py" count "$pop3" t "$n" "$out/twice/received.json"
python3 - "$out/twice/received.json" <<'PY' || fail "two runs together: accounting at the server"
import json, sys
counts = list(json.load(open(sys.argv[1]))["counts"].values())
assert all(c == 1 for c in counts), f"{sum(1 for c in counts if c > 1)} twice, {counts.count(0)} never"
PY
ok "two runs started together: one sent $n messages, the other stopped with exit 3 ($(cat "$loser_err"))"

# 6c. Unknown recipients get another message only when the user says so. A server that drops the connection after
#     the final "." (smtp-sink -q .) leaves 30 recipients unknown; the list grows by 20 and resume sends to the new
#     ones only; resend-unknown without --yes says how many are unknown, exits 2 and sends nothing; with --yes each
#     unknown one gets exactly one message and no one else a second (counted over POP3 at the local server).
mkdir -p "$out/resend"
python3 "$root/releng/test-campaign.py" make "$out/resend" 30 u '{"name": "Resend", "servers": ["Lossy"]}'
lossyport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
user_opt=(); [ "$(id -u)" = 0 ] && user_opt=(-u nobody)
/usr/sbin/smtp-sink "${user_opt[@]}" -q . "127.0.0.1:$lossyport" 100 >"$out/resend/sink.log" 2>&1 & pids+=($!)
until (exec 3<>"/dev/tcp/127.0.0.1/$lossyport") 2>/dev/null; do sleep 0.05; done
"$cli" servers add --name Lossy --host 127.0.0.1 --port "$lossyport" --encryption none --messages-per-connection 1 >/dev/null
"$cli" campaign run "$out/resend/campaign.json" --json >"$out/resend/lossy.json" 2>"$out/resend/lossy.err" \
  || fail "campaign to the lossy server: $(cat "$out/resend/lossy.err")"
kill "${pids[-1]}"
python3 - "$out/resend/list.csv" <<'PY'
import sys
with open(sys.argv[1], "a") as f:
    for i in range(30, 50):
        f.write(f"u{i}@example.org,Reader {i}\n")
PY
"$cli" servers update Lossy --port "$smtp" >/dev/null
"$cli" campaign resume "$out/resend/campaign.json" --json >"$out/resend/resume.json" 2>"$out/resend/resume.err" \
  || fail "resume after the list grew: $(cat "$out/resend/resume.err")"
python3 "$root/releng/test-campaign.py" count "$pop3" u 50 "$out/resend/after-resume.json"
rc=0; "$cli" campaign resend-unknown "$out/resend/campaign.json" >"$out/resend/ask.out" 2>"$out/resend/ask.err" || rc=$?
[ "$rc" = 2 ] || fail "resend-unknown without --yes exited $rc, not 2: $(cat "$out/resend/ask.out" "$out/resend/ask.err")"
python3 "$root/releng/test-campaign.py" count "$pop3" u 50 "$out/resend/after-ask.json"
"$cli" campaign resend-unknown "$out/resend/campaign.json" --yes --json >"$out/resend/resent.json" 2>"$out/resend/resent.err" \
  || fail "resend-unknown --yes: $(cat "$out/resend/resent.err")"
python3 "$root/releng/test-campaign.py" count "$pop3" u 50 "$out/resend/after-resend.json"
python3 - "$out/resend" <<'PY' || fail "resend-unknown: accounting at the server"
import json, sys
d = sys.argv[1]
load = lambda name: json.load(open(f"{d}/{name}"))
lossy, resume, resent = load("lossy.json"), load("resume.json"), load("resent.json")
assert lossy["unknown"] == 30 and lossy["accepted"] == 0, lossy
assert resume["unknown"] == 30 and resume["accepted"] == 20 and resume["listChanged"], resume
first, second = [f"u{i}@example.org" for i in range(30)], [f"u{i}@example.org" for i in range(30, 50)]
counts = load("after-resume.json")["counts"]
assert all(counts[u] == 0 for u in first) and all(counts[u] == 1 for u in second), counts
ask_out, ask_err = open(f"{d}/ask.out").read(), open(f"{d}/ask.err").read()
assert ask_out == "30 recipients are unknown: their message may have arrived, or not.\n", ask_out
assert ask_err.count("\n") == 1 and "second copy" in ask_err and "--yes" in ask_err, ask_err
assert load("after-ask.json")["counts"] == counts, "resend-unknown without --yes sent something"
assert resent["unknown"] == 0 and resent["accepted"] == 50 and resent["pending"] == 0, resent
after = load("after-resend.json")["counts"]
assert all(after[u] == 1 for u in first + second), after
PY
ok "resend-unknown: 30 unknown after a server dropped the connection after '.'; without --yes exit 2 and nothing sent ($(cat "$out/resend/ask.err")); with --yes each got exactly one"

# 7. A 10,000-recipient campaign to Postfix's smtp-sink: every recipient reaches a final outcome and the sink's own
#    message counter matches the ledger.
n=10000
mkdir -p "$out/sink"
python3 - "$out/sink" "$n" <<'PY'
import json, sys
d, n = sys.argv[1], int(sys.argv[2])
with open(f"{d}/list.csv", "w") as f:
    f.write("email,first_name\n")
    for i in range(n):
        f.write(f"s{i}@example.org,Sink reader {i}\n")
open(f"{d}/body.txt", "w").write("Hello {{first_name}}")
json.dump({"name": "Sink count", "from": "news@company.com", "subject": "Für {{first_name}}",
           "textFile": "body.txt", "list": "list.csv", "servers": ["Sink"]}, open(f"{d}/campaign.json", "w"))
PY
sinkport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
user_opt=(); [ "$(id -u)" = 0 ] && user_opt=(-u nobody)
/usr/sbin/smtp-sink "${user_opt[@]}" -c "127.0.0.1:$sinkport" 256 >"$out/sink/counter.log" 2>&1 & pids+=($!)
until (exec 3<>"/dev/tcp/127.0.0.1/$sinkport") 2>/dev/null; do sleep 0.05; done
"$cli" servers add --name Sink --host 127.0.0.1 --port "$sinkport" --encryption none --max-connections 4 --messages-per-connection 0 >/dev/null
# 10,000 recipients is bulk mail as Gmail counts it: the pre-flight check blocks this fixture (no List-Unsubscribe,
# no DKIM key); releng/test-preflight.sh tests the check, here --force sends anyway.
"$cli" campaign run "$out/sink/campaign.json" --batch-size 500 --force --json >"$out/sink/report.json" 2>"$out/sink/run.err" \
  || fail "campaign to smtp-sink: $(cat "$out/sink/run.err")"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
sunk=$(tr '\r' '\n' <"$out/sink/counter.log" | sed -n 's/.*mesg=\([0-9]*\).*/\1/p' | tail -n 1)
python3 - "$out/sink/report.json" "$n" "${sunk:-0}" <<'PY' || fail "smtp-sink count and ledger disagree"
import json, sys
report, n, sunk = json.load(open(sys.argv[1])), int(sys.argv[2]), int(sys.argv[3])
assert report["accepted"] == n and report["pending"] == 0, report
assert sunk == n, f"smtp-sink counted {sunk}, the ledger {report['accepted']}"
PY
ok "a $n-recipient campaign to smtp-sink: every recipient accepted, the sink counted $sunk messages"

# 8. OAuth2 settings from the command line: the client secret only from standard input and only into secure storage,
# http refused for an authorization server off loopback, login refused for a password server (no network needed).
"$cli" servers add --name Office --host smtp.office365.com --port 587 --encryption starttls --username sender@contoso.test \
  --oauth-provider microsoft --tenant contoso.test --client-id 11111111-2222-3333-4444-555555555555 >"$out/oauth-add.log" 2>&1 \
  || fail "servers add --oauth-provider microsoft: $(cat "$out/oauth-add.log")"
printf 'cli-client-secret-7f3a\n' | "$cli" servers update Office --client-secret-stdin >"$out/oauth-secret.log" 2>&1 \
  || fail "servers update --client-secret-stdin: $(cat "$out/oauth-secret.log")"
"$cli" servers export "$out/oauth-export.json" Office >/dev/null || fail "servers export Office"
python3 - "$out/oauth-export.json" <<'PY' || fail "the export does not carry the OAuth2 settings"
import json, sys
s = json.load(open(sys.argv[1]))["servers"][0]
assert s["authMethod"] == "oauth2", s
assert s["authSettings"] == {"provider": "microsoft", "clientId": "11111111-2222-3333-4444-555555555555", "tenant": "contoso.test"}, s
PY
if grep -rIl "cli-client-secret-7f3a" "$HOME" "$out"/*.json "$out"/*.log 2>/dev/null; then fail "the client secret is in a file in the clear"; fi
if "$cli" servers add --name Plain --host smtp.example.test --username u --client-id c \
    --oauth-provider http://login.example.test/realms/x >"$out/oauth-http.log" 2>&1; then fail "http issuer accepted"; fi
[ "$(wc -l <"$out/oauth-http.log")" -eq 1 ] && grep -q "must use https" "$out/oauth-http.log" \
  || fail "http issuer: not one line naming https: $(cat "$out/oauth-http.log")"
set +e; "$cli" servers login Relay >"$out/oauth-login.log" 2>&1; rc=$?; set -e
[ "$rc" -eq 2 ] && grep -q "not OAuth2" "$out/oauth-login.log" || fail "servers login on a password server: exit $rc, $(cat "$out/oauth-login.log")"
ok "OAuth2 server settings: exported without the client secret (kept only in secure storage), http refused, login on a password server refused"

# DKIM: keys made by the command line sign what send sends; OpenDKIM (opendkim -t, the records from dkim list --json
# as TestPublicKeys) and dkimpy verify the message as read back over POP3. Last, so the other sends stay unsigned.
"$cli" dkim generate --domain company.com --selector rsa2026 >"$out/dkim-gen.log" 2>&1 || fail "dkim generate: $(cat "$out/dkim-gen.log")"
grep -q "^  Name:  rsa2026._domainkey.company.com$" "$out/dkim-gen.log" && grep -q "^  Value: v=DKIM1; k=rsa; p=MII" "$out/dkim-gen.log" \
  || fail "dkim generate printed no TXT record: $(cat "$out/dkim-gen.log")"
"$cli" dkim generate --domain company.com --selector ed2026 --algorithm ed25519 --json >"$out/dkim-ed.json" || fail "dkim generate ed25519"
"$cli" dkim list --json >"$out/dkim-list.json" || fail "dkim list --json"
"$cli" send --server Relay --from news@company.com --to dkim@example.org --subject "Signed by the CLI" \
  --body "Signed twice." >"$out/dkim-send.log" 2>&1 || fail "send (signed): $(cat "$out/dkim-send.log")"
python3 - "$pop3" "$out/dkim-signed.eml" <<'PY' || fail "the signed message is not in the POP3 mailbox"
import poplib, sys
pop = poplib.POP3("127.0.0.1", int(sys.argv[1]), timeout=10)
pop.user("dkim@example.org"); pop.pass_("dkim@example.org")
open(sys.argv[2], "wb").write(b"\r\n".join(pop.retr(1)[1]) + b"\r\n")
pop.quit()
PY
python3 - "$out/dkim-list.json" "$out/dkim-keys" "$out/dkim-records.py" <<'PY'
import json, sys
keys = json.load(open(sys.argv[1]))
open(sys.argv[2], "w").write("".join(k["dnsName"] + " " + k["txtRecord"] + "\n" for k in keys))
open(sys.argv[3], "w").write("records = " + repr({(k["dnsName"] + ".").encode(): k["txtRecord"].encode() for k in keys}) + "\n")
PY
printf 'Mode v\nTestPublicKeys %s\nSyslog no\nAlwaysAddARHeader yes\nAuthservID verifier\n' "$out/dkim-keys" >"$out/opendkim.conf"
/usr/sbin/opendkim -x "$out/opendkim.conf" -vvv -t "$out/dkim-signed.eml" >"$out/opendkim.log" 2>&1 || true
[ "$(grep -o 'dkim=pass' "$out/opendkim.log" | wc -l)" = 2 ] || fail "OpenDKIM did not pass both signatures: $(cat "$out/opendkim.log")"
/usr/bin/python3 - "$out/dkim-records.py" "$out/dkim-signed.eml" <<'PY' || fail "dkimpy did not pass both signatures"
import dkim, sys
exec(open(sys.argv[1]).read())
d = dkim.DKIM(open(sys.argv[2], "rb").read())
n = len([h for h in d.headers if h[0].lower() == b"dkim-signature"])
assert n == 2, n
for i in range(n):
    assert d.verify(idx=i, dnsfunc=lambda name, timeout=5: records.get(name)), i
PY
"$cli" dkim remove --domain company.com --selector rsa2026 >/dev/null || fail "dkim remove"
"$cli" dkim list >"$out/dkim-list.txt" || fail "dkim list"
! grep -q rsa2026 "$out/dkim-list.txt" && grep -q ed2026 "$out/dkim-list.txt" || fail "dkim remove left: $(cat "$out/dkim-list.txt")"
rc=0; "$cli" dkim generate --domain company.com --selector x --algorithm dsa >/dev/null 2>"$out/dkim-bad.err" || rc=$?
[ "$rc" = 2 ] && [ "$(wc -l <"$out/dkim-bad.err")" = 1 ] || fail "dkim generate --algorithm dsa: exit $rc, $(cat "$out/dkim-bad.err")"
ok "dkim generate (RSA and Ed25519), send signed twice, verified by OpenDKIM and dkimpy after the local server; remove; a bad algorithm is one line, exit 2"
fi

echo "test-cli: $passed checks passed"
