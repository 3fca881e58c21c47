// SPDX-License-Identifier: GPL-2.0
/*
 * clone3_load - many threads creating and reaping children at a pids limit
 *
 * Usage: clone3_load [--threads N] [--seconds N]
 *
 * Moves itself into a new cgroup2 directory, starts N threads (default 64)
 * and then sets pids.max to N + 1 + N / 2: the threads themselves fill N + 1
 * of it, so at most N / 2 of their children can exist at a time and some
 * calls must fail at the limit. Then all threads start together; each
 * calls clone3() (CLONE_VM, exit signal SIGCHLD: a child that exits at
 * once with status 0) and waits for the child, until the time is up.
 *
 * Every failed call must fail with EAGAIN, and every child must be reaped
 * with exit status 0; afterwards no child may be left (not even a zombie)
 * and pids.current must be back to 1. Prints
 *
 *	# load: <calls>/s, <calls> calls, <children> children,
 *	  <errors by errno>, <lost> lost
 *
 * last, after a line for each other problem, and exits 1 on an unexpected
 * errno, a lost child, a bad exit status, a pids.current other than 1
 * afterwards, or a run that never reached the limit.
 */

#include "clone3_stress.h"

#include <getopt.h>
#include <pthread.h>

#define MAX_THREADS	1024

struct worker {
	pthread_t thread;
	unsigned long long calls, children, eagain, other, bad_status, lost;
	long last_other;
};

static int stop;	/* read and written with __atomic builtins */
static struct worker workers[MAX_THREADS];
static pthread_barrier_t start;
static char cg[256];

static void *work(void *arg)
{
	struct worker *w = arg;
	/*
	 * CLONE_VM: the child (which exits at once, touching no memory)
	 * shares the mm, as posix_spawn()'s does, so the calls do not
	 * serialize on copying the mm of a process with 64 threads.
	 */
	struct c3_args a = { .f = { [F_FLAGS] = CLONE_VM,
				    [F_EXIT_SIGNAL] = SIGCHLD } };
	int status;
	long ret, r;

	pthread_barrier_wait(&start);
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		ret = c3_raw_clone3(c3_ptr(&a), C3_SIZE_VER0);
		w->calls++;
		if (ret == -EAGAIN) {
			w->eagain++;
			continue;
		}
		if (ret < 0) {
			w->other++;
			w->last_other = -ret;
			continue;
		}
		do {
			r = waitpid(ret, &status, 0);
		} while (r < 0 && errno == EINTR);
		if (r < 0) {
			w->lost++;
			continue;
		}
		w->children++;
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			w->bad_status++;
	}
	return NULL;
}

static int cg_write(const char *file, const char *val)
{
	char path[320];
	int fd, ok;

	snprintf(path, sizeof(path), "%s/%s", cg, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ok = write(fd, val, strlen(val)) == (ssize_t)strlen(val);
	close(fd);
	return ok ? 0 : -1;
}

static long cg_read(const char *file)
{
	char path[320], buf[32] = "";
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%s", cg, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? strtol(buf, NULL, 10) : -1;
}

static void die(const char *msg)
{
	fprintf(stderr, "clone3_load: %s: %s\n", msg, strerror(errno));
	exit(1);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "threads", required_argument, NULL, 't' },
		{ "seconds", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long calls = 0, children = 0, eagain = 0, other = 0;
	unsigned long long bad = 0, lost = 0, zombies = 0;
	int nthreads = 64, seconds = 10, o, i, status;
	long last_other = 0, cur = -1;
	struct timespec t0, t1;
	char val[32];
	double secs;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 't':
			nthreads = atoi(optarg);
			break;
		case 's':
			seconds = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: clone3_load [--threads N] [--seconds N]\n");
			return 2;
		}
	}
	if (nthreads < 2 || nthreads > MAX_THREADS || seconds < 1) {
		fprintf(stderr, "clone3_load: --threads 2..%d, --seconds >= 1\n",
			MAX_THREADS);
		return 2;
	}

	/* A cgroup of our own, with the pids controller. */
	snprintf(cg, sizeof(cg), "/sys/fs/cgroup/clone3_load.%d", getpid());
	if (mkdir(cg, 0755) && errno != EEXIST)
		die("mkdir cgroup (cgroup2 at /sys/fs/cgroup?)");
	{
		int fd = open("/sys/fs/cgroup/cgroup.subtree_control",
			      O_WRONLY | O_CLOEXEC);

		if (fd < 0 || write(fd, "+pids", 5) != 5)
			die("enable the pids controller");
		close(fd);
	}
	snprintf(val, sizeof(val), "%d", getpid());
	if (cg_write("cgroup.procs", val))
		die("join the cgroup");

	pthread_barrier_init(&start, NULL, nthreads + 1);
	for (i = 0; i < nthreads; i++)
		if (pthread_create(&workers[i].thread, NULL, work, &workers[i])) {
			fprintf(stderr, "clone3_load: pthread_create failed\n");
			return 1;
		}
	snprintf(val, sizeof(val), "%d", nthreads + 1 + nthreads / 2);
	if (cg_write("pids.max", val))
		die("set pids.max");
	pthread_barrier_wait(&start);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	sleep(seconds);
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	for (i = 0; i < nthreads; i++)
		pthread_join(workers[i].thread, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;

	for (i = 0; i < nthreads; i++) {
		struct worker *w = &workers[i];

		calls += w->calls;
		children += w->children;
		eagain += w->eagain;
		other += w->other;
		bad += w->bad_status;
		lost += w->lost;
		if (w->other)
			last_other = w->last_other;
	}
	/* Nothing left to reap: no child escaped its waitpid(). */
	while (waitpid(-1, &status, __WALL | WNOHANG) > 0)
		zombies++;
	/* The threads are released shortly after they are joined. */
	for (i = 0; i < 2000; i++) {
		cur = cg_read("pids.current");
		if (cur == 1)
			break;
		c3_sleep_us(1000);
	}
	lost += zombies;

	if (bad)
		printf("# load: %llu children with a bad exit status\n", bad);
	if (cur != 1)
		printf("# load: pids.current is %ld, not 1, after the run\n", cur);
	if (!eagain)
		printf("# load: pids.max %s was never reached\n", val);
	printf("# load: %.0f/s, %llu calls, %llu children, EAGAIN %llu",
	       calls / secs, calls, children, eagain);
	if (other)
		printf(", %s %llu", c3_errname(last_other), other);
	printf(", %llu lost\n", lost);
	fflush(stdout);

	snprintf(val, sizeof(val), "%d", getpid());
	{
		int fd = open("/sys/fs/cgroup/cgroup.procs", O_WRONLY | O_CLOEXEC);

		if (fd >= 0) {
			if (write(fd, val, strlen(val)) < 0)
				perror("clone3_load: leave the cgroup");
			close(fd);
		}
	}
	rmdir(cg);
	return other || lost || bad || cur != 1 || !eagain ? 1 : 0;
}
