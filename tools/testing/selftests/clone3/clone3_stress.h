/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers of clone3_corpus, clone3_fuzz and clone3_race.
 *
 * The central piece is c3_raw_clone3(): a clone3() wrapper written in
 * inline assembly so that a new child never returns into C. In the child
 * (return value 0) it calls exit(0) right away, using registers only, so
 * CLONE_VM, CLONE_VFORK, CLONE_THREAD, CLONE_SETTLS or any stack value are
 * safe to try: the child touches neither the stack nor any other memory.
 * c3_raw_clone() and c3_raw_fork() do the same for the legacy clone(),
 * fork() and vfork().
 */

#ifndef _CLONE3_STRESS_H
#define _CLONE3_STRESS_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#ifndef __NR_clone3
#define __NR_clone3 435
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD		0x00001000ULL
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME		0x00000080ULL
#endif
#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND	0x100000000ULL
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP	0x200000000ULL
#endif
#ifndef CLONE_AUTOREAP
#define CLONE_AUTOREAP		0x400000000ULL
#endif
#ifndef CLONE_NNP
#define CLONE_NNP		0x800000000ULL
#endif
#ifndef CLONE_PIDFD_AUTOKILL
#define CLONE_PIDFD_AUTOKILL	0x1000000000ULL
#endif
#ifndef CLONE_EMPTY_MNTNS
#define CLONE_EMPTY_MNTNS	0x2000000000ULL
#endif
#ifndef __WALL
#define __WALL			0x40000000
#endif
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE	0x100000
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#endif

#define C3_CSIGNAL		0xffULL
#define C3_SIZE_VER0		64
#define C3_SIZE_VER1		80
#define C3_SIZE_VER2		88
#define C3_MAX_PID_NS_LEVEL	32

/* The 7.2 struct clone_args, as an array of its eleven u64 fields. */
enum {
	F_FLAGS, F_PIDFD, F_CHILD_TID, F_PARENT_TID, F_EXIT_SIGNAL, F_STACK,
	F_STACK_SIZE, F_TLS, F_SET_TID, F_SET_TID_SIZE, F_CGROUP, F_NR
};

struct c3_args {
	__aligned_u64 f[F_NR];
};

/*
 * c3_raw_clone3 - clone3(args, size), the child exits at once
 *
 * Return: the raw kernel return value (a pid, or -errno); never 0.
 */
#if defined(__x86_64__)
static inline long c3_raw_clone3(__u64 args, __u64 size)
{
	long ret = __NR_clone3;

	asm volatile("syscall\n\t"
		     "test %%rax, %%rax\n\t"
		     "jnz 1f\n\t"
		     "mov %[nr_exit], %%eax\n\t"
		     "xor %%edi, %%edi\n\t"
		     "syscall\n\t"
		     "ud2\n\t"
		     "1:\n\t"
		     : "+a" (ret)
		     : "D" (args), "S" (size), [nr_exit] "i" (__NR_exit)
		     : "rcx", "r11", "memory", "cc");
	return ret;
}
#elif defined(__aarch64__)
static inline long c3_raw_clone3(__u64 args, __u64 size)
{
	register long x8 asm("x8") = __NR_clone3;
	register long x0 asm("x0") = (long)args;
	register long x1 asm("x1") = (long)size;

	asm volatile("svc #0\n\t"
		     "cbnz x0, 1f\n\t"
		     "mov x8, %[nr_exit]\n\t"
		     "mov x0, #0\n\t"
		     "svc #0\n\t"
		     "brk #0\n\t"
		     "1:\n\t"
		     : "+r" (x0), "+r" (x8)
		     : "r" (x1), [nr_exit] "i" (__NR_exit)
		     : "memory", "cc");
	return x0;
}
#elif defined(__i386__)
static inline long c3_raw_clone3(__u64 args, __u64 size)
{
	long ret = __NR_clone3;

	/* The i386 syscall takes a 32-bit pointer and a 32-bit size. */
	asm volatile("int $0x80\n\t"
		     "test %%eax, %%eax\n\t"
		     "jnz 1f\n\t"
		     "mov %[nr_exit], %%eax\n\t"
		     "xor %%ebx, %%ebx\n\t"
		     "int $0x80\n\t"
		     "ud2\n\t"
		     "1:\n\t"
		     : "+a" (ret)
		     : "b" ((unsigned long)args), "c" ((unsigned long)size),
		       [nr_exit] "i" (__NR_exit)
		     : "memory", "cc");
	return ret;
}
#elif defined(__arm__)
/*
 * r7 carries the syscall number; it may be the Thumb frame pointer, so the
 * wrappers save it themselves. The child touches no memory before exiting.
 */
#define C3_ARM_SYSCALL(nr)						\
	"push {r7}\n\t"						\
	"mov r7, " nr "\n\t"						\
	"svc #0\n\t"							\
	"cmp r0, #0\n\t"						\
	"bne 1f\n\t"							\
	"mov r7, #1\n\t"	/* __NR_exit */				\
	"mov r0, #0\n\t"						\
	"svc #0\n\t"							\
	"udf #0\n\t"							\
	"1:\n\t"							\
	"pop {r7}\n\t"

static inline long c3_raw_clone3(__u64 args, __u64 size)
{
	/* The 32-bit syscall takes a 32-bit pointer and a 32-bit size. */
	register long r0 asm("r0") = (long)args;
	register long r1 asm("r1") = (long)size;
	long nr = __NR_clone3;

	asm volatile(C3_ARM_SYSCALL("%[nr]")
		     : "+r" (r0)
		     : "r" (r1), [nr] "r" (nr)
		     : "memory", "cc");
	return r0;
}
#elif defined(__riscv) && __riscv_xlen == 64
static inline long c3_raw_clone3(__u64 args, __u64 size)
{
	register long a7 asm("a7") = __NR_clone3;
	register long a0 asm("a0") = (long)args;
	register long a1 asm("a1") = (long)size;

	asm volatile("ecall\n\t"
		     "bnez a0, 1f\n\t"
		     "li a7, %[nr_exit]\n\t"
		     "li a0, 0\n\t"
		     "ecall\n\t"
		     "unimp\n\t"
		     "1:\n\t"
		     : "+r" (a0), "+r" (a7)
		     : "r" (a1), [nr_exit] "i" (__NR_exit)
		     : "memory");
	return a0;
}
#else
#error "no raw clone3 wrapper for this architecture"
#endif

/*
 * c3_raw_clone - the legacy clone(), the child exits at once
 *
 * The arguments in the order of the x86_64 syscall; the wrapper puts them
 * where the architecture wants them (CLONE_BACKWARDS on aarch64 and i386).
 * c3_raw_fork - fork() or vfork() by syscall number @nr, the same way; only
 * where the architecture has them (C3_HAVE_FORK).
 *
 * Return: the raw kernel return value (a pid, or -errno); never 0.
 */
#if defined(__x86_64__)
#define C3_HAVE_FORK 1
static inline long c3_raw_clone(__u64 flags, __u64 newsp, __u64 ptid,
				__u64 ctid, __u64 tls)
{
	register __u64 r10 asm("r10") = ctid;
	register __u64 r8 asm("r8") = tls;
	long ret = __NR_clone;

	asm volatile("syscall\n\t"
		     "test %%rax, %%rax\n\t"
		     "jnz 1f\n\t"
		     "mov %[nr_exit], %%eax\n\t"
		     "xor %%edi, %%edi\n\t"
		     "syscall\n\t"
		     "ud2\n\t"
		     "1:\n\t"
		     : "+a" (ret)
		     : "D" (flags), "S" (newsp), "d" (ptid), "r" (r10), "r" (r8),
		       [nr_exit] "i" (__NR_exit)
		     : "rcx", "r11", "memory", "cc");
	return ret;
}

static inline long c3_raw_fork(long nr)
{
	long ret = nr;

	asm volatile("syscall\n\t"
		     "test %%rax, %%rax\n\t"
		     "jnz 1f\n\t"
		     "mov %[nr_exit], %%eax\n\t"
		     "xor %%edi, %%edi\n\t"
		     "syscall\n\t"
		     "ud2\n\t"
		     "1:\n\t"
		     : "+a" (ret)
		     : [nr_exit] "i" (__NR_exit)
		     : "rcx", "r11", "rdi", "memory", "cc");
	return ret;
}
#elif defined(__aarch64__)
#define C3_HAVE_FORK 0
static inline long c3_raw_clone(__u64 flags, __u64 newsp, __u64 ptid,
				__u64 ctid, __u64 tls)
{
	register long x8 asm("x8") = __NR_clone;
	register long x0 asm("x0") = (long)flags;
	register long x1 asm("x1") = (long)newsp;
	register long x2 asm("x2") = (long)ptid;
	register long x3 asm("x3") = (long)tls;
	register long x4 asm("x4") = (long)ctid;

	asm volatile("svc #0\n\t"
		     "cbnz x0, 1f\n\t"
		     "mov x8, %[nr_exit]\n\t"
		     "mov x0, #0\n\t"
		     "svc #0\n\t"
		     "brk #0\n\t"
		     "1:\n\t"
		     : "+r" (x0), "+r" (x8)
		     : "r" (x1), "r" (x2), "r" (x3), "r" (x4),
		       [nr_exit] "i" (__NR_exit)
		     : "memory", "cc");
	return x0;
}
#elif defined(__riscv) && __riscv_xlen == 64
#define C3_HAVE_FORK 0
static inline long c3_raw_clone(__u64 flags, __u64 newsp, __u64 ptid,
				__u64 ctid, __u64 tls)
{
	/* CLONE_BACKWARDS: flags, newsp, parent_tid, tls, child_tid */
	register long a7 asm("a7") = __NR_clone;
	register long a0 asm("a0") = (long)flags;
	register long a1 asm("a1") = (long)newsp;
	register long a2 asm("a2") = (long)ptid;
	register long a3 asm("a3") = (long)tls;
	register long a4 asm("a4") = (long)ctid;

	asm volatile("ecall\n\t"
		     "bnez a0, 1f\n\t"
		     "li a7, %[nr_exit]\n\t"
		     "li a0, 0\n\t"
		     "ecall\n\t"
		     "unimp\n\t"
		     "1:\n\t"
		     : "+r" (a0), "+r" (a7)
		     : "r" (a1), "r" (a2), "r" (a3), "r" (a4),
		       [nr_exit] "i" (__NR_exit)
		     : "memory");
	return a0;
}
#elif defined(__i386)
#define C3_HAVE_FORK 1
static inline long c3_raw_clone(__u64 flags, __u64 newsp, __u64 ptid,
				__u64 ctid, __u64 tls)
{
	long ret = __NR_clone;

	asm volatile("int $0x80\n\t"
		     "test %%eax, %%eax\n\t"
		     "jnz 1f\n\t"
		     "mov %[nr_exit], %%eax\n\t"
		     "xor %%ebx, %%ebx\n\t"
		     "int $0x80\n\t"
		     "ud2\n\t"
		     "1:\n\t"
		     : "+a" (ret)
		     : "b" ((unsigned long)flags), "c" ((unsigned long)newsp),
		       "d" ((unsigned long)ptid), "S" ((unsigned long)tls),
		       "D" ((unsigned long)ctid), [nr_exit] "i" (__NR_exit)
		     : "memory", "cc");
	return ret;
}

static inline long c3_raw_fork(long nr)
{
	long ret = nr;

	asm volatile("int $0x80\n\t"
		     "test %%eax, %%eax\n\t"
		     "jnz 1f\n\t"
		     "mov %[nr_exit], %%eax\n\t"
		     "xor %%ebx, %%ebx\n\t"
		     "int $0x80\n\t"
		     "ud2\n\t"
		     "1:\n\t"
		     : "+a" (ret)
		     : [nr_exit] "i" (__NR_exit)
		     : "memory", "cc");
	return ret;
}
#elif defined(__arm__)
#define C3_HAVE_FORK 1
static inline long c3_raw_clone(__u64 flags, __u64 newsp, __u64 ptid,
				__u64 ctid, __u64 tls)
{
	/* CLONE_BACKWARDS: flags, newsp, parent_tid, tls, child_tid */
	register long r0 asm("r0") = (long)flags;
	register long r1 asm("r1") = (long)newsp;
	register long r2 asm("r2") = (long)ptid;
	register long r3 asm("r3") = (long)tls;
	register long r4 asm("r4") = (long)ctid;
	long nr = __NR_clone;

	asm volatile(C3_ARM_SYSCALL("%[nr]")
		     : "+r" (r0)
		     : "r" (r1), "r" (r2), "r" (r3), "r" (r4), [nr] "r" (nr)
		     : "memory", "cc");
	return r0;
}

static inline long c3_raw_fork(long nr)
{
	register long r0 asm("r0") = 0;

	asm volatile(C3_ARM_SYSCALL("%[nr]")
		     : "+r" (r0)
		     : [nr] "r" (nr)
		     : "memory", "cc");
	return r0;
}
#endif

/* A legacy call: clone() when nr is __NR_clone, else fork() or vfork(). */
struct c3_legacy {
	long nr;
	__u64 flags, newsp, ptid, ctid, tls;
};

static inline long c3_raw_legacy(const struct c3_legacy *l)
{
#if C3_HAVE_FORK
	if (l->nr != __NR_clone)
		return c3_raw_fork(l->nr);
#endif
	return c3_raw_clone(l->flags, l->newsp, l->ptid, l->ctid, l->tls);
}

#if defined(__i386) || defined(__arm__)
#define C3_WORD32 1
#else
#define C3_WORD32 0
#endif

/* xorshift64*, libc-independent */
static inline __u64 c3_rnd(__u64 *s)
{
	__u64 x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1DULL;
}

/* splitmix64, to derive a per-case PRNG state from (seed, index) */
static inline __u64 c3_mix(__u64 x)
{
	x += 0x9E3779B97F4A7C15ULL;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
	x ^= x >> 31;
	return x ? x : 0x1234567ULL;
}

static inline __u64 c3_below(__u64 *s, __u64 n)
{
	return n ? c3_rnd(s) % n : 0;
}

static const char *c3_errname(long err)
{
	static char buf[24];

	switch (err) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	case EINTR: return "EINTR";
	case EIO: return "EIO";
	case ENXIO: return "ENXIO";
	case E2BIG: return "E2BIG";
	case EBADF: return "EBADF";
	case ECHILD: return "ECHILD";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case EXDEV: return "EXDEV";
	case ENODEV: return "ENODEV";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case EINVAL: return "EINVAL";
	case ENFILE: return "ENFILE";
	case EMFILE: return "EMFILE";
	case ENOSPC: return "ENOSPC";
	case EROFS: return "EROFS";
	case ERANGE: return "ERANGE";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EUSERS: return "EUSERS";
	case ESTALE: return "ESTALE";
	case EOVERFLOW: return "EOVERFLOW";
	}
	snprintf(buf, sizeof(buf), "E%ld", err);
	return buf;
}

/*
 * Signals. A child's exit signal goes to its parent, so the parent must
 * not die or stop from any of them: every catchable signal is ignored
 * (ignored, not blocked: a blocked signal is queued even when ignored, and
 * real-time ones would pile up). SIGCHLD keeps SIG_DFL, which discards it
 * too without turning on automatic reaping. 32 and 33 are set through the
 * raw syscall because glibc reserves them. SIGKILL and SIGSTOP cannot be
 * ignored: callers run such cases through c3_call_subparent().
 */
struct c3_ksigaction {
	unsigned long handler;
	unsigned long flags;
	unsigned long restorer;
	__u32 mask[2];
};

static inline void c3_ignore_signals(void)
{
	struct c3_ksigaction ksa;
	int sig;

	for (sig = 1; sig <= 64; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		memset(&ksa, 0, sizeof(ksa));
		ksa.handler = (unsigned long)(sig == SIGCHLD ? SIG_DFL : SIG_IGN);
		syscall(__NR_rt_sigaction, sig, &ksa, NULL, 8);
	}
}

/*
 * When the init of a new pid namespace exits, the kernel sets SIGCHLD to
 * SIG_IGN in its signal handler table (zap_pid_ns_processes()). A child
 * made with CLONE_SIGHAND shares ours: put SIGCHLD back after such a child.
 */
static inline void c3_sigchld_default(void)
{
	struct c3_ksigaction ksa;

	memset(&ksa, 0, sizeof(ksa));
	ksa.handler = (unsigned long)SIG_DFL;
	syscall(__NR_rt_sigaction, SIGCHLD, &ksa, NULL, 8);
}

static inline void c3_sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	nanosleep(&ts, NULL);
}

/*
 * c3_supervise - fork the worker and reap everything until it is done
 *
 * The calling process becomes a child subreaper that only reaps: children
 * created with CLONE_PARENT by the worker, and orphans, are its children.
 * Returns in the worker (also a subreaper, for its own grandchildren); the
 * supervisor exits with the worker's status.
 */
static inline void c3_supervise(void)
{
	pid_t worker, pid;
	int status, wstatus = 1, i;

	c3_ignore_signals();
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	fflush(NULL);
	worker = fork();
	if (worker < 0) {
		perror("fork");
		exit(1);
	}
	if (worker == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		return;
	}
	for (;;) {
		pid = waitpid(-1, &status, __WALL);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pid == worker) {
			if (WIFEXITED(status))
				wstatus = WEXITSTATUS(status);
			else
				wstatus = 128 + WTERMSIG(status);
			break;
		}
	}
	/* Late CLONE_PARENT children and orphans: they exit on their own. */
	for (i = 0; i < 2000; i++) {
		pid = waitpid(-1, &status, __WALL | WNOHANG);
		if (pid < 0 && errno == ECHILD)
			break;
		if (pid <= 0)
			c3_sleep_us(1000);
	}
	exit(wstatus);
}

/* Reap orphans that were reparented to this (subreaper) process. */
static inline void c3_drain(void)
{
	int status;

	while (waitpid(-1, &status, __WALL | WNOHANG) > 0)
		;
}

static inline void c3_wait_gone(pid_t pid, int thread)
{
	long n;
	int r;

	for (n = 0; ; n++) {
		if (thread)
			r = syscall(__NR_tgkill, getpid(), pid, 0);
		else
			r = kill(pid, 0);
		if (r < 0 && errno == ESRCH)
			return;
		if (n < 1000)
			sched_yield();
		else if (n < 100000)
			c3_sleep_us(1000);
		else
			return;	/* 100 s: give up, do not hang */
	}
}

static inline void c3_reap_one(pid_t pid, __u64 flags)
{
	int status;

	if (flags & CLONE_THREAD) {
		/* A thread exits and is released on its own. */
		c3_wait_gone(pid, 1);
		return;
	}
	if (flags & (CLONE_PARENT | CLONE_AUTOREAP)) {
		/* Not ours to wait for: the supervisor or the kernel reaps. */
		c3_wait_gone(pid, 0);
		return;
	}
	while (waitpid(pid, &status, __WALL) < 0) {
		if (errno != EINTR) {
			/* Reaped already (see c3_sigchld_default()). */
			c3_wait_gone(pid, 0);
			return;
		}
	}
}

/*
 * c3_reap - wait until the child a successful clone3() made is gone
 * @pid: what clone3() returned
 * @flags: the flags the kernel saw
 */
static inline void c3_reap(pid_t pid, __u64 flags)
{
	c3_reap_one(pid, flags);
	if (flags & CLONE_SIGHAND)
		c3_sigchld_default();
}

/*
 * Fault injection (CONFIG_FAULT_INJECTION): writing n to
 * /proc/thread-self/fail-nth makes the n-th injectable operation (a
 * failslab allocation, a user copy) of the thread's next system calls
 * fail. c3_fail_arm() must be the last system call before the one under
 * test; c3_fail_consumed() then tells whether the fault was injected and
 * disarms. c3_fail_n is the n of the calls made in the sub-parent.
 */
#define C3_FAIL_FD	240

static int c3_fail_fd = -1;
static unsigned int c3_fail_n;

static inline int c3_fail_open(void)
{
	int fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);

	/* above the range the corpus closes after CLONE_PIDFD calls */
	c3_fail_fd = fd < 0 ? fd : fcntl(fd, F_DUPFD_CLOEXEC, C3_FAIL_FD);
	if (fd >= 0)
		close(fd);
	return c3_fail_fd;
}

/*
 * c3_fail_pid_reset - make the next pid C3_FAIL_PID
 *
 * Where the pid IDR needs a new node, alloc_pid() makes one more
 * allocation, so the injection points of a call depend on the pids taken
 * before it: on how many tasks the kernel has created since boot, which
 * differs between kernels (their KUnit suites). Each call under fault
 * injection starts from the same pid instead, in a range nothing else uses,
 * next to the task of c3_fail_pid_pin().
 */
#define C3_FAIL_PID	16385

static inline void c3_fail_pid_set(int last)
{
	static int fd = -1;
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%d", last);

	if (fd < 0) {
		int lo = open("/proc/sys/kernel/ns_last_pid", O_RDWR | O_CLOEXEC);

		/* as c3_fail_fd */
		fd = lo < 0 ? lo : fcntl(lo, F_DUPFD_CLOEXEC, C3_FAIL_FD + 1);
		if (lo >= 0)
			close(lo);
	}
	if (fd < 0 || pwrite(fd, buf, len, 0) != len) {
		perror("ns_last_pid (CONFIG_CHECKPOINT_RESTORE, root)");
		exit(1);
	}
}

static inline void c3_fail_pid_reset(void)
{
	c3_fail_pid_set(C3_FAIL_PID - 1);
}

/*
 * c3_fail_pid_pin - keep a task in the pid IDR's leaf of C3_FAIL_PID
 *
 * The pid IDR is a radix tree whose leaves hold 64 pids (16 with
 * CONFIG_BASE_SMALL). Once a call's child is freed, the leaf of its pid is
 * freed with it if no other pid lies there, and the next call's alloc_pid()
 * allocates it again, with the nodes above it: up to three more injection
 * points, which the call survives (idr_preload()). Kernel threads take
 * their pids from the same IDR, after the last one given out: one that
 * starts during a run and lives on (an idle kworker, for minutes) keeps
 * the leaf, and removes those points for a window of cases that differs
 * from boot to boot. A task with the pid C3_FAIL_PID - 1 for the whole run
 * keeps the leaf, so that no call allocates it.
 *
 * Return: the pid of the task, which waits to be killed and dies with its
 * parent; exits if it cannot be placed there.
 */
static inline pid_t c3_fail_pid_pin(void)
{
	pid_t parent = getpid(), pin;

	c3_fail_pid_set(C3_FAIL_PID - 2);
	pin = fork();
	if (pin < 0) {
		perror("fork");
		exit(1);
	}
	if (pin == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		if (getppid() != parent)
			_exit(0);
		for (;;)
			pause();
	}
	/* in the same leaf, of either size */
	if (pin / 16 != C3_FAIL_PID / 16) {
		fprintf(stderr, "the pid IDR's leaf keeper got pid %d, not one next to %d\n",
			pin, C3_FAIL_PID);
		kill(pin, SIGKILL);
		exit(1);
	}
	return pin;
}

static inline void c3_fail_arm(unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	if (c3_fail_fd < 0 || pwrite(c3_fail_fd, buf, len, 0) != len) {
		perror("fail-nth: write");
		exit(1);
	}
}

/*
 * c3_fail_consumed - whether the armed fault was injected
 *
 * The read itself copies to user space, an injectable operation: if one
 * operation was left, it fails with EFAULT, which also means that the
 * system call under test did not inject the fault.
 *
 * Return: 1 if injected, 0 if not, and the fault is disarmed either way.
 */
static inline int c3_fail_consumed(void)
{
	char buf[16] = "";
	ssize_t r = pread(c3_fail_fd, buf, sizeof(buf) - 1, 0);

	if (r < 0 && errno == EFAULT)
		return 0;
	if (r <= 0) {
		perror("fail-nth: read");
		exit(1);
	}
	if (strtoul(buf, NULL, 10) == 0)
		return 1;
	/*
	 * Disarm. The write copies from user space too: with one operation
	 * left it fails with EFAULT, and that too leaves the fault disarmed.
	 */
	if (pwrite(c3_fail_fd, "0", 1, 0) != 1 && errno != EFAULT) {
		perror("fail-nth: write");
		exit(1);
	}
	return 0;
}

/*
 * Where a case's clone3() runs when its exit signal is SIGKILL or SIGSTOP:
 * in a forked sub-parent, which may be killed or stopped by the child's
 * exit. The sub-parent stores the result in shared memory; killed by
 * SIGKILL before storing it, it can only have been killed by the child it
 * created, so the call succeeded. Its orphaned grandchild goes to us.
 */
struct c3_subres {
	long done;
	long ret;
	long injected;
};

static struct c3_subres *c3_subres;

/*
 * c3_subparent - clone3(@args, @size), or the legacy call @l if not NULL
 *
 * Return: 1 for a success (the pid is not kept), or -errno
 */
static inline long c3_subparent(__u64 args, __u64 size,
				const struct c3_legacy *l, __u64 flags,
				int *pidfd_slot)
{
	pid_t sub;
	int status;
	long ret;

	if (!c3_subres) {
		c3_subres = mmap(NULL, sizeof(*c3_subres),
				 PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (c3_subres == MAP_FAILED) {
			c3_subres = NULL;
			return -ENOMEM;
		}
	}
	c3_subres->done = 0;
	c3_subres->ret = 0;
	c3_subres->injected = 0;
	fflush(NULL);
	sub = fork();
	if (sub < 0)
		return -EAGAIN;
	if (sub == 0) {
		if (c3_fail_n) {
			/* fail-nth is per thread: this one's own */
			if (c3_fail_open() < 0)
				_exit(1);
			c3_fail_arm(c3_fail_n);
		}
		ret = l ? c3_raw_legacy(l) : c3_raw_clone3(args, size);
		if (c3_fail_n)
			c3_subres->injected = c3_fail_consumed();
		__atomic_store_n(&c3_subres->ret, ret, __ATOMIC_RELAXED);
		__atomic_store_n(&c3_subres->done, 1, __ATOMIC_RELEASE);
		if (ret > 0) {
			if (pidfd_slot && (flags & CLONE_PIDFD) &&
			    *pidfd_slot >= 0)
				close(*pidfd_slot);
			c3_reap(ret, flags);
		}
		_exit(0);
	}
	for (;;) {
		if (waitpid(sub, &status, __WALL | WUNTRACED) < 0) {
			if (errno == EINTR)
				continue;
			status = 0;
			break;
		}
		if (WIFSTOPPED(status)) {
			kill(sub, SIGCONT);
			continue;
		}
		break;
	}
	if (__atomic_load_n(&c3_subres->done, __ATOMIC_ACQUIRE))
		ret = __atomic_load_n(&c3_subres->ret, __ATOMIC_RELAXED);
	else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		ret = 1;
	else
		ret = -EIO;
	c3_drain();
	return ret > 0 ? 1 : ret;
}

static inline long c3_call_subparent(__u64 args, __u64 size, __u64 flags,
				     int *pidfd_slot)
{
	return c3_subparent(args, size, NULL, flags, pidfd_slot);
}

/*
 * Memory: one fixed area of C3_AREA_PAGES pages, mapped with
 * MAP_FIXED_NOREPLACE far from where mmap() places things, so the holes in
 * it stay unmapped for the life of the program. Page indices:
 */
enum {
	PG_EU = 1,	/* 1-2 rw, 3 unmapped: struct may end at/after page 3 */
	PG_EP = 5,	/* 5-6 rw, 7 PROT_NONE */
	PG_LU = 10,	/* 8-9 unmapped, 10-11 rw: struct may start before 10 */
	PG_LP = 14,	/* 13 PROT_NONE, 14-15 rw */
	PG_NORMAL = 17,	/* 17-19 rw */
	PG_SCRATCH = 21,
	PG_STU = 23,	/* 23 rw, 24 unmapped (set_tid arrays) */
	PG_STP = 26,	/* 26 rw, 27 PROT_NONE */
	PG_HOLE = 30,	/* never mapped */
	C3_AREA_PAGES = 32
};

/* Boundary regions: the struct touches or crosses bad memory there. */
enum { R_EU, R_EP, R_LU, R_LP, R_NR };

struct c3_mem {
	unsigned long ps;
	unsigned char *area;
	int fixed;		/* area is at the fixed address */
};

static struct c3_mem c3m;

static inline unsigned char *c3_page(int i)
{
	return c3m.area + (unsigned long)i * c3m.ps;
}

/* Boundary address of region r: where bad memory begins (E*) or ends (L*) */
static inline unsigned char *c3_boundary(int r)
{
	switch (r) {
	case R_EU: return c3_page(PG_EU + 2);
	case R_EP: return c3_page(PG_EP + 2);
	case R_LU: return c3_page(PG_LU);
	default: return c3_page(PG_LP);
	}
}

static inline int c3_mem_init(void)
{
	unsigned long len;
	void *hint, *p;
	int rw[] = { PG_EU, PG_EU + 1, PG_EP, PG_EP + 1, PG_LU, PG_LU + 1,
		     PG_LP, PG_LP + 1, PG_NORMAL, PG_NORMAL + 1, PG_NORMAL + 2,
		     PG_SCRATCH, PG_STU, PG_STP };
	int none[] = { PG_EP + 2, PG_LP - 1, PG_STP + 1 };
	unsigned int i;

	c3m.ps = sysconf(_SC_PAGESIZE);
	len = C3_AREA_PAGES * c3m.ps;
#if C3_WORD32
	hint = (void *)0x5c300000UL;
#elif defined(__aarch64__)
	hint = (void *)0x5c30000000UL;	/* fits a 39-bit address space */
#elif defined(__riscv)
	hint = (void *)0x1c30000000UL;	/* fits Sv39's 38-bit user space */
#else
	hint = (void *)0x5c3000000000UL;
#endif
	p = mmap(hint, len, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p == MAP_FAILED || p != hint) {
		if (p != MAP_FAILED)
			munmap(p, len);
		p = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
		if (p == MAP_FAILED)
			return -1;
	} else {
		c3m.fixed = 1;
	}
	c3m.area = p;
	/* Everything is PROT_NONE now: open the rw pages, unmap the holes. */
	for (i = 0; i < ARRAY_SIZE(rw); i++)
		if (mprotect(c3_page(rw[i]), c3m.ps, PROT_READ | PROT_WRITE))
			return -1;
	for (i = 0; i < C3_AREA_PAGES; i++) {
		unsigned int j, keep = 0;

		for (j = 0; j < ARRAY_SIZE(rw); j++)
			keep |= (rw[j] == (int)i);
		for (j = 0; j < ARRAY_SIZE(none); j++)
			keep |= (none[j] == (int)i);
		if (!keep && munmap(c3_page(i), c3m.ps))
			return -1;
	}
	return 0;
}

/*
 * Symbolic pointer values: generators put these in struct fields, they are
 * turned into addresses just before the call, so the corpus itself does not
 * depend on where things are mapped.
 */
#define C3_SYM_BASE	0x5359d00000000000ULL
#define C3_SYM_MASK	0xfffff00000000000ULL
#define C3_SYM(n)	(C3_SYM_BASE | ((__u64)(n) << 16))
#define C3_SYM_OFF(n, off) (C3_SYM(n) | (__u64)(off))
/*
 * A symbolic value with @hi (12 bits) in its upper 32 bits: the address
 * with those bits set, which a 32-bit kernel narrows to the address.
 */
#define C3_SYM_HI_MASK	0x00000fff00000000ULL
#define C3_SYM_HI(v, hi) ((v) | (((__u64)(hi) << 32) & C3_SYM_HI_MASK))

enum {
	S_PIDFD = 1,	/* scratch int */
	S_CTID,		/* scratch int */
	S_PTID,		/* scratch int */
	S_SETTID,	/* scratch set_tid array */
	S_STACK,	/* a rw page, only as a value: it is never used */
	S_HOLE,		/* never mapped */
	S_PROTNONE,	/* a PROT_NONE page */
	S_STU_END,	/* end of page PG_STU (unmapped after); off = minus */
	S_STP_END,	/* end of page PG_STP (PROT_NONE after); off = minus */
};

#define SCR_PIDFD	0
#define SCR_CTID	64
#define SCR_PTID	128
#define SCR_SETTID	256

static inline int *c3_scratch_int(int off)
{
	return (int *)(c3_page(PG_SCRATCH) + off);
}

static inline __u64 c3_ptr(const void *p)
{
	return (__u64)(uintptr_t)p;
}

/* Is page index i of the area readable and writable? */
static inline int c3_page_rw(long i)
{
	static const signed char rw[C3_AREA_PAGES] = {
		[PG_EU] = 1, [PG_EU + 1] = 1, [PG_EP] = 1, [PG_EP + 1] = 1,
		[PG_LU] = 1, [PG_LU + 1] = 1, [PG_LP] = 1, [PG_LP + 1] = 1,
		[PG_NORMAL] = 1, [PG_NORMAL + 1] = 1, [PG_NORMAL + 2] = 1,
		[PG_SCRATCH] = 1, [PG_STU] = 1, [PG_STP] = 1,
	};

	return i >= 0 && i < C3_AREA_PAGES && rw[i];
}

/*
 * c3_poke - copy @len bytes to user address @addr, but only the bytes that
 * fall in rw pages of the area (the rest is the bad memory a case wants).
 * With @src NULL, write zeros.
 */
static inline void c3_poke(__u64 addr, const void *src, unsigned long len)
{
	__u64 base = c3_ptr(c3m.area), end = base + C3_AREA_PAGES * c3m.ps;
	__u64 a = addr, stop = addr + len;

	if (stop < addr || stop > end)
		stop = end;
	if (a < base)
		a = base;
	while (a < stop) {
		__u64 pg_end = base + ((a - base) / c3m.ps + 1) * c3m.ps;
		__u64 n = (pg_end < stop ? pg_end : stop) - a;

		if (c3_page_rw((a - base) / c3m.ps)) {
			void *dst = (void *)(uintptr_t)a;

			if (src)
				memcpy(dst, (const char *)src + (a - addr), n);
			else
				memset(dst, 0, n);
		}
		a += n;
	}
}

static inline __u64 c3_sym_addr(__u64 v)
{
	unsigned int n;
	unsigned long off;

	n = (v >> 16) & 0xffff;
	off = v & 0xffff;
	switch (n) {
	case S_PIDFD: return c3_ptr(c3_scratch_int(SCR_PIDFD));
	case S_CTID: return c3_ptr(c3_scratch_int(SCR_CTID));
	case S_PTID: return c3_ptr(c3_scratch_int(SCR_PTID));
	case S_SETTID: return c3_ptr(c3_scratch_int(SCR_SETTID));
	case S_STACK: return c3_ptr(c3_page(PG_SCRATCH));
	case S_HOLE: return c3_ptr(c3_page(PG_HOLE)) + off;
	case S_PROTNONE: return c3_ptr(c3_page(PG_STP + 1)) + off;
	case S_STU_END: return c3_ptr(c3_page(PG_STU + 1)) - off;
	case S_STP_END: return c3_ptr(c3_page(PG_STP + 1)) - off;
	}
	return v;
}

static inline __u64 c3_resolve(__u64 v)
{
	if ((v & C3_SYM_MASK) != C3_SYM_BASE)
		return v;
	return c3_sym_addr(v) | (v & C3_SYM_HI_MASK);
}

/* A pid that nobody uses, near the top of the pid range. */
static inline int c3_free_pid(void)
{
	static int pid_max;
	int p;

	if (!pid_max) {
		FILE *f = fopen("/proc/sys/kernel/pid_max", "r");

		if (!f || fscanf(f, "%d", &pid_max) != 1 || pid_max < 400)
			pid_max = 32768;
		if (f)
			fclose(f);
	}
	for (p = pid_max - 3; p > 300; p--)
		if (kill(p, 0) < 0 && errno == ESRCH)
			return p;
	return pid_max - 3;
}

/* Fixed descriptor numbers for CLONE_INTO_CGROUP */
#define C3_CG_GOOD	200	/* a cgroup2 directory */
#define C3_CG_NOTCG	201	/* a directory that is not a cgroup */
#define C3_CG_CLOSED	202	/* never open */
#define C3_CG_FILE	203	/* a regular file */

static char c3_cg_path[256];

/* Returns 1 if a cgroup2 directory could be opened as C3_CG_GOOD. */
static inline int c3_cgroup_setup(const char *name)
{
	char *path = c3_cg_path;
	int fd, ok = 0;

	snprintf(path, sizeof(c3_cg_path), "/sys/fs/cgroup/%s", name);
	mkdir(path, 0755);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		ok = dup3(fd, C3_CG_GOOD, O_CLOEXEC) == C3_CG_GOOD;
		close(fd);
	}
	fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		dup3(fd, C3_CG_NOTCG, O_CLOEXEC);
		close(fd);
	}
	fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		dup3(fd, C3_CG_FILE, O_CLOEXEC);
		close(fd);
	}
	close(C3_CG_CLOSED);
	return ok;
}

/* Remove the cgroup directory again (it is empty once children are gone). */
static inline void c3_cgroup_cleanup(void)
{
	close(C3_CG_GOOD);
	if (c3_cg_path[0])
		rmdir(c3_cg_path);
}

#endif /* _CLONE3_STRESS_H */
