// SPDX-License-Identifier: GPL-2.0
/*
 * clone3_race - clone3() on a struct that other threads keep rewriting
 *
 * Usage: clone3_race [--seconds N]
 *
 * Writer threads flip fields of one shared struct clone_args between a
 * "good" value and "bad" ones while the main thread calls clone3() on it
 * in a loop. The values are chosen so that each field differs between its
 * versions in one byte only (user copies may tear a field at any byte),
 * and so that the only snapshot that passes validation, byte by byte, is
 * the one where every field holds its good value:
 *
 *   flags        good: CLONE_INTO_CGROUP (0 without cgroup2)
 *                bad:  + CLONE_VM|CLONE_SIGHAND|CLONE_PARENT (byte 1),
 *                      + CLONE_THREAD (byte 2), + bit 40 (byte 5)
 *   exit_signal  good: 35; bad: 163 (byte 0, not a valid signal) or
 *                35 | 1 << 32 (byte 4)
 *   set_tid      good: NULL/0; bad: an array holding a free pid X, size 33
 *   cgroup       good: a cgroup2 directory fd; bad: fd | 1 << 32
 *   stack        good: 0/0; bad: size 0x1000 (byte 1) without a stack
 *   tail         byte 100 (the size is 88 or 128): good 0, bad 0x5a
 *
 * So every call must fail with EINVAL (or E2BIG when the size covers the
 * tail) or create a child that matches the good version: a child of ours
 * (not CLONE_PARENT, not CLONE_THREAD), whose exit sends signal 35, whose
 * pid is not X, and that exits with status 0. Anything else is a
 * violation: the kernel acted on a value it did not validate. Sizes 64 and
 * 80 are used too: with CLONE_INTO_CGROUP they must always fail.
 *
 * Prints "# race: N calls, M children, V violations", exits 1 if V > 0.
 *
 * --check-detector makes the bad set_tid version valid (size 1 instead of
 * 33), so children with pid X appear: the run must then report violations
 * and exits 0 only if it did.
 */

#include "clone3_stress.h"

#include <getopt.h>
#include <pthread.h>

#define GOOD_SIG	35
#define TAIL_OFF	100

static unsigned char *shared;		/* the struct, 128 bytes */
static int stop;
static int free_pid;
static __u64 bad_settid_size = 33;
static __u64 good_flags, good_cgroup;
static unsigned long long n_calls, n_children, n_viol, n_transient;
static unsigned long long hist[136];

static __u64 *field(int i)
{
	return (__u64 *)(shared + 8 * i);
}

static void put(int i, __u64 v)
{
	__atomic_store_n(field(i), v, __ATOMIC_RELAXED);
}

static void spin(unsigned int n)
{
	while (n--)
		asm volatile("" ::: "memory");
}

/* Good most of the time, so that valid snapshots are not rare. */
static void *writer_flags_signal(void *arg)
{
	__u64 s = c3_mix(1);

	(void)arg;
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		switch (c3_below(&s, 6)) {
		case 0:
			put(F_FLAGS, good_flags | CLONE_VM | CLONE_SIGHAND |
				     CLONE_PARENT);
			break;
		case 1:
			put(F_FLAGS, good_flags | CLONE_THREAD);
			break;
		case 2:
			put(F_FLAGS, good_flags | (1ULL << 40));
			break;
		case 3:
			put(F_EXIT_SIGNAL, 163);
			break;
		case 4:
			put(F_EXIT_SIGNAL, GOOD_SIG | (1ULL << 32));
			break;
		default:
			put(F_FLAGS, good_flags | CLONE_VM | CLONE_SIGHAND |
				     CLONE_PARENT | CLONE_THREAD |
				     (1ULL << 40));
		}
		spin(c3_below(&s, 64));
		put(F_FLAGS, good_flags);
		put(F_EXIT_SIGNAL, GOOD_SIG);
		spin(c3_below(&s, 512));
	}
	return NULL;
}

static void *writer_settid_cgroup(void *arg)
{
	__u64 s = c3_mix(2);
	__u64 arr = c3_ptr(c3_scratch_int(SCR_SETTID));

	(void)arg;
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		switch (c3_below(&s, 4)) {
		case 0:
			put(F_SET_TID, arr);
			break;
		case 1:
			put(F_SET_TID_SIZE, bad_settid_size);
			break;
		case 2:
			put(F_SET_TID, arr);
			put(F_SET_TID_SIZE, bad_settid_size);
			break;
		default:
			put(F_CGROUP, good_cgroup | (1ULL << 32));
		}
		spin(c3_below(&s, 64));
		put(F_SET_TID_SIZE, 0);
		put(F_SET_TID, 0);
		put(F_CGROUP, good_cgroup);
		spin(c3_below(&s, 512));
	}
	return NULL;
}

static void *writer_tail_stack(void *arg)
{
	unsigned char *tail = shared + TAIL_OFF;
	__u64 s = c3_mix(3);

	(void)arg;
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		if (c3_below(&s, 2))
			__atomic_store_n(tail, 0x5a, __ATOMIC_RELAXED);
		else
			put(F_STACK_SIZE, 0x1000);
		spin(c3_below(&s, 64));
		__atomic_store_n(tail, 0, __ATOMIC_RELAXED);
		put(F_STACK_SIZE, 0);
		spin(c3_below(&s, 512));
	}
	return NULL;
}

static void violation(const char *what, long ret, __u64 size)
{
	n_viol++;
	if (n_viol <= 20)
		fprintf(stderr, "# clone3_race: VIOLATION: %s (ret %ld, size %llu)\n",
			what, ret, (unsigned long long)size);
}

/* A cgroup path as the child's /proc/PID/cgroup shows it, if readable */
static int child_cgroup_ok(pid_t pid)
{
	char path[64], buf[256];
	FILE *f;
	int ok = 1;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", pid);
	f = fopen(path, "r");
	if (!f)
		return 1;
	if (fgets(buf, sizeof(buf), f) && !strncmp(buf, "0::/", 4))
		ok = !!strstr(buf, "clone3_race");
	fclose(f);
	return ok;
}

static void check_child(pid_t pid, long ret, __u64 size, sigset_t *all)
{
	struct timespec zero = { 0, 0 };
	siginfo_t si;
	int status, sig, got = 0, other = 0;

	n_children++;
	if (size < C3_SIZE_VER2 && good_flags)
		violation("child created with CLONE_INTO_CGROUP and size < 88",
			  ret, size);
	if (pid == free_pid)
		violation("child has the pid of the bad set_tid", ret, size);
	if (good_flags && !child_cgroup_ok(pid))
		violation("child is not in the requested cgroup", ret, size);
	while (waitpid(pid, &status, __WALL) < 0) {
		if (errno == EINTR)
			continue;
		violation("child is not ours (CLONE_PARENT or CLONE_THREAD)",
			  ret, size);
		c3_wait_gone(pid, 1);
		c3_wait_gone(pid, 0);
		status = 0;
		break;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		violation("child did not exit with status 0", ret, size);
	/* The exit signal is queued before the child becomes waitable. */
	for (;;) {
		sig = sigtimedwait(all, &si, &zero);
		if (sig < 0)
			break;
		if (si.si_pid == pid && sig == GOOD_SIG)
			got++;
		else
			other++;
	}
	if (got != 1)
		violation("child's exit signal is not the good one", ret, size);
	if (other)
		violation("unexpected signal", ret, size);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seconds", required_argument, NULL, 's' },
		{ "check-detector", no_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	static const __u64 sizes[] = { 88, 128, 128, 88, 64, 128, 80, 128 };
	unsigned long seconds = 10;
	pthread_t th[3];
	sigset_t all;
	struct timespec t0, t;
	__u64 size;
	long ret;
	int o, i, check_detector = 0;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 's':
			seconds = strtoul(optarg, NULL, 0);
			break;
		case 'd':
			check_detector = 1;
			bad_settid_size = 1;
			break;
		default:
			fprintf(stderr,
				"usage: clone3_race [--seconds N] [--check-detector]\n");
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	c3_supervise();
	if (c3_mem_init()) {
		perror("clone3_race: mmap");
		return 1;
	}
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	if (c3_cgroup_setup("clone3_race")) {
		good_flags = CLONE_INTO_CGROUP;
		good_cgroup = C3_CG_GOOD;
	} else {
		fprintf(stderr, "# clone3_race: no cgroup2, CLONE_INTO_CGROUP not used\n");
	}
	free_pid = c3_free_pid();
	for (i = 0; i < 33; i++)
		c3_scratch_int(SCR_SETTID)[i] = free_pid;

	/* the struct, in a page of its own */
	shared = c3_page(PG_NORMAL);
	memset(shared, 0, 2 * C3_SIZE_VER2);
	put(F_FLAGS, good_flags);
	put(F_EXIT_SIGNAL, GOOD_SIG);
	put(F_CGROUP, good_cgroup);

	/* exit signals stay pending until check_child() takes them */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	sigdelset(&all, SIGKILL);
	sigdelset(&all, SIGSTOP);

	if (pthread_create(&th[0], NULL, writer_flags_signal, NULL) ||
	    pthread_create(&th[1], NULL, writer_settid_cgroup, NULL) ||
	    pthread_create(&th[2], NULL, writer_tail_stack, NULL)) {
		fprintf(stderr, "clone3_race: pthread_create failed\n");
		return 1;
	}

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if ((n_calls & 255) == 0) {
			clock_gettime(CLOCK_MONOTONIC, &t);
			if ((unsigned long)(t.tv_sec - t0.tv_sec) >= seconds)
				break;
		}
		size = sizes[n_calls % (ARRAY_SIZE(sizes))];
		ret = c3_raw_clone3(c3_ptr(shared), size);
		n_calls++;
		if (ret > 0) {
			hist[0]++;
			check_child(ret, ret, size, &all);
			continue;
		}
		hist[-ret < 135 ? -ret : 135]++;
		if (ret == -EINVAL || (ret == -E2BIG && size > TAIL_OFF))
			continue;
		if (ret == -ENOMEM || ret == -EAGAIN || ret == -EINTR) {
			n_transient++;
			continue;
		}
		violation(c3_errname(-ret), ret, size);
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	for (i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	c3_drain();
	c3_cgroup_cleanup();

	for (i = 0; i < 136; i++)
		if (hist[i])
			fprintf(stderr, "# clone3_race: %10llu %s\n", hist[i],
				i ? c3_errname(i) : "ok");
	if (n_transient)
		fprintf(stderr, "# clone3_race: %llu transient failures\n",
			n_transient);
	printf("# race: %llu calls, %llu children, %llu violations\n",
	       n_calls, n_children, n_viol);
	if (check_detector)
		return n_viol ? 0 : 1;
	return n_viol ? 1 : 0;
}
