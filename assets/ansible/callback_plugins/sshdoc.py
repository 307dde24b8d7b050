# sshdoc.py: an Ansible callback that, when a host is UNREACHABLE, runs `sshdoc --json` for
# it with the ssh connection settings Ansible used and shows sshdoc's top cause and fix
# under Ansible's own message. No diagnosis logic here: sshdoc does all of it.
# Enable in ansible.cfg: [defaults] callbacks_enabled = sshdoc, callback_plugins = DIR.
from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = '''
    name: sshdoc
    type: notification
    short_description: diagnose UNREACHABLE hosts with sshdoc
    description:
      - On an unreachable host, runs C(sshdoc --json) with the host, port, user, key file
        and ssh arguments of Ansible's ssh connection and prints the top cause and its fix.
    requirements:
      - sshdoc on the controller
    options:
      binary:
        description: the sshdoc program
        default: sshdoc
        env:
          - name: SSHDOC_BIN
        ini:
          - section: callback_sshdoc
            key: binary
      timeout:
        description: sshdoc's --timeout (seconds per probe); the whole run gets 4 times it plus 20 s
        default: 5
        type: int
        env:
          - name: SSHDOC_TIMEOUT
        ini:
          - section: callback_sshdoc
            key: timeout
'''

import json
import shlex
import subprocess

from ansible import constants as C
from ansible.plugins.callback import CallbackBase
from ansible.plugins.loader import connection_loader
from ansible.template import Templar


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'notification'
    CALLBACK_NAME = 'sshdoc'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self._play = None

    def v2_playbook_on_play_start(self, play):
        self._play = play

    def _ssh_options(self, result):
        """The ssh connection plugin's options for this host, as Ansible resolves them."""
        if self._play is None or self._play.get_variable_manager() is None:
            return {}
        hostvars = self._play.get_variable_manager().get_vars(
            play=self._play, host=result._host, task=result._task)
        connection_loader.get('ssh', class_only=True)
        opts = C.config.get_plugin_options('connection', 'ssh', variables=hostvars)
        return Templar(loader=self._play._loader, variables=hostvars).template(opts)

    def _argv(self, result):
        o = self._ssh_options(result)
        argv = [self.get_option('binary'), '--json', '--timeout', str(self.get_option('timeout'))]
        for key in ('ssh_args', 'ssh_common_args', 'ssh_extra_args'):
            if o.get(key):
                argv += shlex.split(o[key])
        if o.get('port'):
            argv += ['-p', str(o['port'])]
        if o.get('remote_user'):
            argv += ['-l', str(o['remote_user'])]
        if o.get('private_key_file'):
            argv += ['-i', str(o['private_key_file'])]
        return argv + ['--', str(o.get('host') or result._host.get_name())]

    def v2_runner_on_unreachable(self, result):
        name = result._host.get_name()
        try:
            argv = self._argv(result)
            p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE,
                               timeout=4 * int(self.get_option('timeout')) + 20)
        except Exception as e:
            self._display.display('sshdoc: [%s]: could not run sshdoc: %s' % (name, e),
                                  color=C.COLOR_WARN)
            return
        try:
            report = json.loads(p.stdout.decode('utf-8', 'replace'))
        except ValueError:
            err = p.stderr.decode('utf-8', 'replace').strip().splitlines()
            self._display.display('sshdoc: [%s]: no report (exit %d): %s' % (
                name, p.returncode, err[-1] if err else ''), color=C.COLOR_WARN)
            return
        causes = report.get('causes') or []
        if not causes:
            self._display.display('sshdoc: [%s]: no cause found (verdict %s)' % (
                name, report.get('verdict')), color=C.COLOR_WARN)
            return
        top = causes[0]
        lines = ['sshdoc: [%s]: %s (%s): %s' % (name, top.get('id'), top.get('confidence'),
                                                top.get('summary'))]
        lines += ['    %s' % c for c in top.get('fix_commands') or []]
        lines.append('    more: sshdoc --article %s' % top.get('fix', top.get('id')))
        self._display.display('\n'.join(lines), color=C.COLOR_WARN)
