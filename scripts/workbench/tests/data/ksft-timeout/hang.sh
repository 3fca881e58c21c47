#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A test that never ends, with a child that ignores SIGTERM.
echo "# hang: started"
(trap '' TERM; exec sleep 600) &
sleep 600
