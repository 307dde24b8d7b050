# https.sh: sourced by integration tests after lib.sh: a test certificate authority made
# for the test, and HTTPS servers on loopback (socat + tests/helpers/https-handler.sh).
# Nothing here reaches beyond this machine.

# make_test_ca: $TESTDIR/ca.pem (a CA made now) and server.pem/server.key signed by it for
# localhost, 127.0.0.1 and ::1. Exports CURL_CA_BUNDLE=$TESTDIR/ca.pem, which sshdoc reads
# (as the curl tool does) to find the CA; verification is never turned off.
make_test_ca() {
	need_cmd openssl socat
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=sshdoc test CA" \
		-keyout "$TESTDIR/ca.key" -out "$TESTDIR/ca.pem" \
		-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
		>"$TESTDIR/ca.log" 2>&1 || fail "openssl: cannot make the test CA: $(tail -n 3 "$TESTDIR/ca.log")"
	openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
		-keyout "$TESTDIR/server.key" -out "$TESTDIR/server.csr" \
		>>"$TESTDIR/ca.log" 2>&1 || fail "openssl: cannot make the server key"
	printf 'subjectAltName=DNS:localhost,DNS:dual.test,IP:127.0.0.1,IP:::1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
		>"$TESTDIR/server.ext"
	openssl x509 -req -in "$TESTDIR/server.csr" -CA "$TESTDIR/ca.pem" -CAkey "$TESTDIR/ca.key" \
		-CAcreateserial -days 2 -extfile "$TESTDIR/server.ext" -out "$TESTDIR/server.pem" \
		>>"$TESTDIR/ca.log" 2>&1 || fail "openssl: cannot sign the server certificate"
	CURL_CA_BUNDLE=$TESTDIR/ca.pem
	export CURL_CA_BUNDLE
}

_https_listening() {
	# shellcheck disable=SC2086
	${HTTPS_WRAP:-} ss -Htln 2>/dev/null | awk -v w="$1" '$4 == w { f = 1 } END { exit !f }'
}

# start_https DIR [ADDR [PORT]]: an HTTPS server on ADDR (default 127.0.0.1; "::1" for
# IPv6) serving DIR (see https-handler.sh). Sets HTTPS_PORT, HTTPS_PID. With [WRAP] in
# HTTPS_WRAP (e.g. "ip netns exec NS") the server runs there.
start_https() {
	_dir=$1
	_addr=${2:-127.0.0.1}
	if [ -n "${3:-}" ]; then
		HTTPS_PORT=$3
	else
		HTTPS_PORT=$(free_port) || fail "no free port for the HTTPS server"
	fi
	case $_addr in
	*:*) _listen="OPENSSL-LISTEN:$HTTPS_PORT,pf=ip6,bind=[$_addr]" ;;
	*) _listen="OPENSSL-LISTEN:$HTTPS_PORT,pf=ip4,bind=$_addr" ;;
	esac
	_LIB_NHTTPS=$((${_LIB_NHTTPS:-0} + 1))
	# shellcheck disable=SC2086
	${HTTPS_WRAP:-} socat -d "$_listen,reuseaddr,fork,cert=$TESTDIR/server.pem,key=$TESTDIR/server.key,verify=0" \
		"EXEC:sh $SRCDIR/tests/helpers/https-handler.sh $_dir" \
		</dev/null >"$TESTDIR/https.$_LIB_NHTTPS.log" 2>&1 &
	HTTPS_PID=$!
	track_pid "$HTTPS_PID"
	case $_addr in
	*:*) _want="[$_addr]:$HTTPS_PORT" ;;
	*) _want="$_addr:$HTTPS_PORT" ;;
	esac
	# the exact address: another server may already hold the port on another one
	wait_until 10 _https_listening "$_want" ||
		fail "HTTPS server did not start: $(head -c 2000 "$TESTDIR/https.$_LIB_NHTTPS.log")"
	log "HTTPS server pid $HTTPS_PID on $_addr port $HTTPS_PORT serving $_dir"
}
