/* SPDX-License-Identifier: GPL-2.0 */
/*
 * clone3() argument handling implemented in Rust (kernel/clone.rs).
 */
#ifndef _LINUX_RUST_CLONE_H
#define _LINUX_RUST_CLONE_H

#include <linux/types.h>

#ifdef CONFIG_RUST_CLONE3
struct clone_args;

/**
 * rust_clone3() - copy, validate and act on the arguments of clone3()
 * @uargs: user pointer to the argument structure
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
long rust_clone3(struct clone_args __user *uargs, size_t size);
#endif

#endif /* _LINUX_RUST_CLONE_H */
