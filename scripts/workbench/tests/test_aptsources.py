#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Unit tests of aptsources.py: which Debian mirror the fetches use."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import aptsources  # noqa: E402

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'apt')
NO_OS_RELEASE = os.path.join(DATA, 'none')


class ParseTest(unittest.TestCase):
    def test_deb822_stanzas_and_enabled(self):
        with open(os.path.join(DATA, 'deb822/sources.list.d/aaa-vendor.sources')) as f:
            entries = aptsources.parse_deb822(f.read())
        # The second stanza says Enabled: no.
        self.assertEqual([e.uris for e in entries], [['http://vendor.example/node']])
        self.assertEqual(entries[0].signed_by, '/usr/share/keyrings/vendor.gpg')

    def test_deb822_comment_inside_stanza(self):
        with open(os.path.join(DATA, 'deb822/sources.list.d/debian.sources')) as f:
            entries = aptsources.parse_deb822(f.read())
        self.assertEqual(len(entries), 2)
        self.assertEqual(entries[0].suites, ['bookworm', 'bookworm-updates'])

    def test_one_line_options_and_comments(self):
        with open(os.path.join(DATA, 'oneline/sources.list')) as f:
            entries = aptsources.parse_one_line(f.read())
        self.assertEqual([(e.types, e.uris[0], e.suites) for e in entries], [
            (['deb-src'], 'http://src.example/debian', ['trixie']),
            (['deb'], 'http://proxy.example:3142/debian/', ['trixie']),
            (['deb'], 'http://proxy.example:3142/debian-security', ['trixie-security'])])
        self.assertIn('debian-archive-keyring', entries[1].signed_by)


class MirrorTest(unittest.TestCase):
    def test_deb822_host_release(self):
        root = os.path.join(DATA, 'deb822')
        # The vendor entry serves "bookworm" too, but with its own keyring,
        # and comes first: it is not Debian's.
        self.assertEqual(aptsources.mirror('mirror', root, NO_OS_RELEASE, {}),
                         ('http://mirror.example/debian', None))
        self.assertEqual(aptsources.mirror('security', root, NO_OS_RELEASE, {}),
                         ('http://security.example/debian-security', None))

    def test_one_line_deb_src_is_not_used(self):
        root = os.path.join(DATA, 'oneline')
        osr = os.path.join(root, 'os-release')
        self.assertEqual(aptsources.codename(osr), 'trixie')
        self.assertEqual(aptsources.mirror('mirror', root, osr, {}),
                         ('http://proxy.example:3142/debian', None))
        self.assertEqual(aptsources.mirror('security', root, osr, {}),
                         ('http://proxy.example:3142/debian-security', None))

    def test_environment_overrides(self):
        root = os.path.join(DATA, 'deb822')
        env = {'DEBIAN_MIRROR': 'http://mine.example/debian/',
               'DEBIAN_SECURITY_MIRROR': 'http://mine.example/sec'}
        self.assertEqual(aptsources.mirror('mirror', root, NO_OS_RELEASE, env),
                         ('http://mine.example/debian', None))
        self.assertEqual(aptsources.mirror('security', root, NO_OS_RELEASE, env),
                         ('http://mine.example/sec', None))

    def test_no_debian_source_names_the_variable(self):
        root = os.path.join(DATA, 'other')
        uri, err = aptsources.mirror('mirror', root, NO_OS_RELEASE, {})
        self.assertIsNone(uri)
        self.assertIn('set DEBIAN_MIRROR=', err)
        uri, err = aptsources.mirror('security', root, NO_OS_RELEASE, {})
        self.assertIsNone(uri)
        self.assertIn('set DEBIAN_SECURITY_MIRROR=', err)

    def test_command_line_fails_with_a_message(self):
        with open(os.devnull, 'w') as null:
            old, sys.stderr = sys.stderr, null
            try:
                rc = aptsources.main(['--root', os.path.join(DATA, 'other'),
                                      '--os-release', NO_OS_RELEASE, 'mirror'])
            finally:
                sys.stderr = old
        self.assertEqual(rc, 1)


if __name__ == '__main__':
    unittest.main()
