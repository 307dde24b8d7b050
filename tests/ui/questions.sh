#!/bin/sh
# questions: the tree's questions are asked when the checks have named two causes of the
# same top confidence that an answer separates; they can be skipped, and an answer
# re-orders causes of equal confidence on the diagnosis ("You said: ..."). A copy
# of the content names two confirmed causes for a refused connection (port-closed first,
# then firewall-reject); "only from this machine" boosts firewall-reject. Answers carry
# into a re-run; --answer on the command line answers ahead (nothing is asked then).
# covers: tcp-connect tr-connect firewall
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

C=$TESTDIR/content
mkdir -p "$C"
cp "$SRCDIR/content/tree.txt" "$SRCDIR/content/causes.tsv" "$C/" || fail "copy content"
cp -R "$SRCDIR/content/articles" "$C/" || fail "copy articles"
# (without the look-alikes of a refusal, which would add fail2ban-banned as a third cause)
sed -e 's/^\( *\)on tcp-connect refused cause port-closed confirmed$/&\
\1on tcp-connect refused cause firewall-reject confirmed/' \
	-e '/^alternatives port-closed$/,/^$/d' "$SRCDIR/content/tree.txt" >"$C/tree.txt"
grep -q 'on tcp-connect refused cause firewall-reject confirmed' "$C/tree.txt" ||
	fail "could not add the second cause to the copied tree"

port=$(free_port) || fail "no free port"
UI_MASK_PORT=$port

ui_start -- --content "$C" --timeout 2 -l tester -p "$port" 127.0.0.1
ui_wait 'Question 1 of 2'
ui_wait 'Does the connection fail from every client'
ui_wait 'Checks done: the first causes are equally likely' 15
ui_golden questions

# 3 answers at once; s skips the second question: the diagnosis follows.
ui_keys 3
ui_wait 'Question 2 of 2'
ui_wait 'Did something change shortly before'
ui_keys s
ui_wait '2 causes found, most probable first'
ui_wait '1\. Nothing accepts connections on that address and port'
ui_wait '2\. A firewall rule on the server rejects'
ui_wait 'You said: I have not tried another client\.'

# a: the questions again, from the first, with the earlier answer marked.
ui_keys a
ui_wait 'Question 1 of 2'
ui_wait 'I have not tried another client +\(your answer\)'
# the pointer starts on the earlier answer (3); Up, Enter picks 2
ui_keys Up Enter
ui_wait 'Question 2 of 2'
ui_keys Escape
# Re-ranked at once: the cause the answer points at comes first.
ui_wait '1\. A firewall rule on the server rejects'
ui_wait '2\. Nothing accepts connections on that address and port'
ui_wait 'You said: Only from this machine or this network\.'
ui_golden diagnosis-answered

# A re-run keeps the answers (and does not ask again).
ui_keys r
ui_wait 'What changed since the previous run' 15
ui_wait '1\. A firewall rule on the server rejects'
ui_keys G
ui_wait 'You said: Only from this machine or this network\.'
ui_keys q
ui_exited
[ "$UI_RC" = 1 ] || fail "exit status $UI_RC, expected 1"
ui_restored

# --answer answers ahead: no question screen, the order follows the answer.
ui_start -- --content "$C" --timeout 2 -l tester -p "$port" \
	--answer scope=only-here --answer changed=nothing 127.0.0.1
ui_wait '2 causes found' 15
ui_wait '1\. A firewall rule on the server rejects'
ui_wait 'You said: Only from this machine or this network\.'
ui_wait 'You said: Nothing that I know of\.'
tm capture-pane -p -S -100 | grep -q 'Question 1 of' && fail "asked a question answered with --answer"
ui_keys q
ui_exited
ui_restored
