#!/bin/sh
# not-ssh-tls: a TLS server on the port: binary records, no text line. Once a TLS alert
# (15 03 03 00 02 02 46: fatal, protocol_version) then close, once the start of a
# ServerHello handshake record then silence: not-ssh-service.
# covers: ssh-banner ssh-kexinit tr-banner
. "$(dirname "$0")/../lib.sh"

printf '\025\003\003\000\002\002\106' >"$TESTDIR/tls-alert.bin"
# handshake record (16 03 03 len 0x004a), ServerHello (02, len 0x000046), version 03 03,
# 32 bytes of random, session id length 0x20 and 32 bytes, cipher 13 01, compression 00
{
	printf '\026\003\003\000\112\002\000\000\106\003\003'
	printf 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'
	printf '\040'
	printf 'abcdefghijklmnopqrstuvwxyz678901'
	printf '\023\001\000'
} >"$TESTDIR/tls-hello.bin"

for variant in "tls-alert.bin close" "tls-hello.bin hold"; do
	set -- $variant
	start_listener "$2" -s "$TESTDIR/$1"
	run_sshdoc --json --timeout 2 -p "$LISTENER_PORT" 127.0.0.1
	assert_report_basics 127.0.0.1 "$LISTENER_PORT"
	assert_rc 1 "exit status ($1)"
	assert_verdict problem
	assert_first_cause not-ssh-service
	assert_check ssh-banner fail
	assert_outcome ssh-banner not-ssh
	assert_evidence ssh-banner TLS
	assert_ms_below 4000
	stop_listener
done
