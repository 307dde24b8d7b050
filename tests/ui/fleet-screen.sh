#!/bin/sh
# fleet-screen: the Target form's Or field takes a hosts file (and refuses a host typed
# beside it, or an option look-alike): the Many hosts screen groups the three closed
# targets under port-closed with the first host's fix; Enter opens that host's diagnosis
# as for one host, Esc comes back to the table; an Ansible inventory in the same field
# is read through ansible-inventory.
# covers: (no check: the wizard and its screens)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"

port=$(free_port) || fail "no free port"
port_listening "$port" && fail "port $port is in use"
UI_MASK_PORT=$port
UI_MASK_DIR=$TESTDIR
printf '# three closed ports\n127.0.0.1:%s\n127.0.0.2:%s\n\n127.0.0.3:%s\n' "$port" "$port" "$port" \
	>"$TESTDIR/hosts"

ui_start -- --timeout 2
ui_wait 'What happened'
ui_keys Enter
ui_wait 'Which server does ssh fail to reach\?'
# a host and a list at once: one of them
ui_type 'server.example'
ui_keys Tab Tab Tab
ui_type "$TESTDIR/hosts"
ui_keys Enter
ui_wait 'Either one host or a list: empty one of them'
ui_keys Tab Tab
ui_keys C-u
ui_keys Tab Tab Tab C-u
ui_type '-hosts'
ui_keys Enter
ui_wait "The list may not begin with '-'"
ui_keys C-u
ui_type "$TESTDIR/hosts"
ui_keys Enter
ui_wait 'Many hosts: .* \(one host a line\)'
ui_wait '3 of 3 hosts in .*: 0 ok, 3 with a problem, 0 undecided' 20
ui_wait '▸ port-closed +3  127\.0\.0\.1:'
ui_golden fleet-closed

# Enter: the first host's diagnosis, as for one host; Esc twice: back to the table
ui_keys Enter
ui_wait 'Nothing accepts connections on that address and port' 20
ui_wait 'confirmed'
ui_keys Escape
ui_wait 'Finished'
ui_keys Escape
ui_wait '▸ port-closed +3'
ui_keys Escape
ui_wait 'Which server does ssh fail to reach\?'

# an inventory in the same field: read with ansible-inventory
if command -v ansible-inventory >/dev/null 2>&1; then
	printf '[web]\nw1 ansible_host=127.0.0.1 ansible_port=%s\nw2 ansible_host=127.0.0.2 ansible_port=%s\n' \
		"$port" "$port" >"$TESTDIR/inventory"
	ui_keys C-u	# the Or field kept the focus
	ui_type "$TESTDIR/inventory"
	ui_keys Enter
	ui_wait 'Many hosts: .* \(Ansible inventory\)'
	ui_wait '2 of 2 hosts in' 30
	ui_wait 'port-closed +2  w1, w2'
fi
ui_keys q
ui_exited
