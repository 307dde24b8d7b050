# systemd.sh: sourced after tests/lib.sh by the tests that need a real systemd (POSIX sh).
# It builds a Debian 12 tree once per machine (cached under SD_CACHE, keyed by a hash of
# its package list, behind a lock so parallel tests and flavours share one build), boots
# a fresh throwaway copy of it with systemd-nspawn (--volatile=overlay), gives its veth
# pair a /30 of our own, runs commands and sshdoc as root inside through nsenter (there
# is no machined on these machines), and powers it off when the test ends.
# Facts behind it: /work/shared/notes/systemd-nspawn.md.
#
# Environment: SD_CACHE (default /var/cache/sshdoc-test), SD_MIRROR (default: the host's
# apt sources).
#
# After sd_boot: SD_NAME (machine), SD_PID (its PID 1 seen from the host), SD_HOST_IP
# (host end of the veth), SD_IP (the container's host0), SD_BOOTLOG.

SD_CACHE=${SD_CACHE:-/var/cache/sshdoc-test}
SD_SUITE=bookworm
# The runtime libraries of sshdoc (ldd build/sshdoc) beside what the tests use inside.
SD_PKGS="openssh-server systemd-sysv dbus iproute2 procps libssh-4 libcurl4 libncursesw6
libtinfo6 libjansson4 libssl3"
SD_NETDIR=${TMPDIR:-/tmp}/sshdoc-test-nets
SD_PID=""
SD_NSPAWN=""
SD_NET=""

# sd_need: skip unless this is root with systemd-nspawn, debootstrap and nsenter, and
# the binary under test is the plain build (an ASan binary needs its runtime inside).
sd_need() {
	need_root "a real systemd (systemd-nspawn)"
	need_cmd systemd-nspawn debootstrap nsenter setsid flock ip ssh
	case $SSHDOC in
	*asan*) skip "systemd tests run the plain build only (no sanitizer runtime in the tree)" ;;
	esac
	[ -d /sys/fs/cgroup ] || skip "no cgroup file system for systemd-nspawn"
}

# sd_mirror: the Debian mirror of the host's apt sources (deb822 or one-line format).
sd_mirror() {
	if [ -n "${SD_MIRROR:-}" ]; then
		echo "$SD_MIRROR"
		return 0
	fi
	for _f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$_f" ] || continue
		_m=$(awk -v suite="$SD_SUITE" '
			/^[ \t]*$/ { if (uri != "" && ok) { print uri; exit } uri = ""; ok = 0; next }
			/^URIs:/ { uri = $2 }
			/^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) ok = 1 }
			END { if (uri != "" && ok) print uri }' "$_f" | head -n 1)
		[ -n "$_m" ] && { echo "$_m"; return 0; }
	done
	for _f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$_f" ] || continue
		_m=$(awk -v suite="$SD_SUITE" '$1 == "deb" {
			for (i = 2; i <= NF; i++) if ($i !~ /^\[/) break
			if ($(i + 1) == suite) { print $i; exit } }' "$_f")
		[ -n "$_m" ] && { echo "$_m"; return 0; }
	done
	return 1
}

# sd_tree: print the cached tree's path, building it first if needed (once per machine:
# every caller waits on the same lock; the build goes to a temporary directory that is
# renamed only when complete, so a killed build never leaves a half tree behind).
sd_tree() {
	_key=$(printf '%s %s\n' "$SD_SUITE" "$SD_PKGS" | tr -s ' \n' '  ' | sha256sum | cut -c1-16)
	_dir=$SD_CACHE/debian12-$_key
	if [ -f "$_dir/ok" ]; then
		echo "$_dir/root"
		return 0
	fi
	mkdir -p "$SD_CACHE" || return 1
	# a build that failed lately (offline machine): do not try again in every test
	if [ -n "$(find "$SD_CACHE" -maxdepth 1 -name "debian12-$_key.failed" -mmin -30 2>/dev/null)" ]; then
		echo "sd_tree: the build failed less than 30 min ago: $(tail -n 1 "$_dir.failed")" >&2
		return 1
	fi
	# within tests/run.sh's 300 s a test: the lock wait and the build are bounded below it
	(
		flock -w 270 9 || { echo "sd_tree: lock $SD_CACHE/lock not free in 270 s" >&2; exit 1; }
		[ -f "$_dir/ok" ] && exit 0
		[ -f "$_dir.failed" ] && [ -n "$(find "$_dir.failed" -mmin -30)" ] && exit 1
		_mirror=$(sd_mirror) || { echo "sd_tree: no $SD_SUITE mirror in the apt sources" >&2; exit 1; }
		rm -rf "$_dir.tmp"
		mkdir -p "$_dir.tmp" || exit 1
		_t0=$(now_ms)
		_inc=$(echo $SD_PKGS | tr ' ' ,)
		if ! timeout 240 debootstrap --variant=minbase --include="$_inc" "$SD_SUITE" \
			"$_dir.tmp/root" "$_mirror" >"$_dir.tmp/debootstrap.log" 2>&1; then
			echo "sd_tree: debootstrap failed:" >&2
			tail -n 20 "$_dir.tmp/debootstrap.log" >&2
			tail -n 1 "$_dir.tmp/debootstrap.log" >"$_dir.failed"
			rm -rf "$_dir.tmp"
			exit 1
		fi
		# the tree's own sshd keeps its host keys; the tests change the rest per boot
		echo "$SD_PKGS" >"$_dir.tmp/packages"
		echo "built in $(($(now_ms) - _t0)) ms from $_mirror" >"$_dir.tmp/ok"
		rm -rf "$_dir" "$_dir.failed"
		mv "$_dir.tmp" "$_dir"
		echo "sd_tree: built $_dir: $(cat "$_dir/ok")" >&2
	) 9>"$SD_CACHE/lock" || return 1
	echo "$_dir/root"
}

# sd_net_claim: a /30 of 10.213.0.0/16 that no other running test holds (claims are
# directories named after the /30, holding the owner's pid; dead owners' are taken over).
sd_net_claim() {
	mkdir -p "$SD_NETDIR" 2>/dev/null
	_i=0
	while [ $_i -lt 256 ]; do
		_n=$(( ($$ + _i) % 256 ))
		if mkdir "$SD_NETDIR/$_n" 2>/dev/null; then
			echo $$ >"$SD_NETDIR/$_n/pid"
			SD_NET=$_n
			return 0
		fi
		_o=$(cat "$SD_NETDIR/$_n/pid" 2>/dev/null)
		if [ -n "$_o" ] && ! kill -0 "$_o" 2>/dev/null; then
			echo $$ >"$SD_NETDIR/$_n/pid"
			SD_NET=$_n
			return 0
		fi
		_i=$((_i + 1))
	done
	return 1
}

# sd_exec CMD...: run CMD as root inside the container, in all its namespaces, with a
# clean environment.
sd_exec() {
	nsenter -t "$SD_PID" -m -u -i -n -p -C -r -w -- /usr/bin/env -i \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LANG=C.UTF-8 TERM=dumb "$@"
}

# sd_poll DEADLINE_S CMD...: run CMD inside until it succeeds, for at most DEADLINE_S s.
sd_poll() {
	_sp_s=$1
	shift
	wait_until "$_sp_s" sd_exec "$@"
}

# sd_unit_is UNIT STATE: systemctl is-active UNIT prints STATE.
sd_unit_is() {
	[ "$(sd_exec systemctl is-active "$1" 2>/dev/null)" = "$2" ]
}

# sd_boot: boot a fresh copy of the tree (its changes live in memory and vanish at
# poweroff), wait until systemd says running, give the veth pair its addresses.
sd_boot() {
	# no tree (offline, no mirror): this machine cannot run these tests
	_root=$(sd_tree 2>"$TESTDIR/tree.err") ||
		skip "no Debian 12 tree for systemd-nspawn: $(tail -n 1 "$TESTDIR/tree.err")"
	sd_net_claim || fail "no free /30 for the container's veth"
	SD_NAME=sdt$$
	SD_HOST_IP=10.213.$SD_NET.1
	SD_IP=10.213.$SD_NET.2
	SD_BOOTLOG=$TESTDIR/nspawn.console	# not *.log: fail() would print the whole boot
	_t0=$(now_ms)
	# setsid: the container gets its own session, so a test's terminal never reaches it
	setsid timeout -k 5 "${SD_BOOT_TIMEOUT:-240}" systemd-nspawn -q -D "$_root" -M "$SD_NAME" \
		--register=no --keep-unit --volatile=overlay --network-veth --resolv-conf=off \
		--timezone=off --bind-ro="$SSHDOC":/usr/local/bin/sshdoc -b \
		--console=read-only </dev/null >"$SD_BOOTLOG" 2>&1 &
	SD_NSPAWN=$!
	on_exit "sd_stop"
	# PID 1 of the container: the child of systemd-nspawn (under timeout, under setsid)
	_end=$(($(now_ms) + 20000))
	while [ -z "$SD_PID" ]; do
		_np=$(sd_child "$SD_NSPAWN" systemd-nspawn)
		[ -n "$_np" ] && SD_PID=$(sd_child "$_np" systemd)
		[ -n "$SD_PID" ] && break
		# it never started a PID 1: nspawn does not work on this machine
		kill -0 "$SD_NSPAWN" 2>/dev/null ||
			skip "systemd-nspawn does not work here: $(grep -v '^ *$' "$SD_BOOTLOG" | tail -n 1)"
		[ "$(now_ms)" -ge "$_end" ] && fail "no container PID 1 within 20 s"
		sleep 0.05
	done
	wait_until 60 sd_running || fail "the container's systemd is not running within 60 s: $(sd_exec systemctl is-system-running 2>&1)"
	ip addr add "$SD_HOST_IP/30" dev "ve-$SD_NAME" && ip link set "ve-$SD_NAME" up ||
		fail "cannot set up ve-$SD_NAME"
	sd_exec ip addr add "$SD_IP/30" dev host0 && sd_exec ip link set host0 up ||
		fail "cannot set up host0 in the container"
	# every test starts from the distribution's own ssh.service, up
	sd_poll 10 systemctl is-active ssh || fail "ssh.service is not active after boot"
	log "container $SD_NAME (pid 1 = $SD_PID on the host) running in $(($(now_ms) - _t0)) ms, $SD_IP"
}

# sd_ssh [ssh options...]: the host's real ssh client to the container, never asking,
# never trusting or recording its host key; the last word is the remote command "true".
sd_ssh() {
	ssh -o BatchMode=yes -o ConnectTimeout=5 -o StrictHostKeyChecking=no \
		-o UserKnownHostsFile=/dev/null "$@" "nobody@$SD_IP" true
}

# sd_child PID COMM: the child of PID named COMM.
sd_child() {
	ps -eo pid=,ppid=,comm= | awk -v p="$1" -v c="$2" '$2 == p && $3 == c { print $1; exit }'
}

sd_running() {
	case $(sd_exec systemctl is-system-running 2>/dev/null) in
	running | degraded) return 0 ;;
	esac
	return 1
}

# sd_stop: poweroff inside, wait for systemd-nspawn to end (then kill it), free the /30.
sd_stop() {
	[ -n "$SD_NSPAWN" ] || return 0
	[ -n "$SD_PID" ] && sd_exec systemctl poweroff >/dev/null 2>&1
	_end=$(($(now_ms) + 10000))
	while kill -0 "$SD_NSPAWN" 2>/dev/null && [ "$(now_ms)" -lt "$_end" ]; do
		sleep 0.05
	done
	stop_pid "$SD_NSPAWN"
	SD_NSPAWN=""
	SD_PID=""
	[ -n "$SD_NET" ] && rm -rf "${SD_NETDIR:?}/$SD_NET"
	SD_NET=""
}

# sd_sshdoc ARGS...: run_sshdoc with the binary inside the container, as root there.
sd_sshdoc() {
	cat >"$TESTDIR/enter" <<EOT
#!/bin/sh
shift
exec nsenter -t $SD_PID -m -u -i -n -p -C -r -w -- /usr/bin/env -i \\
	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \\
	LANG=C.UTF-8 TERM=dumb /usr/local/bin/sshdoc "\$@"
EOT
	SSHDOC_WRAP="sh $TESTDIR/enter"
	run_sshdoc "$@"
	SSHDOC_WRAP=""
}

# sd_journal UNIT: the unit's journal lines inside (as evidence for the log).
sd_journal() {
	sd_exec journalctl -u "$1" --no-pager -o short-precise 2>&1 | tail -n 30
}
