#!/bin/sh
# demo.sh: start a few deliberately broken SSH servers on 127.0.0.1 and open the sshdoc
# wizard on the one picked from a numbered menu; everything stops when the demo ends.
#
#   sh assets/demo/demo.sh           the menu (what `make demo` runs)
#   sh assets/demo/demo.sh --serve   start the servers, print "NAME PORT" lines, then
#                                    "ready" and the ssh_config path, and wait for a signal
#
# Environment: SSHDOC (the sshdoc binary, default ./sshdoc), HELPERS (the directory with
# the test helpers holdconn and listener, default build/tests: `make check-build`).
# The servers, their keys, configurations and logs live in a private directory under
# $TMPDIR (or /tmp), removed at the end. Nothing outside it is changed, except that sshd
# run as root needs its privilege separation directory /run/sshd (created if missing,
# as the openssh-server package does at boot). As an ordinary user sshd runs unprivileged
# on a high port with its own host keys.
set -u

SSHDOC=${SSHDOC:-./sshdoc}
HELPERS=${HELPERS:-build/tests}
MODE=menu
case ${1:-} in
"") ;;
--serve) MODE=serve ;;
-h | --help)
	sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
	exit 0
	;;
*)
	echo "usage: demo.sh [--serve]" >&2
	exit 2
	;;
esac

say() {
	printf '%s\n' "$*"
}

die() {
	printf 'demo: %s\n' "$*" >&2
	exit 1
}

# ---------------------------------------------------------------- what is needed

SSHD=$(command -v sshd 2>/dev/null || true)
[ -z "$SSHD" ] && [ -x /usr/sbin/sshd ] && SSHD=/usr/sbin/sshd
[ -n "$SSHD" ] || die "sshd is not installed (Debian: apt-get install openssh-server)"
command -v ssh-keygen >/dev/null 2>&1 || die "ssh-keygen is not installed (openssh-client)"
[ -x "$SSHDOC" ] || die "$SSHDOC is missing: run make first"
for _h in holdconn listener; do
	[ -x "$HELPERS/$_h" ] || die "$HELPERS/$_h is missing: run make check-build first"
done
case $SSHDOC in /*) ;; *) SSHDOC=$(pwd)/$SSHDOC ;; esac
case $HELPERS in /*) ;; *) HELPERS=$(pwd)/$HELPERS ;; esac

# ---------------------------------------------------------------- clean-up

DEMO=""
PIDS=""

cleanup() {
	trap '' INT TERM HUP
	for _p in $PIDS; do
		kill -TERM "$_p" 2>/dev/null
	done
	# give them a moment, then make sure
	_i=0
	while [ $_i -lt 30 ]; do
		_alive=""
		for _p in $PIDS; do
			kill -0 "$_p" 2>/dev/null && _alive=1
		done
		[ -z "$_alive" ] && break
		sleep 0.1
		_i=$((_i + 1))
	done
	for _p in $PIDS; do
		kill -KILL "$_p" 2>/dev/null
	done
	case $DEMO in
	*/sshdoc-demo.*) rm -rf "$DEMO" ;;
	esac
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

DEMO=$(mktemp -d "${TMPDIR:-/tmp}/sshdoc-demo.XXXXXX") || die "mktemp failed"
chmod 755 "$DEMO"	# sshd reads its files here

# ---------------------------------------------------------------- ports

# listening PORT: something on this machine listens on TCP PORT (IPv4 or IPv6).
listening() {
	_hex=$(printf '%04X' "$1")
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
		awk -v p=":$_hex" '$2 ~ p"$" && $4 == "0A" { f = 1 } END { exit !f }'
}

# in_use PORT: any socket of this machine has PORT as its local port.
in_use() {
	_hex=$(printf '%04X' "$1")
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v p=":$_hex" '$2 ~ p"$" { f = 1 } END { exit !f }'
}

# free_port: a port in 40000-48999 (under the usual ephemeral range) that nothing uses.
TAKEN=""
free_port() {
	_i=0
	while [ $_i -lt 200 ]; do
		_r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' \n')
		_port=$((40000 + _r % 9000))
		case " $TAKEN " in *" $_port "*) _i=$((_i + 1)); continue ;; esac
		if ! in_use "$_port"; then
			TAKEN="$TAKEN $_port"
			echo "$_port"
			return 0
		fi
		_i=$((_i + 1))
	done
	return 1
}

# wait_for SECONDS cmd...: every 0.1 s until cmd succeeds.
wait_for() {
	_n=$(($1 * 10))
	shift
	while [ "$_n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}

# ---------------------------------------------------------------- servers

ssh-keygen -q -t ed25519 -N '' -C sshdoc-demo -f "$DEMO/host_ed25519_key" >/dev/null ||
	die "ssh-keygen failed"
# the key a known_hosts entry remembers for the "changed host key" server
ssh-keygen -q -t ed25519 -N '' -C sshdoc-demo-old -f "$DEMO/old_host_key" >/dev/null ||
	die "ssh-keygen failed"
chmod 600 "$DEMO/host_ed25519_key" "$DEMO/old_host_key"
: >"$DEMO/authorized_keys"

if [ "$(id -u)" -eq 0 ] && [ ! -d /run/sshd ]; then
	say "(creating /run/sshd: sshd started as root needs it)"
	mkdir -p /run/sshd && chmod 0755 /run/sshd
fi

# start_sshd NAME PORT [config lines...]: a real sshd on 127.0.0.1:PORT.
start_sshd() {
	_name=$1 _port=$2
	shift 2
	_cfg=$DEMO/sshd_config.$_name
	{
		echo "Port $_port"
		echo "ListenAddress 127.0.0.1"
		echo "HostKey $DEMO/host_ed25519_key"
		echo "PidFile $DEMO/sshd.$_name.pid"
		echo "UsePAM no"
		echo "StrictModes no"
		echo "LogLevel VERBOSE"
		echo "PasswordAuthentication no"
		echo "KbdInteractiveAuthentication no"
		echo "AuthorizedKeysFile $DEMO/authorized_keys"
		for _l in "$@"; do
			printf '%s\n' "$_l"
		done
	} >"$_cfg"
	"$SSHD" -t -f "$_cfg" >"$DEMO/sshd.$_name.t" 2>&1 ||
		die "sshd rejects the $_name configuration: $(head -c 1000 "$DEMO/sshd.$_name.t")"
	"$SSHD" -f "$_cfg" -E "$DEMO/sshd.$_name.log" </dev/null >/dev/null 2>&1 ||
		die "sshd ($_name) did not start: $(head -c 1000 "$DEMO/sshd.$_name.log")"
	wait_for 10 test -s "$DEMO/sshd.$_name.pid" || die "sshd ($_name) wrote no pid file"
	PIDS="$(cat "$DEMO/sshd.$_name.pid") $PIDS"
	wait_for 10 listening "$_port" || die "sshd ($_name) does not listen on port $_port"
}

P_MAX=$(free_port) && P_KEX=$(free_port) && P_CLOSE=$(free_port) && P_KEY=$(free_port) ||
	die "no free ports in 40000-48999"

# 1. MaxStartups exhausted: one unauthenticated connection held open (no login grace
# time, so sshd keeps it) and every further one is dropped.
start_sshd maxstartups "$P_MAX" "MaxStartups 1:100:1" "LoginGraceTime 0"
"$HELPERS/holdconn" -b -s 86400 127.0.0.1 "$P_MAX" 1 </dev/null >"$DEMO/holdconn.log" 2>&1 &
PIDS="$! $PIDS"
wait_for 10 grep -qs '^ready' "$DEMO/holdconn.log" ||
	die "could not hold a connection to the MaxStartups server: $(head -c 500 "$DEMO/holdconn.log")"

# 2. Only a key exchange that today's clients no longer offer.
start_sshd legacy-kex "$P_KEX" "KexAlgorithms diffie-hellman-group14-sha1"

# 3. A server that accepts and closes before sending its banner.
"$HELPERS/listener" -a close -p "$P_CLOSE" -o "$DEMO/listener.port" </dev/null \
	>"$DEMO/listener.log" 2>&1 &
PIDS="$! $PIDS"
wait_for 10 test -s "$DEMO/listener.port" || die "the listener did not start"

# 4. A healthy sshd whose key is not the one known_hosts remembers.
start_sshd changed-key "$P_KEY"

# The client configuration the wizard runs with (-F): known_hosts in the demo directory,
# with the right key for servers 1 and 2 and an old key for server 4.
{
	for _p in "$P_MAX" "$P_KEX"; do
		printf '[127.0.0.1]:%s %s\n' "$_p" "$(cut -d' ' -f1,2 "$DEMO/host_ed25519_key.pub")"
	done
	printf '[127.0.0.1]:%s %s\n' "$P_KEY" "$(cut -d' ' -f1,2 "$DEMO/old_host_key.pub")"
} >"$DEMO/known_hosts"
{
	echo "# sshdoc demo: ssh and sshdoc read this with -F; nothing outside $DEMO is used"
	echo "Host *"
	echo "    UserKnownHostsFile $DEMO/known_hosts"
	echo "    GlobalKnownHostsFile /dev/null"
	echo "    StrictHostKeyChecking yes"
	echo "    IdentityFile $DEMO/no-identity"
	echo "    IdentitiesOnly yes"
} >"$DEMO/ssh_config"

# ---------------------------------------------------------------- serve or menu

if [ "$MODE" = serve ]; then
	say "maxstartups $P_MAX"
	say "legacy-kex $P_KEX"
	say "closed-before-banner $P_CLOSE"
	say "changed-host-key $P_KEY"
	say "config $DEMO/ssh_config"
	say "ready"
	# wait for a signal (the trap ends the script and stops the servers)
	while :; do
		sleep 3600 &
		_s=$!
		PIDS="$_s $PIDS"
		wait "$_s"
	done
fi

while :; do
	cat <<EOF

sshdoc demo: four SSH servers on 127.0.0.1, each broken in its own way.
Pick one; the wizard finds out why ssh fails there. Quit the wizard (q) to come back.

  1) port $P_MAX  sshd with MaxStartups 1:100:1 and one connection held open
  2) port $P_KEX  sshd that offers only diffie-hellman-group14-sha1 (legacy key exchange)
  3) port $P_CLOSE  a server that closes the connection before the SSH banner
  4) port $P_KEY  a healthy sshd whose host key is not the one in known_hosts
  q) quit (stops the servers and removes $DEMO)

To try by hand:  ssh -F $DEMO/ssh_config -p PORT 127.0.0.1
EOF
	printf 'Choose [1-4, q]: '
	IFS= read -r choice || break
	case $choice in
	1) port=$P_MAX ;;
	2) port=$P_KEX ;;
	3) port=$P_CLOSE ;;
	4) port=$P_KEY ;;
	q | Q | quit | exit) break ;;
	*) say "Type 1, 2, 3, 4 or q."; continue ;;
	esac
	"$SSHDOC" -F "$DEMO/ssh_config" -p "$port" 127.0.0.1
	say "(sshdoc exited with status $?)"
done
say "Stopping the demo servers."
exit 0
