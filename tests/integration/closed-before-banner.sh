#!/bin/sh
# closed-before-banner: the port accepts TCP, then the peer ends the connection before any
# byte: with a FIN (close), with a RST 200 ms after accepting (reset), and with a RST at
# once (the RST may then reach the client before its connect() returns, a race the
# report must survive). All three: closed-before-banner.
# covers: tcp-connect ssh-banner tr-banner
. "$(dirname "$0")/../lib.sh"

for variant in "close -d 0" "reset -d 200" "reset -d 0"; do
	set -- $variant
	start_listener "$@"
	run_sshdoc --json --timeout 2 -p "$LISTENER_PORT" 127.0.0.1
	assert_report_basics 127.0.0.1 "$LISTENER_PORT"
	assert_rc 1 "exit status ($variant)"
	assert_verdict problem
	assert_first_cause closed-before-banner
	if [ "$variant" != "reset -d 0" ]; then
		assert_check tcp-connect pass
		assert_outcome tcp-connect accepted
		assert_check ssh-banner fail
		assert_outcome ssh-banner closed
	fi
	assert_ms_below 3000
	log "$variant: $(json '[.causes[] | "\(.id)/\(.confidence)"] | join(" ")')"
	stop_listener
done
