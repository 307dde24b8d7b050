#!/bin/sh
# no-fix-in-c: no .c file under checks/ carries a fix command (chmod, chown, ssh-keygen -R,
# systemctl restart, fail2ban-client set, sudo, ...) in a string of check_set, check_evidence
# or check_fact: checks state facts, the advice lives in content/articles/*.txt.
# covers: (no check: the source of every check, read as text)
. "$(dirname "$0")/../lib.sh"

# What a fix command looks like inside a check's message.
FIX_RE='(^|[^a-z-])(chmod|chown|restorecon|usermod|visudo) |ssh-keygen -R|systemctl (restart|reload|start|enable)|rc-service |service [a-z]+ restart|fail2ban-client (set|unban)|semanage (port|fcontext) -[am]|sysctl -w|iptables -|nft add|ip link set|firewall-cmd --|ufw (allow|deny)|sudo |(^|[^a-z])fix:'

# scan FILE...: print "FILE:LINE: text" for each message call whose strings hold a fix command.
# A call runs from check_set(/check_evidence(/check_fact( to the line that ends it with ");".
scan() {
	awk -v re="$FIX_RE" '
	FNR == 1 { incall = 0 }
	/check_(set|evidence|fact)\(/ && !/^[a-z].*\(/ { incall = 1; start = FNR; text = "" }
	incall {
		line = $0
		# only what stands between double quotes (escaped quotes kept inside)
		while (match(line, /"([^"\\]|\\.)*"/)) {
			text = text substr(line, RSTART + 1, RLENGTH - 2)
			line = substr(line, RSTART + RLENGTH)
		}
		if ($0 ~ /\);[ \t]*$/) {
			incall = 0
			if (text ~ re)
				printf "%s:%d: %s\n", FILENAME, start, text
		}
	}' "$@"
}

# The scanner finds what it must: a sample of the old style, and nothing in a clean one.
cat >"$TESTDIR/bad.c" <<'C'
static void
f(struct check_result *res, const char *path)
{
	check_evidence(res, "%s: mode 0644 (fix: chmod 600 %s)", path,
	    path);
	check_evidence(res, "unban: fail2ban-client set %s unbanip %s", "sshd", "192.0.2.7");
	check_set(res, CHECK_FAIL, "x", "then run "
	    "sudo systemctl restart ssh");
}
C
cat >"$TESTDIR/good.c" <<'C'
static void
f(struct check_result *res, const char *path)
{
	const char *argv[] = { "chmod", "600", NULL };	/* not a message */
	check_evidence(res, "%s: mode 0644", path);
	check_fact(res, "key_file", "%s", path);
	check_evidence(res, "systemctl is not installed: looked at processes only");
}
C
[ "$(scan "$TESTDIR/bad.c" | wc -l)" -eq 3 ] || fail "the scanner misses fix commands in bad.c: $(scan "$TESTDIR/bad.c")"
[ -z "$(scan "$TESTDIR/good.c")" ] || fail "the scanner flags a clean file: $(scan "$TESTDIR/good.c")"

found=$(scan $(find "$SRCDIR/checks" -name '*.c' | sort))
[ -z "$found" ] || fail "fix commands in checks/ (move them to an article, record facts instead):
$found"
