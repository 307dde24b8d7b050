/* registry.c: the one table of every check sshdoc can run (tmux's cmd.c, for checks). */
#include <stddef.h>

#include "checks/check.h"

extern const struct check_entry check_ssh_config_entry;
extern const struct check_entry check_dns_resolve_entry;
extern const struct check_entry check_tcp_connect_entry;
extern const struct check_entry check_ssh_banner_entry;
extern const struct check_entry check_ssh_kexinit_entry;
extern const struct check_entry check_algorithms_entry;
extern const struct check_entry check_ssh_handshake_entry;
extern const struct check_entry check_local_files_entry;
extern const struct check_entry check_known_hosts_entry;
extern const struct check_entry check_transcript_entry;
extern const struct check_entry check_tr_connect_entry;
extern const struct check_entry check_tr_banner_entry;
extern const struct check_entry check_tr_kex_entry;
extern const struct check_entry check_tr_hostkey_entry;
extern const struct check_entry check_tr_auth_entry;
extern const struct check_entry check_clean_attempt_entry;
extern const struct check_entry check_proxy_hop_entry;
extern const struct check_entry check_auth_keys_entry;
extern const struct check_entry check_alt_port_entry;
extern const struct check_entry check_mtu_probe_entry;
extern const struct check_entry check_my_ip_entry;
extern const struct check_entry check_https_control_entry;
extern const struct check_entry check_private_keys_entry;
extern const struct check_entry check_auth_probe_entry;
extern const struct check_entry check_sshd_service_entry;
extern const struct check_entry check_sshd_config_entry;
extern const struct check_entry check_sshd_listen_entry;
extern const struct check_entry check_sshd_hostkeys_entry;
extern const struct check_entry check_sshd_privsep_entry;
extern const struct check_entry check_self_probe_entry;
extern const struct check_entry check_sshd_logs_entry;
extern const struct check_entry check_firewall_entry;
extern const struct check_entry check_fail2ban_entry;
extern const struct check_entry check_tcp_wrappers_entry;
extern const struct check_entry check_stale_sshd_entry;
extern const struct check_entry check_selinux_entry;
extern const struct check_entry check_tr_sshd_log_entry;
extern const struct check_entry check_account_entry;
extern const struct check_entry check_authorized_keys_entry;

const struct check_entry *const check_table[] = {
	&check_ssh_config_entry,
	&check_dns_resolve_entry,
	&check_tcp_connect_entry,
	&check_ssh_banner_entry,
	&check_ssh_kexinit_entry,
	&check_algorithms_entry,
	&check_ssh_handshake_entry,
	&check_local_files_entry,
	&check_known_hosts_entry,
	&check_transcript_entry,
	&check_tr_connect_entry,
	&check_tr_banner_entry,
	&check_tr_kex_entry,
	&check_tr_hostkey_entry,
	&check_tr_auth_entry,
	&check_clean_attempt_entry,
	&check_proxy_hop_entry,
	&check_auth_keys_entry,
	&check_alt_port_entry,
	&check_mtu_probe_entry,
	&check_my_ip_entry,
	&check_https_control_entry,
	&check_private_keys_entry,
	&check_auth_probe_entry,
	&check_sshd_service_entry,
	&check_sshd_config_entry,
	&check_sshd_listen_entry,
	&check_sshd_hostkeys_entry,
	&check_sshd_privsep_entry,
	&check_self_probe_entry,
	&check_sshd_logs_entry,
	&check_firewall_entry,
	&check_fail2ban_entry,
	&check_tcp_wrappers_entry,
	&check_stale_sshd_entry,
	&check_selinux_entry,
	&check_tr_sshd_log_entry,
	&check_account_entry,
	&check_authorized_keys_entry,
	NULL
};
