#!/bin/sh
# server-deprecated: a deprecated option is a warning (deprecated-option, possible), never
# sshd-config-invalid.
# covers: sshd-config
. "$(dirname "$0")/../lib.sh"

start_sshd
OLD=$TESTDIR/sshd_config.old
cp "$SSHD_CONFIG" "$OLD"
echo "UsePrivilegeSeparation sandbox" >>"$OLD"
LINE=$(wc -l <"$OLD" | tr -d ' ')

run_sshdoc --server --json --timeout 3 --port "$SSHD_PORT" --sshd-config "$OLD"
assert_contract
assert_rc 1
assert_cause deprecated-option possible
assert_json 'all(.causes[]; .id != "sshd-config-invalid")' "a deprecated option must not make the configuration invalid"
assert_check sshd-config warn
assert_outcome sshd-config deprecated
assert_evidence sshd-config "$OLD: line $LINE: Deprecated option UsePrivilegeSeparation"
