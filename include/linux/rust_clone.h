/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Argument handling of clone3(), and of fork(), vfork() and clone(),
 * implemented in Rust (kernel/clone.rs).
 */
#ifndef _LINUX_RUST_CLONE_H
#define _LINUX_RUST_CLONE_H

#include <linux/types.h>

/**
 * rust_clone3() - copy, validate and act on the arguments of clone3()
 * @uargs: user pointer to the argument structure, a struct clone_args
 * @size:  size of @uargs in bytes, as passed by user space
 *
 * Copies @uargs from user space the way copy_struct_from_user() does, applies
 * the same rules, in the same order, as the C copy_clone_args_from_user() and
 * clone3_args_valid(), then calls kernel_clone().
 *
 * Context: Process context of the task calling clone3(). May sleep.
 * Return: On success, the PID of the child process in the caller's PID
 *         namespace. On error, a negative errno.
 */
long rust_clone3(void __user *uargs, size_t size);

/* The legacy system calls: fork(), vfork() and clone(). */

/**
 * rust_fork() - set up the arguments of fork() and act on them
 *
 * Context: Process context of the task calling fork(). May sleep.
 * Return: The PID of the child process, or a negative errno.
 */
long rust_fork(void);

/**
 * rust_vfork() - set up the arguments of vfork() and act on them
 *
 * Context: Process context of the task calling vfork(). May sleep until the
 *          child execs or exits.
 * Return: The PID of the child process, or a negative errno.
 */
long rust_vfork(void);

/**
 * rust_clone() - set up the arguments of clone() and act on them
 * @clone_flags:   flags in the lower 32 bits, the exit signal in CSIGNAL
 * @newsp:         stack pointer of the child, 0 for the one of the caller
 * @parent_tidptr: where to store the child's TID (CLONE_PARENT_SETTID) or
 *                 the pidfd (CLONE_PIDFD)
 * @child_tidptr:  for CLONE_CHILD_SETTID and CLONE_CHILD_CLEARTID
 * @tls:           TLS of the child, for CLONE_SETTLS
 *
 * The arguments are passed by name: the SYSCALL_DEFINE of clone() in
 * kernel/fork.c decodes the order of the architecture (CLONE_BACKWARDS*).
 *
 * Context: Process context of the task calling clone(). May sleep.
 * Return: The PID of the child process, or a negative errno.
 */
long rust_clone(unsigned long clone_flags, unsigned long newsp,
		int __user *parent_tidptr, int __user *child_tidptr,
		unsigned long tls);

#endif /* _LINUX_RUST_CLONE_H */
