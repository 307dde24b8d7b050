#!/bin/sh
# deps.sh: make sure the Debian packages that building and testing sshdoc need are
# installed. Prints nothing and exits 0 when they all are. As root, installs what is
# missing; otherwise prints the command to run and exits 1.
# Tests never rely on a system sshd (they start their own on high ports), so the
# openssh-server package's own service does not matter here.
set -u

PKGS="build-essential pkg-config libncurses-dev libssh-dev libcurl4-openssl-dev
libcmocka-dev libjansson-dev openssh-server openssh-client dropbear-bin tmux valgrind clang
libclang-rt-14-dev iproute2 iptables nftables jq procps util-linux libssl-dev openssl socat
ssh-audit fail2ban time systemd-container debootstrap
debhelper dpkg-dev fakeroot lintian rpm git ansible-core"

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps.sh: dpkg-query not found: this script knows Debian (12) only;" >&2
	echo "deps.sh: install the equivalents of: $(printf "%s " $PKGS)" >&2
	exit 1
fi

missing=
for p in $PKGS; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) || st=
	[ "$st" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
missing=${missing# }

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing packages: $missing" >&2
	echo "deps.sh: run: sudo apt-get install -y --no-install-recommends $missing" >&2
	exit 1
fi

echo "deps.sh: installing: $missing"
# policy-rc.d 101 keeps the packages' services (sshd, ...) from being started by the
# install; the tests start their own daemons. Only if none exists already.
prc=/usr/sbin/policy-rc.d
made_prc=0
if [ ! -e "$prc" ]; then
	printf '#!/bin/sh\nexit 101\n' > "$prc" && chmod 755 "$prc" && made_prc=1
fi
rc=0
apt-get update || rc=$?
if [ "$rc" -eq 0 ]; then
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing || rc=$?
fi
[ "$made_prc" -eq 1 ] && rm -f "$prc"
if [ "$rc" -ne 0 ]; then
	echo "deps.sh: apt-get failed (exit $rc)" >&2
	exit 1
fi
exit 0
