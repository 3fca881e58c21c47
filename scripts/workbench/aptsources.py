#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# aptsources.py [--root DIR] mirror|security - print the Debian mirror (or
# the security archive's) that every fetch of the workbench uses: the
# DEBIAN_MIRROR (DEBIAN_SECURITY_MIRROR) of the environment when set, else
# the one this machine's apt is configured with (sources.list and
# sources.list.d/*.list, *.sources under DIR, default /etc/apt). The
# workbench writes no mirror of its own.
#
# The Debian archive is the enabled "deb" entry that serves the release of
# /etc/os-release (VERSION_CODENAME) or one of the Debian suites the
# workbench fetches from; the security archive is the one that serves
# <suite>-security. An entry signed by another keyring than Debian's is
# not Debian's.
"""The Debian mirror of this machine's apt configuration."""

import argparse
import glob
import os
import sys

# The suites the workbench fetches from (fetch*.sh), besides the host's.
DEBIAN_SUITES = ('bookworm', 'trixie', 'forky', 'sid', 'unstable', 'testing', 'stable')


class Entry:
    """One source: its types, URIs, suites and options."""

    def __init__(self, types, uris, suites, signed_by='', origin=''):
        self.types = types
        self.uris = uris
        self.suites = suites
        self.signed_by = signed_by
        self.origin = origin

    def __repr__(self):
        return f'Entry({self.types}, {self.uris}, {self.suites}, {self.signed_by!r})'


def parse_one_line(text, origin=''):
    """Entries of the one-line format: deb [opt=val ...] URI SUITE COMP..."""
    entries = []
    for line in text.splitlines():
        line = line.split('#', 1)[0].strip()
        if not line:
            continue
        words = line.split()
        kind, rest = words[0], words[1:]
        opts = {}
        if rest and rest[0].startswith('['):
            optwords = []
            while rest:
                w = rest.pop(0)
                optwords.append(w)
                if w.endswith(']'):
                    break
            for o in ' '.join(optwords).strip('[]').split():
                if '=' in o:
                    k, v = o.split('=', 1)
                    opts[k] = v
        if len(rest) < 2:
            continue
        entries.append(Entry([kind], [rest[0]], [rest[1]], opts.get('signed-by', ''), origin))
    return entries


def parse_deb822(text, origin=''):
    """Entries of the deb822 format (*.sources): stanzas of Key: value."""
    entries = []
    for stanza in _stanzas(text):
        if stanza.get('enabled', 'yes').lower() == 'no':
            continue
        entries.append(Entry(stanza.get('types', '').split(), stanza.get('uris', '').split(),
                             stanza.get('suites', '').split(), stanza.get('signed-by', ''),
                             origin))
    return entries


def _stanzas(text):
    stanza, key = {}, None
    for line in text.splitlines() + ['']:
        if line.startswith('#'):
            continue
        if not line.strip():
            if stanza:
                yield stanza
            stanza, key = {}, None
        elif line[0] in ' \t' and key:
            stanza[key] += '\n' + line.strip()
        elif ':' in line:
            key, value = line.split(':', 1)
            key = key.strip().lower()
            stanza[key] = value.strip()


def read_sources(root):
    """Every enabled entry of the apt configuration under root."""
    entries = []
    files = [os.path.join(root, 'sources.list')]
    files += sorted(glob.glob(os.path.join(root, 'sources.list.d', '*.list')))
    files += sorted(glob.glob(os.path.join(root, 'sources.list.d', '*.sources')))
    for path in files:
        try:
            with open(path, encoding='utf-8') as f:
                text = f.read()
        except OSError:
            continue
        parse = parse_deb822 if path.endswith('.sources') else parse_one_line
        entries += parse(text, path)
    return entries


def codename(os_release='/etc/os-release'):
    """VERSION_CODENAME of os-release, or ''."""
    try:
        with open(os_release, encoding='utf-8') as f:
            for line in f:
                if line.startswith('VERSION_CODENAME='):
                    return line.split('=', 1)[1].strip().strip('"')
    except OSError:
        pass
    return ''


def _debian_signed(entry):
    # Signed-By may be a path or an inline key; Debian's keyring by path,
    # or no Signed-By (apt's trusted.gpg.d, which holds Debian's keys).
    return not entry.signed_by or 'debian-archive-keyring' in entry.signed_by


def choose(entries, host_suite, security=False):
    """The first URI of an entry that serves Debian (or its security
    archive), with a preference for the host's own release."""
    suites = ((host_suite,) if host_suite else ()) + DEBIAN_SUITES
    if security:
        suites = tuple(s + '-security' for s in suites)
    for suite in suites:
        for e in entries:
            if 'deb' in e.types and suite in e.suites and e.uris and _debian_signed(e):
                return e.uris[0].rstrip('/')
    return None


def mirror(kind, root='/etc/apt', os_release='/etc/os-release', environ=None):
    """(URI, None) or (None, message) for kind 'mirror' or 'security'."""
    environ = os.environ if environ is None else environ
    var = 'DEBIAN_SECURITY_MIRROR' if kind == 'security' else 'DEBIAN_MIRROR'
    if environ.get(var):
        return environ[var].rstrip('/'), None
    uri = choose(read_sources(root), codename(os_release), kind == 'security')
    if uri:
        return uri, None
    what = 'security archive' if kind == 'security' else 'archive'
    return None, (f'no Debian {what} in the apt sources of {root} (sources.list, '
                  f'sources.list.d/): set {var}=<URL of a Debian mirror>')


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--root', default='/etc/apt', help='apt configuration directory')
    ap.add_argument('--os-release', default='/etc/os-release')
    ap.add_argument('kind', choices=('mirror', 'security'))
    args = ap.parse_args(argv)
    uri, err = mirror(args.kind, args.root, args.os_release)
    if err:
        print(f'error: {err}', file=sys.stderr)
        return 1
    print(uri)
    return 0


if __name__ == '__main__':
    sys.exit(main())
