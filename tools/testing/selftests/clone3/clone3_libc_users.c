// SPDX-License-Identifier: GPL-2.0
/*
 * clone3_libc_users - process creation as the C library and programs do it
 *
 * Runs posix_spawn(), pthread_create()/pthread_join(), fork(), the raw
 * fork() system call, vfork() with _exit(), the C library's clone() with a
 * stack of its own, and raw clone() system calls with SIGCHLD, and checks
 * that every child or thread ran and returned what it should. Covers the
 * clone() rules that the kernel sets up for the child: the exit signal taken
 * from CSIGNAL, CLONE_PARENT_SETTID and CLONE_PIDFD through the parent_tid
 * argument, the two of them refused together, the upper 32 bits of the
 * flags ignored. Prints KTAP; the same on every kernel.
 *
 * Usage: clone3_libc_users (the program re-executes itself with
 * "--child N" for posix_spawn()).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sched.h>

#include "../kselftest.h"

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif

static int shared;

/* Written by children that share our memory (vfork, CLONE_VM). */
#define SET_SHARED(v)	__atomic_store_n(&shared, (v), __ATOMIC_SEQ_CST)
#define SHARED()	__atomic_load_n(&shared, __ATOMIC_SEQ_CST)
static int pipefd[2];

/* Waits for @pid and returns its exit status, or -1 if it did not exit. */
static int wait_exit(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid) {
		ksft_print_msg("waitpid(%d): %s\n", pid, strerror(errno));
		return -1;
	}
	if (!WIFEXITED(status)) {
		ksft_print_msg("child %d did not exit: status 0x%x\n", pid,
			       status);
		return -1;
	}
	return WEXITSTATUS(status);
}

static void test_posix_spawn(const char *self)
{
	char *const argv[] = { (char *)self, "--child", "42", NULL };
	pid_t pid;
	int err;

	err = posix_spawn(&pid, self, NULL, NULL, argv, environ);
	if (err) {
		ksft_test_result_fail("posix_spawn: %s\n", strerror(err));
		return;
	}
	ksft_test_result(pid > 0 && wait_exit(pid) == 42, "posix_spawn\n");
}

#define NR_THREADS 4

struct thread_arg {
	int index;
	pid_t tid;
	pid_t pid;
};

static void *thread_fn(void *data)
{
	struct thread_arg *arg = data;

	arg->tid = gettid();
	arg->pid = getpid();
	return (void *)(intptr_t)(arg->index * 10 + 1);
}

static void test_pthread(void)
{
	struct thread_arg args[NR_THREADS] = {};
	pthread_t threads[NR_THREADS];
	bool ok = true;
	int i, err;

	for (i = 0; i < NR_THREADS; i++) {
		args[i].index = i;
		err = pthread_create(&threads[i], NULL, thread_fn, &args[i]);
		if (err) {
			ksft_test_result_fail("pthread_create: %s\n",
					      strerror(err));
			return;
		}
	}
	for (i = 0; i < NR_THREADS; i++) {
		void *ret;

		err = pthread_join(threads[i], &ret);
		if (err || (intptr_t)ret != i * 10 + 1) {
			ksft_print_msg("thread %d: join %d, returned %ld\n", i,
				       err, (long)(intptr_t)ret);
			ok = false;
		}
		/* Same process, a thread of its own. */
		if (args[i].pid != getpid() || args[i].tid == gettid() ||
		    args[i].tid <= 0) {
			ksft_print_msg("thread %d: pid %d tid %d\n", i,
				       args[i].pid, args[i].tid);
			ok = false;
		}
	}
	ksft_test_result(ok, "pthread_create and pthread_join\n");
}

/*
 * The child of a fork-like call: reports its pid and parent through the
 * pipe, changes its copy of shared, and exits with 7.
 */
static void forked_child(void)
{
	pid_t ids[2] = { getpid(), getppid() };

	SET_SHARED(1);
	if (write(pipefd[1], ids, sizeof(ids)) != sizeof(ids))
		_exit(1);
	_exit(7);
}

/* Checks the parent's side of forked_child(). */
static bool forked_parent(const char *what, pid_t pid)
{
	pid_t ids[2] = {};
	int status;

	if (pid < 0) {
		ksft_print_msg("%s: %s\n", what, strerror(errno));
		return false;
	}
	status = wait_exit(pid);
	if (read(pipefd[0], ids, sizeof(ids)) != sizeof(ids)) {
		ksft_print_msg("%s: no report from the child\n", what);
		return false;
	}
	if (status != 7 || ids[0] != pid || ids[1] != getpid() || SHARED()) {
		ksft_print_msg("%s: status %d, child %d/%d, parent %d/%d, shared %d\n",
			       what, status, ids[0], pid, ids[1], getpid(),
			       SHARED());
		return false;
	}
	return true;
}

static void test_fork(void)
{
	pid_t pid;

	SET_SHARED(0);
	pid = fork();
	if (pid == 0)
		forked_child();
	ksft_test_result(forked_parent("fork", pid), "fork\n");
}

static void test_sys_fork(void)
{
#ifdef SYS_fork
	pid_t pid;

	SET_SHARED(0);
	pid = syscall(SYS_fork);
	if (pid == 0)
		forked_child();
	ksft_test_result(forked_parent("SYS_fork", pid), "fork system call\n");
#else
	ksft_test_result_skip("fork system call: not on this architecture\n");
#endif
}

static void test_vfork(void)
{
	pid_t pid;
	int status;

	SET_SHARED(0);
	pid = vfork();
	if (pid == 0) {
		/* The memory is shared and the parent waits until _exit(). */
		SET_SHARED(2);
		_exit(9);
	}
	if (pid < 0) {
		ksft_test_result_fail("vfork: %s\n", strerror(errno));
		return;
	}
	/* Read before waiting: the parent resumes only after _exit(). */
	status = SHARED();
	ksft_test_result(status == 2 && wait_exit(pid) == 9, "vfork\n");
}

static int clone_fn(void *arg)
{
	SET_SHARED((int)(intptr_t)arg);
	return 3;
}

static void test_libc_clone(void)
{
	const size_t size = 256 * 1024;
	pid_t ptid = 0, pid;
	char *stack;
	bool ok;

	stack = malloc(size);
	if (!stack) {
		ksft_test_result_fail("clone(): no memory\n");
		return;
	}
	SET_SHARED(0);
	/* A stack of its own, shared memory, the TID stored in the parent. */
	pid = clone(clone_fn, stack + size,
		    CLONE_VM | CLONE_PARENT_SETTID | SIGCHLD, (void *)5, &ptid);
	if (pid < 0) {
		ksft_test_result_fail("clone(): %s\n", strerror(errno));
		free(stack);
		return;
	}
	ok = wait_exit(pid) == 3 && SHARED() == 5 && ptid == pid;
	if (!ok)
		ksft_print_msg("clone(): pid %d ptid %d shared %d\n", pid, ptid,
			       SHARED());
	ksft_test_result(ok, "C library clone() with a stack\n");
	free(stack);
}

/*
 * A raw clone() system call with @flags and no stack, in the argument order
 * of the architecture (CONFIG_CLONE_BACKWARDS* in the kernel).
 */
static long sys_clone(unsigned long flags, int *parent_tid, int *child_tid)
{
#if defined(__s390__)
	/* CLONE_BACKWARDS2: the stack first. */
	return syscall(SYS_clone, 0UL, flags, parent_tid, child_tid, 0UL);
#elif defined(__microblaze__)
	/* CLONE_BACKWARDS3: a stack size third. */
	return syscall(SYS_clone, flags, 0UL, 0, parent_tid, child_tid, 0UL);
#elif defined(__aarch64__) || defined(__arm__) || defined(__i386__) || \
	defined(__riscv) || defined(__powerpc__) || defined(__mips__) || \
	defined(__hppa__) || defined(__arc__) || defined(__xtensa__)
	/* CLONE_BACKWARDS: tls before child_tid. */
	return syscall(SYS_clone, flags, 0UL, parent_tid, 0UL, child_tid);
#else
	return syscall(SYS_clone, flags, 0UL, parent_tid, child_tid, 0UL);
#endif
}

static void test_raw_clone(void)
{
	pid_t pid;

	pid = sys_clone(SIGCHLD, NULL, NULL);
	if (pid == 0)
		syscall(SYS_exit, 5);
	ksft_test_result(pid > 0 && wait_exit(pid) == 5,
			 "clone system call with SIGCHLD\n");
}

static void test_raw_clone_no_signal(void)
{
	int status = -1;
	pid_t pid;

	/* No exit signal: only __WALL (or __WCLONE) waits for the child. */
	pid = sys_clone(0, NULL, NULL);
	if (pid == 0)
		syscall(SYS_exit, 8);
	if (pid > 0 && waitpid(pid, &status, __WALL) != pid)
		status = -1;
	ksft_test_result(pid > 0 && WIFEXITED(status) &&
			 WEXITSTATUS(status) == 8,
			 "clone system call without exit signal\n");
}

static void test_raw_clone_upper_bits(void)
{
	pid_t pid;

	/* Only the lower 32 bits are flags; bit 32 is CLONE_CLEAR_SIGHAND for clone3(). */
	pid = sys_clone((1UL << 32) | (1UL << 40) | SIGCHLD, NULL, NULL);
	if (pid == 0)
		syscall(SYS_exit, 6);
	ksft_test_result(pid > 0 && wait_exit(pid) == 6,
			 "clone system call ignores the upper 32 bits\n");
}

static void test_raw_clone_tids(void)
{
	int ptid = 0, ctid = 0;
	pid_t pid;

	pid = sys_clone(CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | SIGCHLD,
			&ptid, &ctid);
	if (pid == 0)
		syscall(SYS_exit, ctid == getpid() ? 0 : 1);
	ksft_test_result(pid > 0 && ptid == pid && ctid == 0 &&
			 wait_exit(pid) == 0,
			 "clone system call stores parent and child TIDs\n");
}

static void test_raw_clone_pidfd(void)
{
	struct pollfd pfd = { .events = POLLIN };
	int pidfd = -1;
	bool ok;
	pid_t pid;

	pid = sys_clone(CLONE_PIDFD | SIGCHLD, &pidfd, NULL);
	if (pid == 0)
		syscall(SYS_exit, 4);
	if (pid < 0) {
		ksft_test_result_fail("clone CLONE_PIDFD: %s\n",
				      strerror(errno));
		return;
	}
	/* The pidfd comes back through parent_tid, close-on-exec. */
	pfd.fd = pidfd;
	ok = pidfd >= 0 && (fcntl(pidfd, F_GETFD) & FD_CLOEXEC) &&
	     poll(&pfd, 1, 10000) == 1 && (pfd.revents & POLLIN);
	ok = wait_exit(pid) == 4 && ok;
	if (pidfd >= 0)
		close(pidfd);
	ksft_test_result(ok, "clone system call returns a pidfd in parent_tid\n");
}

/* Expects the raw clone() with @flags and @parent_tid to fail with EINVAL. */
static bool clone_einval(const char *what, unsigned long flags, int *parent_tid)
{
	long ret;

	errno = 0;
	ret = sys_clone(flags, parent_tid, NULL);
	if (ret == 0)
		syscall(SYS_exit, 0);
	if (ret == -1 && errno == EINVAL)
		return true;
	ksft_print_msg("%s: returned %ld, %s\n", what, ret, strerror(errno));
	if (ret > 0)
		waitpid(ret, NULL, __WALL);
	return false;
}

static void test_raw_clone_einval(void)
{
	int ptid = -1;
	bool ok;

	/* CLONE_PIDFD and CLONE_PARENT_SETTID would share parent_tid. */
	ok = clone_einval("PIDFD|PARENT_SETTID",
			  CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, &ptid);
	ok = ok && ptid == -1;
	/* CSIGNAL is the exit signal: 0x80 (CLONE_NEWTIME for clone3()) is 128. */
	ok = clone_einval("signal 128", 0x80, NULL) && ok;
	ok = clone_einval("signal 255", 0xff, NULL) && ok;
	ksft_test_result(ok, "clone system call refuses PIDFD|PARENT_SETTID and bad signals\n");
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--child"))
		return atoi(argv[2]);

	ksft_print_header();
	ksft_set_plan(12);

	if (pipe(pipefd))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));

	test_posix_spawn("/proc/self/exe");
	test_pthread();
	test_fork();
	test_sys_fork();
	test_vfork();
	test_libc_clone();
	test_raw_clone();
	test_raw_clone_no_signal();
	test_raw_clone_upper_bits();
	test_raw_clone_tids();
	test_raw_clone_pidfd();
	test_raw_clone_einval();

	ksft_finished();
}
