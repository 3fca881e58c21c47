// SPDX-License-Identifier: GPL-2.0
/*
 * wb-ctr-init - PID 1 of the container that "make world" runs with crun.
 *
 * Prints its PID, its host name, the pids.max and memory.max of its cgroup,
 * then forks children that wait until fork() fails, and prints how many
 * forks succeeded and the errno of the first one that failed:
 *   pid=1 hostname=wb-ctr pids.max=8 memory.max=67108864 forks=7 then=EAGAIN
 * Static, so that the container's root file system needs nothing else.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

static void read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	snprintf(buf, len, "?");
	if (!f)
		return;
	if (fgets(buf, len, f))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

int main(void)
{
	char host[64] = "?", pids[32], mem[32];
	pid_t kids[4096];
	int n = 0, err = 0, i;

	gethostname(host, sizeof(host));
	read_line("/sys/fs/cgroup/pids.max", pids, sizeof(pids));
	read_line("/sys/fs/cgroup/memory.max", mem, sizeof(mem));
	for (;;) {
		pid_t pid;

		if (n == (int)(sizeof(kids) / sizeof(kids[0])))
			break;
		pid = fork();
		if (pid < 0) {
			err = errno;
			break;
		}
		if (pid == 0) {
			pause();
			_exit(0);
		}
		kids[n++] = pid;
	}
	for (i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	printf("pid=%d hostname=%s pids.max=%s memory.max=%s forks=%d then=%s\n",
	       getpid(), host, pids, mem, n,
	       err == EAGAIN ? "EAGAIN" : err ? strerror(err) : "none");
	return err == EAGAIN ? 0 : 1;
}
