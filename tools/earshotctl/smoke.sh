#!/bin/sh
# Smoke test of earshotctl: runs every command at least once, and the usual
# mistakes, against the database CONFIG names (fresh, or at least one
# `earshotctl migrate` can bring up to date), and fails on any unexpected
# exit status. Also checks the output rules: a mistake prints exactly one
# line on stderr ("earshotctl: ...") and nothing on stdout; success prints
# nothing on stderr; --json prints valid JSON; secrets are never shown.
#
# Names get a per-run suffix, so the script can run again on the same
# database. Events, comments and macros have no earshotctl command that
# creates them: when the `mariadb` client can reach the database named in
# CONFIG, rows are inserted with it; otherwise those checks are skipped.
# A successful `events replay` needs the data handler (data.fcgi) next to
# earshotctl or in $EARSHOT_BIN.
#
# Usage: tools/earshotctl/smoke.sh CONFIG
#   EARSHOTCTL=path/to/earshotctl (default: build/bin/earshotctl)
set -u

[ $# -eq 1 ] || { echo "usage: $0 CONFIG" >&2; exit 2; }
CONFIG=$1
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CTL=${EARSHOTCTL:-$ROOT/build/bin/earshotctl}
[ -x "$CTL" ] || { echo "smoke: $CTL is not built" >&2; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
S=$$  # suffix for names
passed=0
failed=0
OUT=""

fail() {
  failed=$((failed + 1))
  echo "FAIL: $*"
  sed 's/^/  | /' "$TMP/out" "$TMP/err"
}

# run EXPECTED_STATUS ARGS...: runs earshotctl; its stdout ends up in $OUT.
run() {
  expected=$1
  shift
  "$CTL" --config "$CONFIG" "$@" >"$TMP/out" 2>"$TMP/err"
  status=$?
  OUT=$(cat "$TMP/out")
  if [ "$status" != "$expected" ]; then
    fail "earshotctl $* exited $status, expected $expected"
    return
  fi
  if [ "$status" = 0 ]; then
    if [ -s "$TMP/err" ]; then
      fail "earshotctl $* succeeded but wrote on stderr"
      return
    fi
    case " $* " in
      *" --json "*)
        if command -v python3 >/dev/null &&
          ! python3 -m json.tool "$TMP/out" >/dev/null 2>&1; then
          fail "earshotctl $* printed invalid JSON"
          return
        fi ;;
    esac
  else
    if [ -s "$TMP/out" ] || [ "$(wc -l <"$TMP/err")" != 1 ] ||
      ! grep -q '^earshotctl: ' "$TMP/err"; then
      fail "earshotctl $* must print one 'earshotctl: ' line on stderr only"
      return
    fi
  fi
  passed=$((passed + 1))
}

# expect_out TEXT: the last stdout holds TEXT.
expect_out() {
  case "$OUT" in
    *"$1"*) passed=$((passed + 1)) ;;
    *) fail "expected output to hold '$1'" ;;
  esac
}
# expect_err TEXT: the last stderr holds TEXT.
expect_err() {
  if grep -qF -- "$1" "$TMP/err"; then
    passed=$((passed + 1))
  else
    fail "expected stderr to hold '$1'"
  fi
}
# refute_out TEXT: the last stdout does not hold TEXT.
refute_out() {
  case "$OUT" in
    *"$1"*) fail "output must not hold '$1'" ;;
    *) passed=$((passed + 1)) ;;
  esac
}

# SQL through the mariadb client, with the settings of CONFIG.
setting() {
  sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\(.*[^[:space:]]\)[[:space:]]*$/\1/p" \
    "$CONFIG" | tail -n 1
}
SQL_OK=0
if command -v mariadb >/dev/null; then
  # A client defaults file: no password on the command line, no quoting.
  {
    echo "[client]"
    echo "user=$(setting db_user)"
    [ -n "$(setting db_password)" ] && echo "password=$(setting db_password)"
    if [ -n "$(setting db_socket)" ]; then
      echo "socket=$(setting db_socket)"
    else
      echo "host=$(setting db_host)"
      [ -n "$(setting db_port)" ] && echo "port=$(setting db_port)"
      echo "protocol=tcp"
    fi
    echo "database=$(setting db_name)"
  } >"$TMP/client.cnf"
  if mariadb --defaults-file="$TMP/client.cnf" -e "SELECT 1" >/dev/null 2>&1; then
    SQL_OK=1
  fi
fi
# sql_run TEXT: runs TEXT; prints its output.
sql_run() {
  mariadb --defaults-file="$TMP/client.cnf" --batch --skip-column-names -e "$1"
}
[ "$SQL_OK" = 1 ] || echo "smoke: no mariadb client access: skipping macro, event and comment rows"

# --- Global behaviour --------------------------------------------------------
run 0 migrate
run 0 migrate
expect_out "up to date"
run 0 --json migrate
run 0 help
expect_out "earshotctl listener create"
run 0 listener --help
run 2
run 2 frobnicate
run 2 apikey
run 2 project list --bogus x
run 2 project list -x
run 2 --json=yes project list
run 2 project create
"$CTL" --config "$TMP/missing.conf" project list >/dev/null 2>&1
[ $? = 2 ] && passed=$((passed + 1)) || fail "a missing config file must exit 2"
printf 'db_socket = %s/no-such-socket\ndb_connect_timeout_s = 2\n' "$TMP" >"$TMP/down.conf"
"$CTL" --config "$TMP/down.conf" project list >/dev/null 2>"$TMP/err"
[ $? = 1 ] && passed=$((passed + 1)) || fail "an unreachable database must exit 1"

# --- API keys ---------------------------------------------------------------
run 0 apikey create "key-$S" --allow-ip 10.0.0.0/8 --allow-ip 2001:db8::/32
expect_out "esk_"
expect_out "shown only now"
KEY=$(echo "$OUT" | sed -n 's/^  \(esk_[A-Za-z0-9_-]*\)$/\1/p')
[ -n "$KEY" ] && passed=$((passed + 1)) || fail "apikey create printed no key"
run 2 apikey create "key-$S"
run 2 apikey create "bad name"
run 2 apikey create "other-$S" --allow-ip 10.0.0.300/8
run 0 --json apikey create "old-$S"
run 0 apikey list
refute_out "$KEY"
run 0 --json apikey list
refute_out "$KEY"
run 0 apikey revoke "old-$S"
run 0 apikey revoke "old-$S"
expect_out "already revoked"
run 2 apikey revoke "nope-$S"

# --- Projects, users, feedback ------------------------------------------------
run 0 project create "Project $S"
P=$OUT
run 2 project create "Project $S"
run 0 --json project create "Other $S"
run 0 project list
run 0 user create "admin-$S@example.com" --name Admin --role admin --project "$P"
U=$OUT
run 0 --json user create "member-$S@example.com"
run 2 user create "ADMIN-$S@example.com"
run 2 user create "not an email"
run 2 user create "x-$S@example.com" --role boss
run 2 user create "x-$S@example.com" --project 999999999
run 0 user show "admin-$S@example.com"
run 0 --json user show "$U"
run 2 user show "nobody-$S@example.com"
run 0 feedback create --project "$P" --author "member-$S@example.com" --title "Crash $S" --kind bug
F=$OUT
run 2 feedback create --project "$P" --title "no author"
run 2 feedback create --project "$P" --author "nobody-$S@example.com" --title T
run 0 feedback show "$F"
run 0 --json feedback show "$F"
run 2 feedback show 999999999
run 0 follow "$F" "admin-$S@example.com"
run 0 follow "$F" "admin-$S@example.com"
expect_out "already follows"
run 2 follow 999999999 "admin-$S@example.com"

# --- Data groups and fields --------------------------------------------------
run 0 group create "U$S" --target users
run 0 group create "F$S" --target feedback
run 2 group create "U$S" --target users
run 2 group create "G$S" --target things
run 2 group create "bad-name" --target users
run 0 field add "U$S" Sessions --param /sessions --type integer
run 0 field add "F$S" Key --param /issue/key --type string
run 2 field add "U$S" Sessions --param /x --type integer
run 2 field add "U$S" Other --param nopointer --type integer
run 2 field add "U$S" Other --param /x --type float
run 0 data get users "$U"
expect_out "Sessions"
run 0 --json data get feedback "$F"
run 0 data get projects "$P"
run 2 data get users 999999999

# --- Listeners -----------------------------------------------------------------
run 0 listener create "data-$S" --type data --target users --api-key "key-$S" \
  --group "U$S" --filter "data.U$S.Sessions > 3" --name "Usage"
expect_out "/listeners/data/data-$S"
run 0 --json listener create "comment-$S" --type comment --target feedback \
  --scope "project:$P" --api-key "key-$S" --identify "data:F$S.Key=/issue/key" \
  --comment-field /comment/body --author "admin-$S@example.com" \
  --signature github --secret "s3cret-long-enough-$S" --secret "older-long-enough-$S"
run 2 listener create "bad-$S" --type data --target users --api-key "key-$S" \
  --group "U$S" --filter 'score >'
expect_err "earshotctl: filter: column"
run 2 listener show "bad-$S"
run 2 listener create "bad-$S" --type data --target users --api-key "key-$S" \
  --group "U$S" --macro x
run 2 listener create "bad-$S" --type data --target users --api-key "old-$S" --group "U$S"
run 2 listener create "bad-$S" --type data --target feedback --api-key "key-$S" --group "F$S"
run 2 listener create "bad-$S" --type comment --target projects --api-key "key-$S"
run 2 listener create "data-$S" --type data --target users --api-key "key-$S" --group "U$S"
run 2 listener create "BAD" --type data --target users --api-key "key-$S" --group "U$S"
if [ "$SQL_OK" = 1 ]; then
  sql_run "INSERT INTO macros (name, target, actions) VALUES ('m$S', 'users', '[]')"
  run 0 listener create "macro-$S" --type macro --target users --api-key "key-$S" \
    --macro "m$S" --signature token --secret "token-long-enough-$S" --token-header X-Token
fi
run 0 listener list
run 0 --json listener list
refute_out "s3cret-long-enough-$S"
run 0 listener show "comment-$S"
expect_out "2 set"
refute_out "s3cret-long-enough-$S"
run 0 --json listener show "comment-$S"
refute_out "s3cret-long-enough-$S"
run 0 listener update "data-$S" --filter ""
run 0 listener update "comment-$S" --secret "new-long-enough-$S"
run 2 listener update "data-$S" --type macro
run 2 listener update "data-$S" --author x@example.com
run 2 listener update "nope-$S" --name x
run 0 listener disable "data-$S"
run 0 listener disable "data-$S"
run 0 listener enable "data-$S"
run 2 listener enable "nope-$S"

# --- Events and comments --------------------------------------------------------
run 0 events list
run 0 --json events list --listener "data-$S" --status 200 --since 2020-01-01 --limit 5
run 2 events list --limit 0
run 2 events list --since yesterday
run 2 events list --listener "nope-$S"
run 2 events show 999999999
run 2 events replay 999999999
if [ "$SQL_OK" = 1 ]; then
  BODY="{\"email\":\"admin-$S@example.com\",\"sessions\":4}"
  E=$(sql_run "INSERT INTO events (listener_id, received_at, http_status, \
    delivery_id, outcomes, headers, body, body_size) SELECT id, \
    UTC_TIMESTAMP(6), 200, 'd-$S', '[{\"id\":$U,\"outcome\":\"applied\"}]', \
    '{\"content-type\":\"application/json\"}', '$BODY', \
    $(printf '%s' "$BODY" | wc -c) \
    FROM listeners WHERE listener_key = 'data-$S'; SELECT LAST_INSERT_ID()")
  run 0 events show "$E"
  expect_out "1 applied"
  run 0 --json events show "$E"
  run 0 events list --listener "data-$S"
  expect_out "d-$S"
  HANDLERS=${EARSHOT_BIN:-$(dirname "$CTL")}
  if [ -x "$HANDLERS/data.fcgi" ]; then
    run 0 events replay "$E"
    expect_out "replayed as event"
    run 0 --json events replay "$E"
  else
    echo "smoke: no $HANDLERS/data.fcgi: skipping a successful replay"
  fi
  sql_run "INSERT INTO comments (user_id, author_id, body) VALUES ($U, $U, 'Hi $S'); \
    INSERT INTO comments (feedback_id, project_id, author_id, body) VALUES ($F, $P, $U, 'Me too')"
fi
run 0 comments list users "$U"
run 0 --json comments list feedback "$F"
run 2 comments list projects "$P"
run 2 comments list feedback 999999999

# --- Deleting a listener keeps its log -------------------------------------------
run 0 listener delete "data-$S"
run 2 listener delete "data-$S"
run 0 events list

echo "smoke: $passed passed, $failed failed"
[ "$failed" = 0 ]
