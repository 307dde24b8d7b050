/* probes.h: global set-up and tear-down of the libraries the network probes use (libssh, libcurl). */
#ifndef PROBES_H
#define PROBES_H

/* Once, before any thread starts: libcurl's and libssh's global state. */
void	 probes_init(void);
/* Once, at exit, and only when no probe thread can still be inside either library. */
void	 probes_done(void);

#endif
