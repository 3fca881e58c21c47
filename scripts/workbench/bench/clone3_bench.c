// SPDX-License-Identifier: GPL-2.0
/*
 * clone3_bench - the per-call cost of clone3() and fork() paths
 *
 * Usage: clone3_bench [-w]
 *
 * Runs each path in a timed loop, REPS times; then prints for each
 * repetition "bench-rep <path> <calls> <ns>" and per path
 * "bench-result <path> <calls> <median ns per call, x1000>".
 *
 * Under QEMU's "-icount shift=0,sleep=off" the guest clock advances one
 * nanosecond per guest instruction, so these nanoseconds are instructions
 * (of the whole guest: the loop, the system call entry and exit, and any
 * interrupt that falls into the window). Without -icount they are TCG
 * wall-clock time; -w (for those runs) repeats the cheap paths 25 times
 * more, for a guest clock that may only tick every few milliseconds
 * (jiffies, on an x86_64 guest that cannot calibrate its TSC under TCG).
 *
 * The first path, "floor-enosys", is the cheapest system call round trip:
 * a system call number that no kernel has, which fails with ENOSYS. The
 * other paths are read as their cost above it.
 *
 * Every call is checked: a refused call must fail with EINVAL (the floor
 * with ENOSYS), a clone must create a child that exits 0. A wrong result stops the program with
 * exit status 1, so a kernel that took a shortcut cannot look fast.
 */

#include "clone3_stress.h"

#include <getopt.h>
#include <pthread.h>
#include <time.h>

#define REPS		5
#define BAD_FLAG	(1ULL << 63)	/* not a clone flag */
#define TAIL_SIZE	4096
#define SET_TID_N	32

struct path {
	const char *name;
	unsigned long calls;	/* per repetition */
	unsigned long wall;	/* factor on calls with -w */
	void (*run)(unsigned long n);
};

/* Above every architecture's table, below the x32 bit of x86_64. */
#define NR_UNKNOWN	1023

static unsigned char buf[TAIL_SIZE] __attribute__((aligned(4096)));
static pid_t set_tid[SET_TID_N];

static void fail(const char *what, long ret)
{
	fflush(stdout);
	fprintf(stderr, "clone3_bench: %s: returned %ld (%s)\n", what, ret,
		ret < 0 ? c3_errname(-ret) : "no error");
	exit(1);
}

/* A struct clone_args in buf: exit signal SIGCHLD, @flags, @size bytes. */
static struct c3_args *args_in_buf(__u64 flags)
{
	struct c3_args *a = (struct c3_args *)buf;

	memset(buf, 0, sizeof(buf));
	a->f[F_FLAGS] = flags;
	a->f[F_EXIT_SIGNAL] = SIGCHLD;
	return a;
}

static void refused(unsigned long n, __u64 size, const char *what)
{
	unsigned long i;
	long ret;

	for (i = 0; i < n; i++) {
		ret = c3_raw_clone3(c3_ptr(buf), size);
		if (ret != -EINVAL)
			fail(what, ret);
	}
}

/* A raw system call with two arguments, as c3_raw_clone3() makes them. */
#if defined(__x86_64__)
static inline long raw_syscall2(long nr, __u64 a, __u64 b)
{
	long ret = nr;

	asm volatile("syscall"
		     : "+a" (ret)
		     : "D" (a), "S" (b)
		     : "rcx", "r11", "memory", "cc");
	return ret;
}
#elif defined(__aarch64__)
static inline long raw_syscall2(long nr, __u64 a, __u64 b)
{
	register long x8 asm("x8") = nr;
	register long x0 asm("x0") = (long)a;
	register long x1 asm("x1") = (long)b;

	asm volatile("svc #0"
		     : "+r" (x0)
		     : "r" (x8), "r" (x1)
		     : "memory", "cc");
	return x0;
}
#elif defined(__riscv) && __riscv_xlen == 64
static inline long raw_syscall2(long nr, __u64 a, __u64 b)
{
	register long a7 asm("a7") = nr;
	register long a0 asm("a0") = (long)a;
	register long a1 asm("a1") = (long)b;

	asm volatile("ecall"
		     : "+r" (a0)
		     : "r" (a7), "r" (a1)
		     : "memory");
	return a0;
}
#else
/*
 * Architectures that make bench does not count (bench.py: x86_64, arm64),
 * built for their guest all the same: the C library's syscall(), its
 * error turned into the raw call's -errno.
 */
static inline long raw_syscall2(long nr, __u64 a, __u64 b)
{
	long ret = syscall(nr, (unsigned long)a, (unsigned long)b);

	return ret == -1 ? -errno : ret;
}
#endif

/* 0. the floor: an unknown system call, ENOSYS */
static void run_floor(unsigned long n)
{
	unsigned long i;
	long ret;

	for (i = 0; i < n; i++) {
		ret = raw_syscall2(NR_UNKNOWN, c3_ptr(buf), C3_SIZE_VER2);
		if (ret != -ENOSYS)
			fail("unknown system call", ret);
	}
}

/* 1. refused at once: size 0 */
static void run_size0(unsigned long n)
{
	args_in_buf(0);
	refused(n, 0, "size 0");
}

/* 2. refused after the full copy: an unknown flag at size 88 */
static void run_badflag(unsigned long n)
{
	args_in_buf(BAD_FLAG);
	refused(n, C3_SIZE_VER2, "unknown flag");
}

/* 3. a 4096-byte struct whose tail is zero, then the unknown flag */
static void run_tail(unsigned long n)
{
	args_in_buf(BAD_FLAG);
	refused(n, TAIL_SIZE, "4096-byte struct");
}

/* 4. 32 set_tid entries copied, then the unknown flag */
static void run_set_tid(unsigned long n)
{
	struct c3_args *a = args_in_buf(BAD_FLAG);
	int i;

	for (i = 0; i < SET_TID_N; i++)
		set_tid[i] = 0;
	a->f[F_SET_TID] = c3_ptr(set_tid);
	a->f[F_SET_TID_SIZE] = SET_TID_N;
	refused(n, C3_SIZE_VER2, "set_tid of 32");
}

static void reap(pid_t pid, const char *what)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		fail(what, -errno);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		fail(what, status);
}

/* 5. a full clone3() and waitpid(); the child exits at once */
static void run_clone3(unsigned long n)
{
	unsigned long i;
	long ret;

	args_in_buf(0);
	for (i = 0; i < n; i++) {
		ret = c3_raw_clone3(c3_ptr(buf), C3_SIZE_VER2);
		if (ret <= 0)
			fail("clone3", ret);
		reap(ret, "clone3 child");
	}
}

static void *thread_fn(void *arg)
{
	return arg;
}

/* 6. pthread_create() and pthread_join() (clone3 in glibc >= 2.34) */
static void run_pthread(unsigned long n)
{
	unsigned long i;
	pthread_t t;
	void *ret;
	int err;

	for (i = 0; i < n; i++) {
		err = pthread_create(&t, NULL, thread_fn, buf);
		if (err)
			fail("pthread_create", -err);
		err = pthread_join(t, &ret);
		if (err || ret != buf)
			fail("pthread_join", -err);
	}
}

/* 7. fork() and waitpid(): glibc's fork() is the legacy clone() */
static void run_fork(unsigned long n)
{
	unsigned long i;
	pid_t pid;

	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid < 0)
			fail("fork", -errno);
		if (!pid)
			_exit(0);
		reap(pid, "fork child");
	}
}

static const struct path paths[] = {
	{ "floor-enosys",	20000,	25,	run_floor },
	{ "size0-einval",	20000,	25,	run_size0 },
	{ "badflag-einval",	20000,	25,	run_badflag },
	{ "tail4096-einval",	20000,	25,	run_tail },
	{ "set_tid32-einval",	20000,	25,	run_set_tid },
	{ "clone3-waitpid",	1000,	1,	run_clone3 },
	{ "pthread-create-join", 1000,	1,	run_pthread },
	{ "fork-waitpid",	1000,	1,	run_fork },
};

static unsigned long long now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		fail("clock_gettime", -errno);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int cmp_ull(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a;
	unsigned long long y = *(const unsigned long long *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	unsigned long long t[ARRAY_SIZE(paths)][REPS], t0;
	unsigned long n[ARRAY_SIZE(paths)];
	unsigned int p;
	int i, opt, wall = 0;

	while ((opt = getopt(argc, argv, "w")) != -1) {
		if (opt != 'w') {
			fprintf(stderr, "usage: clone3_bench [-w]\n");
			return 2;
		}
		wall = 1;
	}
	/* Nothing is printed while measuring: the console would add work. */
	for (p = 0; p < ARRAY_SIZE(paths); p++) {
		n[p] = paths[p].calls * (wall ? paths[p].wall : 1);
		paths[p].run(n[p] / 10 ? n[p] / 10 : 1);	/* warm up */
		for (i = 0; i < REPS; i++) {
			t0 = now_ns();
			paths[p].run(n[p]);
			t[p][i] = now_ns() - t0;
		}
	}
	for (p = 0; p < ARRAY_SIZE(paths); p++) {
		for (i = 0; i < REPS; i++)
			printf("bench-rep %s %lu %llu\n", paths[p].name, n[p], t[p][i]);
		qsort(t[p], REPS, sizeof(t[p][0]), cmp_ull);
		printf("bench-result %s %lu %llu\n", paths[p].name, n[p],
		       t[p][REPS / 2] * 1000 / n[p]);
	}
	return 0;
}
