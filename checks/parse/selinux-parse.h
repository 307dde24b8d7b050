/* selinux-parse.h: reads `semanage port -l` for the ports a type may bind (pure). */
#ifndef SELINUX_PARSE_H
#define SELINUX_PARSE_H

/*
 * Does `semanage port -l` output label TCP port with type (ssh_port_t)?
 * Returns 1 if it does, 0 if it does not, -1 if the output names no such type.
 */
int	 semanage_port_labelled(const char *out, const char *type, int port);

#endif
