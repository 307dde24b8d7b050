#!/usr/bin/env python3
# sshd-forms.py: lists the distinct log format strings of sshd's server-side sources in each OpenSSH release (7.4 to 10.x) and writes tests/fixtures/sshd-forms.tsv with each form's category and a sample line.
#
# Usage: python3 tests/tools/sshd-forms.py OPENSSH-GIT-DIR > tests/fixtures/sshd-forms.tsv
#
# The repository is openssh-portable (a bare clone is enough: files are read
# with `git show TAG:FILE`). A form is the printf format of a logit, verbose,
# error, fatal, logdie, sigdie, do_log2, authlog, packet_disconnect or
# sshpkt_disconnect call (debug* are left out: they are not logged at the
# default LogLevel), with "%s: " __func__ prefixes and the *_f/*_fr/*_r
# variants brought to one spelling and %.100s written %s, so that a message
# that kept its words across releases is one form. Each form gets the category
# sshdlog_match must give its sample line (a name of sshdlog_cat_name), or
# "evidence-only": tests/unit/test_sshdlog_forms.c checks both directions.
import re
import subprocess
import sys

TAG_RE = re.compile(r'^V_(\d+)_(\d+)_P(\d+)$')

# Server-side files: sshd and its per-connection binaries, authentication,
# the monitor, sessions, configuration, key loading, key exchange (the
# client-only kex*c.c are left out), the packet layer, source limits, the
# SELinux port and the login records.
FILE_RE = re.compile(r'^(sshd|sshd-session|sshd-auth|auth[^/]*|monitor[^/]*|session|servconf|'
                     r'authfile|kex[^/]*|packet|srclimit|serverloop|sshlogin|loginrec|misc|'
                     r'openbsd-compat/port-linux|groupaccess|uidswap|sshpty)\.c$')
SKIP_FILES = {'authfd.c', 'kexdhc.c', 'kexecdhc.c', 'kexgexc.c', 'kexc25519c.c'}
# misc.c is mostly shared with the client: only its path checks and the
# subprocesses sshd runs (AuthorizedKeysCommand, AuthorizedPrincipalsCommand)
# are sshd's words.
MISC_FUNCS = re.compile(r'^(safe_path|safe_path_fd|secure_permissions|auth_secure_path|'
                        r'subprocess|exited_cleanly)$')

# name -> (level, index of the format argument, function prefix, ": ssh_err" suffix)
LOGFN = {}
for base, level in (('logit', 'info'), ('verbose', 'verbose'), ('error', 'error'),
                    ('fatal', 'fatal'), ('logdie', 'error')):
    LOGFN[base] = (level, 0, False, False)
    LOGFN[base + '_f'] = (level, 0, True, False)
    LOGFN[base + '_r'] = (level, 1, False, True)
    LOGFN[base + '_fr'] = (level, 1, True, True)
LOGFN['do_log2'] = ('level-arg', 1, False, False)
LOGFN['do_log2_f'] = ('level-arg', 1, True, False)
LOGFN['do_log2_r'] = ('level-arg', 2, False, True)
LOGFN['do_log2_fr'] = ('level-arg', 2, True, True)
LOGFN['sigdie'] = ('fatal', 0, False, False)
LOGFN['authlog'] = ('info', 0, False, False)
LOGFN['packet_disconnect'] = ('disconnect', 0, False, False)
LOGFN['ssh_packet_disconnect'] = ('disconnect', 1, False, False)
LOGFN['sshpkt_disconnect'] = ('disconnect', 1, False, False)
CALL_RE = re.compile(r'(?<![\w.>])(' + '|'.join(sorted(LOGFN, key=len, reverse=True)) + r')\s*\(')
FUNC_RE = re.compile(r'^([A-Za-z_]\w*)\(', re.M)
SPEC_RE = re.compile(r'%(?:[-+ #0]*)(\d+|\*)?(?:\.(\d+|\*))?(hh|h|ll|l|z|j|t|L|q)?([diouxXcspfeEgG%])')


def git(repo, *args):
    return subprocess.run(['git', '--git-dir', repo] + list(args), check=True,
                          capture_output=True).stdout.decode('utf-8', 'replace')


def tags(repo):
    out = []
    for t in git(repo, 'tag').split():
        m = TAG_RE.match(t)
        if m and (int(m[1]), int(m[2])) >= (7, 4):
            out.append(((int(m[1]), int(m[2]), int(m[3])), t))
    return [t for _, t in sorted(out)]


def strip_comments(text):
    # Comments out, string and character literals kept whole.
    return re.sub(r'/\*.*?\*/|//[^\n]*|("(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\')',
                  lambda m: m.group(1) if m.group(1) else ' ', text, flags=re.S)


def call_args(text, start):
    """The top-level arguments of the call whose '(' is at start, or None."""
    depth, i, args, cur = 0, start, [], []
    while i < len(text):
        c = text[i]
        if c == '"' or c == "'":
            m = re.compile(r'"(?:\\.|[^"\\])*"' if c == '"' else r"'(?:\\.|[^'\\])*'").match(text, i)
            if not m:
                return None
            cur.append(m.group(0))
            i = m.end()
            continue
        if c in '([{':
            depth += 1
            if depth > 1:
                cur.append(c)
        elif c in ')]}':
            depth -= 1
            if depth == 0:
                args.append(''.join(cur).strip())
                return args
            cur.append(c)
        elif c == ',' and depth == 1:
            args.append(''.join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    return None


def literal(arg):
    """The C string an argument made only of string literals spells, or None."""
    parts = re.findall(r'"((?:\\.|[^"\\])*)"', arg)
    rest = re.sub(r'"(?:\\.|[^"\\])*"', '', arg).strip()
    if not parts or rest:
        return None
    s = ''.join(parts)
    return (s.replace('\\"', '"').replace('\\n', ' ').replace('\\r', '').replace('\\t', ' ')
            .replace('\\\\', '\\'))


def normalise(fmt):
    """%.100s and %s read alike in a log: one spelling."""
    return SPEC_RE.sub(lambda m: '%%' if m.group(4) == '%' else
                       '%' + m.group(4), fmt)


def extract(path, text):
    text = strip_comments(text)
    funcs = [(m.start(), m.group(1)) for m in FUNC_RE.finditer(text)]
    found, nonliteral = [], 0
    for m in CALL_RE.finditer(text):
        name = m.group(1)
        func = ''
        for pos, f in funcs:
            if pos > m.start():
                break
            func = f
        if path == 'misc.c' and not MISC_FUNCS.match(func):
            continue
        if func in ('debug', 'debug2', 'debug3') or text[max(0, m.start() - 8):m.start()].endswith('define '):
            continue
        level, idx, fprefix, rsuffix = LOGFN[name]
        args = call_args(text, m.end() - 1)
        if args is None or len(args) <= idx:
            continue
        if level == 'level-arg':
            # a level chosen at run time ("x ? SYSLOG_LEVEL_DEBUG3 : SYSLOG_LEVEL_INFO"):
            # the form is logged whenever one branch is above debug
            lvs = [l for l in re.findall(r'SYSLOG_LEVEL_\w+', args[0]) if 'DEBUG' not in l]
            if not lvs and re.search(r'SYSLOG_LEVEL_DEBUG', args[0]):
                continue
            level = {'SYSLOG_LEVEL_INFO': 'info', 'SYSLOG_LEVEL_VERBOSE': 'verbose',
                     'SYSLOG_LEVEL_ERROR': 'error', 'SYSLOG_LEVEL_FATAL': 'fatal'}.get(
                         lvs[0] if lvs else '', 'info')
        fmt = literal(args[idx])
        if fmt is None:
            nonliteral += 1
            continue
        if fmt.startswith('%s: ') and len(args) > idx + 1 and args[idx + 1] == '__func__':
            fmt, fprefix = fmt[4:], True
        if rsuffix:
            fmt += ': %s'
        found.append((normalise(fmt).strip(), level, fprefix, func))
    return found, nonliteral


# Messages sshd composes from pieces: each real wording, as the log shows it.
# (base form it comes from, wording, level)
EXPANSIONS = [
    ('%s %s%s%s for %s%s from %s port %d ssh2%s%s', 'Failed publickey for %s from %s port %d ssh2: %s %s', 'info'),
    ('%s %s%s%s for %s%s from %s port %d ssh2%s%s', 'Failed password for invalid user %s from %s port %d ssh2', 'info'),
    ('%s %s%s%s for %s%s from %s port %d ssh2%s%s', 'Failed password for %s from %s port %d ssh2', 'info'),
    ('%s %s%s%s for %s%s from %s port %d ssh2%s%s', 'Accepted publickey for %s from %s port %d ssh2: %s %s', 'info'),
    ('%s %s%s%s for %s%s from %s port %d ssh2%s%s', 'Postponed publickey for %s from %s port %d ssh2', 'verbose'),
    ('%s %s%s%s for %s%s from %s port %d ssh2%s%s', 'Partial publickey for %s from %s port %d ssh2: %s %s', 'info'),
    ('%s line %d: %s option %s', '%s line %d: Deprecated option %s', 'info'),
    ('%s line %d: %s option %s', '%s line %d: Unsupported option %s', 'info'),
    ('Unable to negotiate with %s: %s. Their offer: %s',
     'Unable to negotiate with %s port %d: no matching key exchange method found. Their offer: %s', 'error'),
    ('Unable to negotiate with %s: %s. Their offer: %s',
     'Unable to negotiate with %s port %d: no matching host key type found. Their offer: %s', 'error'),
    ('Unable to negotiate with %s: %s. Their offer: %s',
     'Unable to negotiate with %s port %d: no matching cipher found. Their offer: %s', 'error'),
    ('Unable to negotiate with %s: %s. Their offer: %s',
     'Unable to negotiate with %s port %d: no matching MAC found. Their offer: %s', 'error'),
    ('Unable to negotiate with %s port %d: %s. Their offer: %s',
     'Unable to negotiate with %s port %d: no matching key exchange method found. Their offer: %s', 'error'),
    ('%s logging rate-limited: additional %u connections dropped',
     'Maxstartups logging rate-limited: additional %u connections dropped', 'info'),
    ('%s logging rate-limited: additional %u connections dropped',
     'PerSourcePenalties logging rate-limited: additional %u connections dropped', 'info'),
    ('drop connection #%d from [%s]:%d on [%s]:%d %s',
     'drop connection #%d from [%s]:%d on [%s]:%d past Maxstartups', 'info'),
    ('drop connection #%d from [%s]:%d on [%s]:%d %s',
     'drop connection #%d from [%s]:%d on [%s]:%d penalty: failed authentication', 'info'),
    ('drop connection #%d from [%s]:%d on [%s]:%d %s',
     'drop connection #%d from [%s]:%d on [%s]:%d penalty: connections without attempting authentication', 'info'),
    ('drop connection #%d from [%s]:%d on [%s]:%d %s',
     'drop connection #%d from [%s]:%d on [%s]:%d too many penalised addresses', 'info'),
    ('Bind to port %s on %s failed: %s.', 'Bind to port %s on %s failed: Address already in use.', 'error'),
    ('Unable to negotiate with %s port %d: %s. Their offer: %s',
     'Unable to negotiate with %s port %d: no matching host key type found. Their offer: %s', 'error'),
    ('Unable to negotiate with %s port %d: %s. Their offer: %s',
     'Unable to negotiate with %s port %d: no matching cipher found. Their offer: %s', 'error'),
    ('Unable to negotiate with %s port %d: %s. Their offer: %s',
     'Unable to negotiate with %s port %d: no matching MAC found. Their offer: %s', 'error'),
    ('Unable to load host key "%s": %s', 'Unable to load host key "%s": bad permissions', 'error'),
    ('Authentication refused: %s', 'Authentication refused: bad ownership or modes for file %s', 'error'),
    ('Authentication refused: %s', 'Authentication refused: bad ownership or modes for directory %s',
     'error'),
    ('accept: %s', 'accept: Too many open files', 'error'),
    ('%s %s failed, status %d', 'AuthorizedKeysCommand %s failed, status %d', 'info'),
    ('%s %s exited on signal %d', 'AuthorizedKeysCommand %s exited on signal %d', 'error'),
    ('Error loading host key "%s": %s', 'Error loading host key "%s": bad permissions', 'error'),
    ('fork: %s', 'fork: Cannot allocate memory', 'error'),
    ('fork: %s', 'fork: Resource temporarily unavailable', 'error'),
    ('Bind to port %s on %s failed: %s.', 'Bind to port %s on %s failed: Cannot assign requested address.',
     'error'),
]

# (pattern on the form, category). First match wins; the rest is evidence-only.
RULES = [
    (r'^Rhosts ', 'evidence-only'),
    (r'^Unable to load host key "%s": bad permissions', 'hostkey-permissions'),
    (r'^Failed to (get default|set) SELinux .*in enforcing mode', 'selinux'),
    (r'^%s must be owned by root and not group or world-writable', 'privsep-missing'),
    (r'^Password expired', 'account'),
    (r'^Unable to chdir to chroot path', 'session'),
    (r'^Too many authentication failures', 'max-auth'),
    (r'^accept: Too many open files', 'resource'),
    (r'^fork: (Cannot allocate|Resource temporarily)', 'resource'),
    (r'^Unable to negotiate with .*no matching key exchange', 'no-kex'),
    (r'^Unable to negotiate with .*no matching host key type', 'no-hostkey-alg'),
    (r'^Unable to negotiate with .*no matching cipher', 'no-cipher'),
    (r'^Unable to negotiate with .*no matching MAC', 'no-mac'),
    (r'^Bind to port .*Address already in use', 'bind-in-use'),
    (r'^Missing privilege separation directory', 'privsep-missing'),
    (r'^%s line %d: (Deprecated|Unsupported) option', 'deprecated-option'),
    (r'^%s: line %d: Bad configuration option', 'config-invalid'),
    (r'^%s: terminating, %d bad configuration options', 'config-invalid'),
    (r'^Invalid Match (local)?address argument .* at line %d', 'config-invalid'),
    (r'^%s line %d: ', 'config-invalid'),
    (r'^%s: line %d: ', 'config-invalid'),
    (r'^Timeout, client not responding', 'idle-timeout'),
    (r'^PerSourcePenalties logging rate-limited', 'penalty'),
    (r'logging rate-limited', 'maxstartups'),
    (r'^drop connection .*(penalty|penalised)', 'penalty'),
    (r'^drop connection ', 'maxstartups'),
    (r'MaxStartups throttling', 'maxstartups'),
    (r'penalty of |penalty table full', 'penalty'),
    (r'^Unable to load host key', 'hostkey-missing'),
    (r'^Could not load host key', 'hostkey-missing'),
    (r'no hostkeys available', 'hostkey-missing'),
    (r'^Permissions 0%o for', 'hostkey-permissions'),
    (r'OpenSSL version mismatch', 'openssl-mismatch'),
    (r'^fork of unprivileged child failed', 'resource'),
    (r'^Invalid user ', 'invalid-user'),
    (r'^Failed %s for invalid user|Failed password for invalid user', 'invalid-user'),
    (r'^Failed publickey for', 'failed-publickey'),
    (r'^User %s from %s not allowed because', 'not-allowed'),
    (r'^User %s not allowed because account is locked', 'account'),
    (r'^User %s not allowed because shell', 'shell'),
    (r'^User %s not allowed because %s exists', 'session'),
    (r'^ROOT LOGIN REFUSED FROM', 'root-refused'),
    (r'^maximum authentication attempts exceeded', 'max-auth'),
    (r'^Account %s has expired', 'account'),
    (r'^User %s password has expired', 'account'),
    (r'^Access denied for user %s by PAM account configuration', 'account'),
    (r'^PAM: pam_open_session\(\)|^PAM: pam_setcred\(\)|^PAM: session setup failed', 'session'),
    (r'^bad ownership or modes for chroot directory', 'session'),
    (r'not in PubkeyAccepted', 'pubkey-algorithm'),
    (r'^Certificate invalid|^Refusing certificate ID', 'certificate'),
    (r'^AuthorizedKeysCommand %s (failed|exited on signal|returned status)', 'keys-command'),
    (r'^AuthorizedKeysCommand "%s" (contains invalid quotes|yielded no arguments)', 'keys-command'),
    (r'^AuthorizedKeysCommandUser "%s" not found', 'keys-command'),
    (r'^AuthorizedKeysCommand set without AuthorizedKeysCommandUser', 'config-invalid'),
    (r'^chroot path ', 'session'),
    (r'^Error loading host key "%s": bad permissions', 'hostkey-permissions'),
    (r'^Error loading host key', 'hostkey-missing'),
    (r'^Authentication refused: bad ownership or modes', 'authorized-keys'),
    (r'^no more sessions', 'maxsessions'),
    (r'^banner exchange: Connection from|^Did not receive identification string|'
     r'^Bad protocol version identification|^Protocol major versions differ', 'banner'),
]

# Real values for the forms whose generic sample would read oddly (the
# message only: level, function and log prefix are added as for any form).
SAMPLES = {
    '%s: terminating, %d bad configuration options':
        '/etc/ssh/sshd_config: terminating, 1 bad configuration options',
    '%s: line %d: Bad configuration option: %s':
        '/etc/ssh/sshd_config: line 12: Bad configuration option: UsePrivilegeSeperation',
    '%s must be owned by root and not group or world-writable.':
        '/run/sshd must be owned by root and not group or world-writable.',
    '%s penalty table full, cannot penalise %s for %s':
        'ipv4 penalty table full, cannot penalise 198.51.100.100/32 for penalty: failed authentication',
    '%s: activating %s penalty of %d seconds for %s':
        '192.0.2.7/32: activating ipv4 penalty of 20 seconds for penalty: failed authentication',
    '%s: activating %s penalty of %f seconds for %s':
        '192.0.2.7/32: activating ipv4 penalty of 20.000 seconds for penalty: failed authentication',
    '%s: new %s %s penalty of %d seconds for %s':
        'ipv4: new 192.0.2.7/32 active penalty of 30 seconds for penalty: connections without '
        'attempting authentication',
    '%s: new %s %s penalty of %f seconds for %s':
        'ipv4: new 192.0.2.7/32 active penalty of 30.000 seconds for penalty: failed authentication',
    'Authentication refused: bad ownership or modes for directory %s':
        'Authentication refused: bad ownership or modes for directory /home/alice/.ssh',
    'Authentication refused: bad ownership or modes for file %s':
        'Authentication refused: bad ownership or modes for file /home/alice/.ssh/authorized_keys',
    'Bind to port %s on %s failed: Address already in use.':
        'Bind to port 22 on 0.0.0.0 failed: Address already in use.',
    'Bind to port %s on %s failed: Cannot assign requested address.':
        'Bind to port 22 on 192.0.2.1 failed: Cannot assign requested address.',
    'Bind to port %s on %s failed: %s.': 'Bind to port 22 on :: failed: Permission denied.',
    'Failed publickey for %s from %s port %d ssh2: %s %s':
        'Failed publickey for alice from 192.0.2.7 port 50022 ssh2: ED25519 '
        'SHA256:hQ4Yl7mJ0k3bD0fTqv4pXKf3m9sQvqH0bWmPqVh2m6s',
    'Accepted publickey for %s from %s port %d ssh2: %s %s':
        'Accepted publickey for alice from 192.0.2.7 port 50022 ssh2: ED25519 '
        'SHA256:hQ4Yl7mJ0k3bD0fTqv4pXKf3m9sQvqH0bWmPqVh2m6s',
    'Protocol major versions differ for %s port %d: %s vs. %s':
        'Protocol major versions differ for 192.0.2.7 port 50022: 2 vs. 1',
    'Refusing certificate ID "%s" serial=%u signed by %s CA %s via %s: %s':
        'Refusing certificate ID "alice" serial=7 signed by ED25519 CA SHA256:x via '
        '/etc/ssh/user_ca.pub: Certificate invalid: expired',
    'Refusing certificate ID "%s" serial=%u signed by %s CA %s: %s':
        'Refusing certificate ID "alice" serial=7 signed by ED25519 CA SHA256:x: Certificate '
        'invalid: name is not a listed principal',
    'Unable to chdir to chroot path "%s": %s': 'Unable to chdir to chroot path "/srv/sftp": '
        'Permission denied',
    'User %s not allowed because %s exists': 'User alice not allowed because /etc/nologin exists',
    'chroot path %s"%s" is not a directory': 'chroot path "/srv/sftp/alice" is not a directory',
    'bad ownership or modes for chroot directory %s"%s"':
        'bad ownership or modes for chroot directory "/srv/sftp"',
    'bad ownership or modes for chroot directory component "%s"':
        'bad ownership or modes for chroot directory component "/srv/"',
    'exited MaxStartups throttling after %s, %u connections dropped':
        'exited MaxStartups throttling after 00:01:09, 3 connections dropped',
    'in MaxStartups throttling for %s, %u connections dropped':
        'in MaxStartups throttling for 00:05:01, 40 connections dropped',
    'key type %s not in PubkeyAcceptedAlgorithms': 'key type ssh-rsa not in PubkeyAcceptedAlgorithms',
    'key type %s not in PubkeyAcceptedKeyTypes': 'key type ssh-dss not in PubkeyAcceptedKeyTypes',
    'signature algorithm %s not in PubkeyAcceptedAlgorithms':
        'signature algorithm ssh-rsa not in PubkeyAcceptedAlgorithms',
    'maximum authentication attempts exceeded for %s%s from %s port %d ssh2':
        'maximum authentication attempts exceeded for alice from 192.0.2.7 port 50022 ssh2 [preauth]',
    'Unable to load host key: %s': 'Unable to load host key: /etc/ssh/ssh_host_ecdsa_key',
    'Error loading host key "%s": bad permissions':
        'Error loading host key "/etc/ssh/ssh_host_ecdsa_key": bad permissions',
    'Error loading host key "%s": %s':
        'Error loading host key "/etc/ssh/ssh_host_rsa_key": invalid format',
    'AuthorizedKeysCommand %s failed, status %d':
        'AuthorizedKeysCommand /usr/local/bin/keys alice failed, status 1',
    'AuthorizedKeysCommand %s exited on signal %d':
        'AuthorizedKeysCommand /usr/local/bin/keys alice exited on signal 9',
    'AuthorizedKeysCommandUser "%s" not found: %s': 'AuthorizedKeysCommandUser "keys" not found: '
        'No such file or directory',
    'Unable to load host key "%s": bad permissions':
        'Unable to load host key "/etc/ssh/ssh_host_ed25519_key": bad permissions',
    'Unable to load host key "%s": %s': 'Unable to load host key "/etc/ssh/ssh_host_rsa_key": '
        'No such file or directory',
    'Permissions 0%o for \'%s\' are too open.':
        'Permissions 0777 for \'/etc/ssh/ssh_host_rsa_key\' are too open.',
    'Timeout, client not responding from %s': 'Timeout, client not responding from user alice '
        '192.0.2.7 port 50022',
    'Failed to get default SELinux security context for %s (in enforcing mode)':
        'Failed to get default SELinux security context for alice (in enforcing mode)',
    'Failed to set SELinux execution context for %s (in enforcing mode)':
        'Failed to set SELinux execution context for alice (in enforcing mode)',
}


# Sample values by the words before a conversion; the default is a word.
def sample_of(form, func_prefix, func):
    if form in SAMPLES:
        s = SAMPLES[form]
        if func_prefix and not s.startswith((func or 'func') + ': '):
            s = (func or 'func') + ': ' + s
        return s
    out, pos = [], 0
    for m in SPEC_RE.finditer(form):
        out.append(form[pos:m.start()])
        before = form[max(0, m.start() - 24):m.start()]
        conv = m.group(4)
        if conv == '%':
            val = '%'
        elif conv in 'diuxX' or (conv == 's' and before.endswith('port ')):
            val = '22' if before.endswith('port ') or before.endswith(']:') else '3'
            if before.endswith('#'):
                val = '10'
            if before.endswith(']:') and '#' in form[:m.start()] and form[:m.start()].count(']:') == 1:
                val = '50022'
        elif conv == 'o':
            val = '644'
        elif conv in 'feEgG':
            val = '1.000'
        elif conv == 'c':
            val = 'x'
        elif conv == 'p':
            val = '0x5555'
        elif before.endswith('for ') and form[m.end():].startswith(' port'):
            val = '192.0.2.7'
        elif before.endswith('from [') or before.endswith('on [') or before.endswith('from ') \
                or before.endswith('with ') or before.endswith('for ') and 'penalty' in before \
                or before.endswith('connect from ') or before.endswith('FROM ') or before.endswith('addr '):
            val = '192.0.2.7'
        elif before.endswith('user ') or before.endswith('User ') or before.endswith('Account ') \
                or before.endswith('for '):
            val = 'alice'
        elif re.search(r'(host key|hostkey|key file|key)[: "]*$', before):
            val = '/etc/ssh/ssh_host_rsa_key'
        elif before.endswith("for '"):
            val = '/etc/ssh/ssh_host_ed25519_key'
        elif before.endswith('directory: ') or before.endswith('directory '):
            val = '/run/sshd'
        elif re.search(r'line %d: $', form[:m.start()]) is None and m.start() == 0 and 'line %d' in form:
            val = '/etc/ssh/sshd_config'
        elif before.endswith('Their offer: '):
            val = 'diffie-hellman-group1-sha1'
        elif before.endswith('shell '):
            val = '/bin/zsh'
        else:
            val = 'x'
        out.append(val)
        pos = m.end()
    out.append(form[pos:])
    s = ''.join(out)
    if func_prefix and not s.startswith((func or 'func') + ': '):
        s = (func or 'func') + ': ' + s
    return s


# Functions whose every message is of one category (their name leads the line).
FUNC_RULES = {'kex_exchange_identification': 'banner'}


# Log prefixes a line carries (syslog, journal short and short-iso, sshd -D -e),
# picked by a hash of the form so that every style is tested on some forms.
PREFIXES = ['Dec  5 10:00:01 srv {prog}[1234]: ', 'Dec 05 10:00:01 srv {prog}[1234]: ',
            '2026-12-05T10:00:01+0000 srv {prog}[1234]: ',
            '2026-12-05T10:00:01.123456+00:00 srv {prog}[1234]: ', '']


def prefix(fmt, f, first, sample):
    per_conn = not ({'sshd.c', 'servconf.c'} & f['files'])
    late = TAG_RE.match(first) and (int(TAG_RE.match(first)[1]), int(TAG_RE.match(first)[2])) >= (9, 8)
    prog = 'sshd-session' if per_conn and late else 'sshd'
    h = sum(ord(c) for c in fmt)
    pre = PREFIXES[h % len(PREFIXES)].format(prog=prog)
    if pre == '':
        # sshd -D -e writes to stderr: no "error: " or "fatal: " (log.c do_log)
        for level in ('error: ', 'fatal: '):
            if sample.startswith(level):
                sample = sample[len(level):]
    return pre + sample


def category(form, f):
    if f.get('fprefix') and f.get('func') in FUNC_RULES:
        return FUNC_RULES[f['func']]
    for pat, cat in RULES:
        if re.search(pat, form):
            return cat
    return 'evidence-only'


def main():
    if len(sys.argv) != 2:
        sys.stderr.write('usage: sshd-forms.py OPENSSH-GIT-DIR\n')
        return 2
    repo = sys.argv[1]
    tl = tags(repo)
    forms = {}          # form -> dict
    skipped = 0
    for ti, tag in enumerate(tl):
        names = git(repo, 'ls-tree', '-r', '--name-only', tag).split('\n')
        for path in names:
            if not FILE_RE.match(path) or path.split('/')[-1] in SKIP_FILES:
                continue
            found, nonlit = extract(path, git(repo, 'show', tag + ':' + path))
            skipped += nonlit
            for fmt, level, fpre, func in found:
                if len(fmt) < 4:
                    continue
                f = forms.setdefault(fmt, {'level': level, 'files': set(), 'tags': set(),
                                           'fprefix': fpre, 'func': func})
                f['files'].add(path)
                f['tags'].add(ti)
    for base, wording, level in EXPANSIONS:
        if base not in forms:
            continue
        f = forms.setdefault(wording, {'level': level, 'files': set(), 'tags': set(),
                                       'fprefix': False, 'func': ''})
        f['files'] |= forms[base]['files']
        f['tags'] |= forms[base]['tags']
        f['expanded'] = base
    print('# sshd-forms.tsv: sshd\'s log format strings in openssh-portable ' + tl[0] + ' to ' + tl[-1] +
          ', written by tests/tools/sshd-forms.py; checked by tests/unit/test_sshdlog_forms.c')
    print('# form\tlevel\tfiles\tfirst\tlast\tabsent-in\tcategory\tsample')
    ncat = nev = 0
    for fmt in sorted(forms):
        f = forms[fmt]
        ts = sorted(f['tags'])
        first, last = tl[ts[0]], tl[ts[-1]]
        gaps = [tl[i] for i in range(ts[0], ts[-1] + 1) if i not in f['tags']]
        cat = category(fmt, f)
        if cat == 'evidence-only':
            nev += 1
        else:
            ncat += 1
        absent = ','.join(gaps) if gaps else '-'
        level = f['level']
        sample = sample_of(fmt, f['fprefix'], f['func'])
        if f['level'] == 'error':
            sample = 'error: ' + sample
        elif f['level'] == 'fatal':
            sample = 'fatal: ' + sample
        elif f['level'] == 'disconnect':
            sample = ('Disconnecting: ' if last == 'V_7_4_P1' else
                      'Disconnecting authenticating user alice 192.0.2.7 port 50022: ') + sample
        if fmt.startswith('Unable to negotiate with '):
            sample += ' [preauth]'      # the unprivileged child logged it
        sample = prefix(fmt, f, first, sample)
        print('\t'.join([fmt.replace('\t', ' '), level, ','.join(sorted(f['files'])), first, last, absent,
                         cat, sample.replace('\t', ' ')]))
    sys.stderr.write('%d forms: %d with a category, %d evidence-only; %d calls with a '
                     'non-literal format left out\n' % (ncat + nev, ncat, nev, skipped))
    return 0


if __name__ == '__main__':
    sys.exit(main())
