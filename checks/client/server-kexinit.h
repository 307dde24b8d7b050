/* server-kexinit.h: the server's KEXINIT that the ssh-kexinit check hands on. */
#ifndef SERVER_KEXINIT_H
#define SERVER_KEXINIT_H

#include "checks/check.h"
#include "checks/parse/kexinit-parse.h"

/* The server's parsed KEXINIT (ctx must need "ssh-kexinit"), or NULL. */
static inline const struct kexinit *
kexinit_dep(struct check_ctx *ctx)
{
	return check_data(ctx, "ssh-kexinit");
}

#endif
