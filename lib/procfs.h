/* procfs.h: bounded reads of /proc for the server checks (process names, command lines, socket owners). */
#ifndef PROCFS_H
#define PROCFS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Read at most max bytes of a file whose size stat cannot tell (/proc): a
 * new NUL-terminated buffer in *out. *truncated says more was there. Returns
 * 0, or -1 with errno set.
 */
int	 procfs_read(const char *path, size_t max, char **out, size_t *len, int *truncated);

/* The process's comm (at most 15 characters, raw) into buf; -1 if gone or unreadable. */
int	 procfs_comm(int pid, char *buf, size_t len);
/* Its command line with NULs as spaces (capped at 4 KiB, raw bytes), or NULL. */
char	*procfs_cmdline(int pid);
/* Where /proc/PID/exe points (may end in " (deleted)"), or NULL (gone, or not ours to see). */
char	*procfs_exe(int pid);
/* Parent pid and state letter from /proc/PID/stat; -1 if unreadable. */
int	 procfs_stat(int pid, int *ppid, char *state);

/* Calls fn for every numeric entry of /proc until fn returns non-zero or the deadline passes. */
int	 procfs_each_pid(int64_t deadline_ms, int (*fn)(int pid, void *), void *arg);

#endif
