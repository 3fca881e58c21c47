#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of the self-test of the per-test timeout: a kselftest
# collection "hang" with a test that hangs (and a child that ignores
# SIGTERM) and one that exits but leaves a child holding its output, run
# by the installed kselftest runner with a 5 s timeout.
k=/tmp/ksft-timeout
mkdir -p $k/hang
cp -a /kselftest/kselftest /kselftest/run_kselftest.sh $k/
cp /wb/extra/hang.sh /wb/extra/leftover.sh $k/hang/
echo timeout=5 > $k/hang/settings
printf 'hang:hang.sh\nhang:leftover.sh\n' > $k/kselftest-list.txt
start=$(date +%s)
$k/run_kselftest.sh
echo "runner took $(($(date +%s) - start)) s"
