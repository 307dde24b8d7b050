#!/bin/sh
# https-handler.sh DIR: one HTTP/1.1 exchange on stdin/stdout, run by socat for each
# TLS connection of start_https (tests/helpers/https.sh). Test fixture only.
#
#   GET/HEAD /echo          the client's address as socat saw it (SOCAT_PEERADDR), plain
#   GET/HEAD /NAME          DIR/NAME; DIR/NAME.status holds another status ("500"),
#                           DIR/NAME.nolen serves it without Content-Length (close-delimited),
#                           DIR/NAME.short announces 1000 bytes more than it sends,
#                           DIR/NAME.slow holds seconds to wait before the body
#   POST /NAME              the body is saved as DIR/posted.N (N counts up), and the
#                           answer is DIR/post-answer (or "received N bytes"), with the
#                           status in DIR/NAME.status if there is one
#   anything else           404
set -u
dir=$1

crlf=$(printf '\r')
IFS=' ' read -r method path proto || exit 0
path=${path%"$crlf"}
len=0
while IFS= read -r line; do
	line=${line%"$crlf"}
	[ -z "$line" ] && break
	case $line in
	[Cc]ontent-[Ll]ength:*) len=$(printf '%s' "${line#*:}" | tr -dc 0-9) ;;
	esac
done
printf '%s %s\n' "$method" "$path" >>"$dir/requests.log"

reply() {	# STATUS BODYFILE [nolen|short]
	_n=$(wc -c <"$2")
	_reason=OK
	[ "$1" = 200 ] || _reason=Status
	printf 'HTTP/1.1 %s %s\r\nContent-Type: text/plain\r\nConnection: close\r\n' "$1" "$_reason"
	case ${3:-} in
	nolen) ;;
	short) printf 'Content-Length: %s\r\n' $((_n + 1000)) ;;
	*) printf 'Content-Length: %s\r\n' "$_n" ;;
	esac
	printf '\r\n'
	# DIR/NAME.slow: wait that many seconds before the body (progress lines)
	[ -n "${slow:-}" ] && sleep "$slow"
	[ "$method" = HEAD ] || cat "$2"
}

tmp=$(mktemp) || exit 1
trap 'rm -f "$tmp"' EXIT

case $method in
POST)
	n=1
	while [ -e "$dir/posted.$n" ]; do n=$((n + 1)); done
	head -c "$len" >"$dir/posted.$n.tmp"
	mv "$dir/posted.$n.tmp" "$dir/posted.$n"
	if [ -f "$dir/post-answer" ]; then
		cp "$dir/post-answer" "$tmp"
	else
		printf 'received %s bytes\n' "$(wc -c <"$dir/posted.$n")" >"$tmp"
	fi
	name=${path#/}
	st=200
	case $name in
	*/* | .* | "") ;;
	*) [ -f "$dir/$name.status" ] && st=$(cat "$dir/$name.status") ;;
	esac
	reply "$st" "$tmp"
	exit 0
	;;
GET | HEAD) ;;
*)
	printf 'bad method\n' >"$tmp"
	reply 405 "$tmp"
	exit 0
	;;
esac

name=${path#/}
name=${name%%\?*}
case $name in
echo)
	addr=${SOCAT_PEERADDR:-unknown}
	addr=${addr#\[}
	printf '%s\n' "${addr%\]}" >"$tmp"
	reply 200 "$tmp"
	;;
*/* | .* | "")
	printf 'not found\n' >"$tmp"
	reply 404 "$tmp"
	;;
*)
	if [ -f "$dir/$name" ]; then
		st=200
		[ -f "$dir/$name.status" ] && st=$(cat "$dir/$name.status")
		mode=
		[ -f "$dir/$name.nolen" ] && mode=nolen
		[ -f "$dir/$name.short" ] && mode=short
		[ -f "$dir/$name.slow" ] && slow=$(cat "$dir/$name.slow")
		reply "$st" "$dir/$name" $mode
	else
		printf 'not found\n' >"$tmp"
		reply 404 "$tmp"
	fi
	;;
esac
exit 0
