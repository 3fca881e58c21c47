// SPDX-License-Identifier: GPL-2.0

//! The process-creation system calls, from `clone3()` on.
//!
//! Each system call has a thin C stub in `kernel/fork.c` that calls an exported function of this
//! file. It applies the rules of its system call to the arguments, builds a [`KernelCloneArgs`]
//! and hands it to the unchanged C `kernel_clone()` through the abstractions of
//! [`kernel::clone`] and [`kernel::uaccess`].
//!
//! # `clone3()`
//!
//! `clone3()` takes a `struct clone_args` that user space versions by its size. It is copied from
//! user space exactly once and checked with the rules of the C `copy_clone_args_from_user()` and
//! `clone3_args_valid()`, in the same order and with the same error codes, so that the first
//! broken rule decides the error that user space sees:
//!
//! 1. `size > PAGE_SIZE` gives [`E2BIG`], `size < CLONE_ARGS_SIZE_VER0` gives [`EINVAL`].
//! 2. The structure is read like `copy_struct_from_user()` does
//!    ([`UserSliceReader::read_extensible`](kernel::uaccess::UserSliceReader::read_extensible)):
//!    bytes past the known structure must be zero ([`E2BIG`]), then `min(size,
//!    CLONE_ARGS_SIZE_VER2)` bytes are copied and the rest is zero.
//! 3. `set_tid` and `set_tid_size` must be consistent and `set_tid_size <= MAX_PID_NS_LEVEL`.
//! 4. `exit_signal` must fit in `CSIGNAL`.
//! 5. `CLONE_INTO_CGROUP` needs a `cgroup` that fits in a C `int` and a structure that has it.
//! 6. The `set_tid` array is copied.
//! 7. The flags and the stack are checked (`clone3_args_valid()`).
//!
//! # `fork()`, `vfork()` and `clone()`
//!
//! These check nothing themselves, exactly like their C stubs: `fork()` asks for `SIGCHLD`,
//! `vfork()` for `CLONE_VFORK | CLONE_VM` and `SIGCHLD`, and `clone()` keeps the lower 32 bits of
//! its flags, takes the exit signal from their `CSIGNAL` bits and returns the pidfd of
//! `CLONE_PIDFD` through `parent_tid`. `kernel_clone()` and `copy_process()` check the result,
//! including that `CLONE_PIDFD` and `CLONE_PARENT_SETTID` do not share `parent_tid`. The argument
//! order of the architecture (`CONFIG_CLONE_BACKWARDS*`) is decoded by the `SYSCALL_DEFINE` of
//! `clone()` in C, which passes the arguments by name.
//!
//! C header: [`include/linux/rust_clone.h`](srctree/include/linux/rust_clone.h)

use kernel::{
    clone::{
        CgroupFd,
        CloneFlags,
        CloneStack,
        ExitSignal,
        KernelCloneArgs,
        SetTidBuf,
        SyscallContext,
        UserCloneArgs,
        CLONE_ARGS_SIZE_VER0,
        CLONE_ARGS_SIZE_VER2,
        MAX_PID_NS_LEVEL, //
    },
    page::PAGE_SIZE,
    prelude::*,
    task::Pid,
    uaccess::{
        UserPtr,
        UserSlice, //
    },
};

/// Converts a value of `struct clone_args` to `usize` (a user address or a length) as C does.
///
/// This is the conversion of `u64_to_user_ptr()` and of the assignments to the `unsigned long`
/// fields of `struct kernel_clone_args`: lossless on a 64-bit kernel, and on a 32-bit one it drops
/// the upper 32 bits, so that such a value gives the same result as in C.
#[inline]
const fn u64_to_usize(value: u64) -> usize {
    // CAST: Truncation intended on 32-bit kernels, as in C (see above).
    value as usize
}

/// Bits of `clone()` that `clone3()` rejects so that they can be reused: `CLONE_DETACHED` and the
/// `CSIGNAL` bits, except `CLONE_NEWTIME` which already reuses one.
const CLONE3_REUSABLE: CloneFlags = CloneFlags::DETACHED.union(
    CloneFlags::CSIGNAL.difference(CloneFlags::NEWTIME), //
);

// The flags that only `clone3()` can pass, like `CLONE_INTO_CGROUP`, are those above the 32 bits
// of `clone()`. (Not a constant of its own: rustc 1.85 counts a use in an assertion as no use.)
static_assert!(
    CloneFlags::CLONE3.difference(CloneFlags::LEGACY).bits()
        == CloneFlags::CLONE3.bits() >> 32 << 32
);
// The exit signal of `clone()` is its `CSIGNAL` bits, exactly a `u8`.
static_assert!(CloneFlags::CSIGNAL.bits() == u8::MAX as u64);

/// Copies `struct clone_args` from user space (rules 1 and 2 of the module documentation).
///
/// `uargs` and `size` are the arguments of the system call.
#[inline(always)]
fn copy_clone_args(uargs: UserPtr, size: usize) -> Result<UserCloneArgs> {
    if size > PAGE_SIZE {
        return Err(E2BIG);
    }
    if size < CLONE_ARGS_SIZE_VER0 {
        return Err(EINVAL);
    }
    UserSlice::new(uargs, size).reader().read_extensible()
}

/// `struct clone_args` that passed the checks of `copy_clone_args_from_user()`.
///
/// # Invariants
///
/// - `set_tid_len <= MAX_PID_NS_LEVEL`,
/// - `set_tid_len == 0` if and only if `set_tid` is null,
/// - `cgroup` is [`Some`] if and only if `flags` contains [`CloneFlags::INTO_CGROUP`].
struct CheckedCloneArgs {
    flags: CloneFlags,
    pidfd: UserPtr,
    child_tid: UserPtr,
    parent_tid: UserPtr,
    exit_signal: ExitSignal,
    stack: u64,
    stack_size: u64,
    tls: u64,
    set_tid: UserPtr,
    set_tid_len: usize,
    cgroup: Option<CgroupFd>,
}

/// Checks the values that `copy_clone_args_from_user()` checks.
///
/// Rules 3, 4 and 5 of the module documentation, in that order. `size` is the size that user
/// space passed. Does not access user memory.
#[inline(always)]
fn check_clone_args(args: &UserCloneArgs, size: usize) -> Result<CheckedCloneArgs> {
    if args.set_tid_size > MAX_PID_NS_LEVEL as u64 {
        return Err(EINVAL);
    }
    if args.set_tid == 0 && args.set_tid_size > 0 {
        return Err(EINVAL);
    }
    if args.set_tid != 0 && args.set_tid_size == 0 {
        return Err(EINVAL);
    }

    // `CSIGNAL` is exactly the range of `u8`.
    let exit_signal = u8::try_from(args.exit_signal)
        .map(ExitSignal::new)
        .map_err(|_| EINVAL)?;

    let flags = CloneFlags::from_raw(args.flags);
    let cgroup = if flags.contains(CloneFlags::INTO_CGROUP) {
        if size < CLONE_ARGS_SIZE_VER2 {
            return Err(EINVAL);
        }
        // A `u64` that fits in a C `int` is not negative.
        Some(
            c_int::try_from(args.cgroup)
                .ok()
                .and_then(CgroupFd::new)
                .ok_or(EINVAL)?,
        )
    } else {
        None
    };

    // INVARIANT: `set_tid_size <= MAX_PID_NS_LEVEL` and `set_tid` is null iff `set_tid_size` is
    // zero, checked above; `cgroup` is `Some` iff `CLONE_INTO_CGROUP` is set.
    Ok(CheckedCloneArgs {
        flags,
        pidfd: UserPtr::from_addr(u64_to_usize(args.pidfd)),
        child_tid: UserPtr::from_addr(u64_to_usize(args.child_tid)),
        parent_tid: UserPtr::from_addr(u64_to_usize(args.parent_tid)),
        exit_signal,
        stack: args.stack,
        stack_size: args.stack_size,
        tls: args.tls,
        set_tid: UserPtr::from_addr(u64_to_usize(args.set_tid)),
        set_tid_len: u64_to_usize(args.set_tid_size),
        cgroup,
    })
}

/// Checks the `stack` and `stack_size` fields like `clone3_stack_valid()`.
///
/// Both zero, or both set with a range in the user address space. As in C, the rule applies to
/// the values converted to `unsigned long` (see [`u64_to_usize`]). Returns [`None`] when the C
/// function returns false.
#[inline(always)]
fn clone3_stack(stack: u64, stack_size: u64) -> Option<CloneStack> {
    let (stack, size) = (u64_to_usize(stack), u64_to_usize(stack_size));
    let start = UserPtr::from_addr(stack);

    if stack == 0 {
        return (size == 0).then_some(CloneStack::INHERIT);
    }
    if size == 0 || !UserSlice::new(start, size).access_ok() {
        return None;
    }
    // `access_ok()` passed, so the range does not wrap; never panic anyway.
    CloneStack::from_range(start, size)
}

/// Checks the rules of `clone3_args_valid()` (rule 7 of the module documentation).
///
/// Returns [`EINVAL`] for unknown flags, `CLONE_DETACHED`, `CSIGNAL` bits other than
/// `CLONE_NEWTIME`, `CLONE_SIGHAND` with `CLONE_CLEAR_SIGHAND`, `CLONE_THREAD` or `CLONE_PARENT`
/// with an exit signal, and a bad stack. Does not access user memory.
#[inline(always)]
fn clone3_args_valid(
    flags: CloneFlags,
    exit_signal: ExitSignal,
    stack: u64,
    stack_size: u64,
) -> Result<CloneStack> {
    if !CloneFlags::CLONE3.contains(flags) {
        return Err(EINVAL);
    }

    // Make the `CLONE_DETACHED` and `CSIGNAL` bits reusable for `clone3()`.
    if flags.intersects(CLONE3_REUSABLE) {
        return Err(EINVAL);
    }

    if flags.contains(CloneFlags::SIGHAND | CloneFlags::CLEAR_SIGHAND) {
        return Err(EINVAL);
    }

    if flags.intersects(CloneFlags::THREAD | CloneFlags::PARENT) && !exit_signal.is_none() {
        return Err(EINVAL);
    }

    clone3_stack(stack, stack_size).ok_or(EINVAL)
}

/// Builds the arguments of `kernel_clone()` from checked `clone3()` arguments and their `set_tid`
/// PIDs, with the rules of `clone3_args_valid()`. Does not access user memory.
#[inline(always)]
fn clone3_kernel_args<'a>(
    args: &CheckedCloneArgs,
    set_tid: &'a [Pid],
) -> Result<KernelCloneArgs<'a>> {
    let stack = clone3_args_valid(args.flags, args.exit_signal, args.stack, args.stack_size)?;

    let mut kargs = KernelCloneArgs::new(args.flags, args.exit_signal);
    kargs
        .set_pidfd(args.pidfd)
        .set_child_tid(args.child_tid)
        .set_parent_tid(args.parent_tid)
        .set_stack(stack)
        .set_tls(u64_to_usize(args.tls))
        .set_set_tid(set_tid)?;
    if let Some(cgroup) = args.cgroup {
        kargs.set_cgroup(cgroup);
    }
    Ok(kargs)
}

/// Copies and checks the arguments of `clone3()` like the C `copy_clone_args_from_user()` and
/// `clone3_args_valid()`.
///
/// `uargs` and `size` are the arguments of the system call; the `set_tid` array is read into
/// `set_tid`. On error, returns the error code of the first broken rule, see the module
/// documentation.
// Always inlined, with everything it calls, into `rust_clone3()`: the arguments are then built in
// place in the one stack frame of the system call, not returned through a `Result` and copied.
// This keeps the Rust path at or below the instruction count and the stack depth of the C one.
#[inline(always)]
fn clone3_args<'a>(
    uargs: UserPtr,
    size: usize,
    set_tid: &'a mut SetTidBuf,
) -> Result<KernelCloneArgs<'a>> {
    let args = check_clone_args(&copy_clone_args(uargs, size)?, size)?;
    let tids = if args.set_tid_len == 0 {
        &[]
    } else {
        set_tid.read_from_user(args.set_tid, args.set_tid_len)?
    };
    clone3_kernel_args(&args, tids)
}

/// Calls `kernel_clone()` on `kargs` and returns its result as a system call does: the PID of the
/// child, or the negative error code.
#[inline(always)]
fn syscall_kernel_clone(kargs: Result<KernelCloneArgs<'_>>, ctx: &SyscallContext) -> c_long {
    // Not `from_result()`: its `i16` round trip costs a sign extension on every error path.
    // CAST: Lossless, `c_long` (`isize`, without `From<c_int>`) is at least as wide as `c_int`.
    match kargs.and_then(|kargs| kargs.kernel_clone(ctx)) {
        Ok(pid) => pid as c_long,
        Err(err) => err.to_errno() as c_long,
    }
}

/// Implements the `clone3()` system call for `SYSCALL_DEFINE2(clone3)` in `kernel/fork.c`.
///
/// Returns the PID of the child, or a negative error code.
///
/// # Safety
///
/// Must be called in the context of the `clone3()` system call of a user space task. `uargs` is a
/// user space address, only accessed through the user access functions, so any value is fine.
#[export]
pub unsafe extern "C" fn rust_clone3(uargs: *mut c_void, size: usize) -> c_long {
    // SAFETY: The caller guarantees that this is the `clone3()` system call of a user space task;
    // `ctx` is dropped before it returns.
    let ctx = unsafe { SyscallContext::new() };
    let mut set_tid = SetTidBuf::new();
    syscall_kernel_clone(
        clone3_args(UserPtr::from_ptr(uargs), size, &mut set_tid),
        &ctx,
    )
}

// The legacy system calls: fork(), vfork() and clone().

/// The arguments of the `clone()` system call, by name.
///
/// The `SYSCALL_DEFINE` of `clone()` in `kernel/fork.c` decodes the order in which the
/// architecture passes them (`CONFIG_CLONE_BACKWARDS`, `CONFIG_CLONE_BACKWARDS2` or
/// `CONFIG_CLONE_BACKWARDS3`, whose extra `stack_size` argument is ignored as in C). Unchecked.
#[cfg(CONFIG_RUST_CLONE_LEGACY)]
#[derive(Clone, Copy)]
struct LegacyCloneArgs {
    /// Flags in the lower 32 bits, the exit signal in their `CSIGNAL` bits; upper bits ignored.
    clone_flags: c_ulong,
    /// Stack pointer of the child, `0` for the one of the caller.
    newsp: c_ulong,
    /// Where `CLONE_PARENT_SETTID` stores the TID of the child, and `CLONE_PIDFD` the pidfd.
    parent_tid: UserPtr,
    /// Where `CLONE_CHILD_SETTID` and `CLONE_CHILD_CLEARTID` act.
    child_tid: UserPtr,
    /// TLS of the child, for `CLONE_SETTLS`.
    tls: c_ulong,
}

/// Sets up the arguments of `clone()` like its C stub.
///
/// Keeps the lower 32 bits of the flags (`lower_32_bits()`), takes the exit signal from their
/// `CSIGNAL` bits and returns the pidfd of `CLONE_PIDFD` through `parent_tid`. Checks nothing, as
/// in C.
#[cfg(CONFIG_RUST_CLONE_LEGACY)]
#[inline]
fn legacy_clone_args(args: LegacyCloneArgs) -> KernelCloneArgs<'static> {
    // CAST: Truncation intended, this is `lower_32_bits()`.
    let low = args.clone_flags as u32;
    let flags = CloneFlags::from_raw(u64::from(low)).difference(CloneFlags::CSIGNAL);
    // CAST: Truncation intended: `CSIGNAL` is the lowest byte, see the assertion above.
    let exit_signal = ExitSignal::new(low as u8);

    let mut kargs = KernelCloneArgs::new(flags, exit_signal);
    kargs
        .set_pidfd(args.parent_tid)
        .set_child_tid(args.child_tid)
        .set_parent_tid(args.parent_tid)
        .set_stack(CloneStack::from_pointer(args.newsp))
        .set_tls(args.tls);
    kargs
}

/// Sets up the arguments of `fork()`: no flag, `SIGCHLD` on exit.
#[cfg(CONFIG_RUST_CLONE_LEGACY)]
#[inline]
fn fork_args() -> KernelCloneArgs<'static> {
    KernelCloneArgs::new(CloneFlags::NONE, ExitSignal::SIGCHLD)
}

/// Sets up the arguments of `vfork()`: `CLONE_VFORK | CLONE_VM`, `SIGCHLD` on exit.
#[cfg(CONFIG_RUST_CLONE_LEGACY)]
#[inline]
fn vfork_args() -> KernelCloneArgs<'static> {
    KernelCloneArgs::new(CloneFlags::VFORK | CloneFlags::VM, ExitSignal::SIGCHLD)
}

/// Implements the `fork()` system call for `SYSCALL_DEFINE0(fork)` in `kernel/fork.c`.
///
/// Returns the PID of the child, or a negative error code. `SYSCALL_DEFINE0(fork)` only calls
/// this with `CONFIG_MMU`; without it, `fork()` fails with `EINVAL` in C.
///
/// # Safety
///
/// Must be called in the context of the `fork()` system call of a user space task.
#[cfg(CONFIG_RUST_CLONE_LEGACY)]
#[export]
pub unsafe extern "C" fn rust_fork() -> c_long {
    // SAFETY: The caller guarantees that this is the `fork()` system call of a user space task;
    // `ctx` is dropped before it returns.
    let ctx = unsafe { SyscallContext::new() };
    syscall_kernel_clone(Ok(fork_args()), &ctx)
}

/// Implements the `vfork()` system call for `SYSCALL_DEFINE0(vfork)` in `kernel/fork.c`.
///
/// Returns the PID of the child, or a negative error code.
///
/// # Safety
///
/// Must be called in the context of the `vfork()` system call of a user space task.
#[cfg(CONFIG_RUST_CLONE_LEGACY)]
#[export]
pub unsafe extern "C" fn rust_vfork() -> c_long {
    // SAFETY: The caller guarantees that this is the `vfork()` system call of a user space task;
    // `ctx` is dropped before it returns.
    let ctx = unsafe { SyscallContext::new() };
    syscall_kernel_clone(Ok(vfork_args()), &ctx)
}

/// Implements the `clone()` system call for `SYSCALL_DEFINE5(clone)` in `kernel/fork.c`.
///
/// The arguments are those of `LegacyCloneArgs`, by name. Returns the PID of the child, or a
/// negative error code.
///
/// # Safety
///
/// Must be called in the context of the `clone()` system call of a user space task. The pointers
/// are user space addresses, never dereferenced here, so any value is fine.
#[cfg(CONFIG_RUST_CLONE_LEGACY)]
#[export]
pub unsafe extern "C" fn rust_clone(
    clone_flags: c_ulong,
    newsp: c_ulong,
    parent_tidptr: *mut c_int,
    child_tidptr: *mut c_int,
    tls: c_ulong,
) -> c_long {
    // SAFETY: The caller guarantees that this is the `clone()` system call of a user space task;
    // `ctx` is dropped before it returns.
    let ctx = unsafe { SyscallContext::new() };
    let kargs = legacy_clone_args(LegacyCloneArgs {
        clone_flags,
        newsp,
        parent_tid: UserPtr::from_ptr(parent_tidptr.cast()),
        child_tid: UserPtr::from_ptr(child_tidptr.cast()),
        tls,
    });
    syscall_kernel_clone(Ok(kargs), &ctx)
}

// KUnit tests: the prefix of their messages, and the tests in their own file.
#[cfg(CONFIG_RUST_CLONE3_KUNIT_TEST)]
const __LOG_PREFIX: &[u8] = b"rust_clone3\0";

#[cfg(CONFIG_RUST_CLONE3_KUNIT_TEST)]
mod clone_kunit;
