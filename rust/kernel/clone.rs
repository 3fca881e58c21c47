// SPDX-License-Identifier: GPL-2.0

//! Process creation: the arguments of `kernel_clone()` and the call itself.
//!
//! Every system call that creates a task (`fork()`, `vfork()`, `clone()` and `clone3()`) builds
//! one `struct kernel_clone_args` from its own arguments and hands it to `kernel_clone()`, which
//! does the rest (`copy_process()`, `wake_up_new_task()`). This module provides:
//!
//! - [`KernelCloneArgs`], the arguments of `kernel_clone()` for a user space task, with typed
//!   parts: [`CloneFlags`], [`ExitSignal`], [`CloneStack`], [`CgroupFd`], user pointers
//!   ([`UserPtr`]) and the PIDs of `set_tid` (read with [`SetTidBuf`]);
//! - [`KernelCloneArgs::kernel_clone`], the call, which needs a [`SyscallContext`] as proof that it
//!   runs in a system call of a user space task;
//! - [`UserCloneArgs`], the `struct clone_args` of `clone3()` as user space lays it out, with its
//!   published sizes, to be read with
//!   [`UserSliceReader::read_extensible`](crate::uaccess::UserSliceReader::read_extensible).
//!
//! The rules of each system call (which flags it accepts, in which order it checks them, which
//! error it returns) belong to the system call, not to this module: `kernel_clone()` itself
//! checks what every caller must respect, and the types here only keep what `kernel_clone()`
//! cannot check, such as the fields reserved for kernel threads, out of reach of user space.
//!
//! C headers: [`include/linux/sched/task.h`](srctree/include/linux/sched/task.h) and
//! [`include/uapi/linux/sched.h`](srctree/include/uapi/linux/sched.h)

use crate::{
    bindings,
    prelude::*,
    task::Pid,
    transmute::{
        AsBytes,
        FromBytes, //
    },
    types::NotThreadSafe,
    uaccess::{
        UserPtr,
        UserSlice, //
    },
};
use core::{
    marker::PhantomData,
    mem::{
        offset_of,
        MaybeUninit, //
    },
    ops::BitOr,
};

/// The maximum nesting of PID namespaces, thus the maximum number of PIDs in `set_tid`.
pub const MAX_PID_NS_LEVEL: usize = bindings::MAX_PID_NS_LEVEL as usize;

/// The size of the first published `struct clone_args`, up to and including `tls`.
pub const CLONE_ARGS_SIZE_VER0: usize = bindings::CLONE_ARGS_SIZE_VER0 as usize;

/// The size of the second published `struct clone_args`, up to and including `set_tid_size`.
pub const CLONE_ARGS_SIZE_VER1: usize = bindings::CLONE_ARGS_SIZE_VER1 as usize;

/// The size of the third published `struct clone_args`, up to and including `cgroup`.
pub const CLONE_ARGS_SIZE_VER2: usize = bindings::CLONE_ARGS_SIZE_VER2 as usize;

/// `struct clone_args` of `clone3()`, as user space lays it out (`include/uapi/linux/sched.h`).
///
/// Every field is a `u64` whatever the architecture, and holds whatever user space wrote: the
/// system call must check it before use. The structure is versioned by its size, see
/// [`CLONE_ARGS_SIZE_VER0`] and the following ones; read it with
/// [`UserSliceReader::read_extensible`](crate::uaccess::UserSliceReader::read_extensible), which
/// zero-extends an older version.
#[repr(C)]
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq, Zeroable)]
pub struct UserCloneArgs {
    /// Flags (`CLONE_*`).
    pub flags: u64,
    /// Where to store the pidfd of the child (`CLONE_PIDFD`).
    pub pidfd: u64,
    /// Where to store the TID in the child (`CLONE_CHILD_SETTID`, `CLONE_CHILD_CLEARTID`).
    pub child_tid: u64,
    /// Where to store the TID in the parent (`CLONE_PARENT_SETTID`).
    pub parent_tid: u64,
    /// The signal sent to the parent when the child exits.
    pub exit_signal: u64,
    /// The lowest address of the stack of the child.
    pub stack: u64,
    /// The size of the stack of the child.
    pub stack_size: u64,
    /// The TLS of the child (`CLONE_SETTLS`).
    pub tls: u64,
    /// A user pointer to an array of PIDs for the child, from the innermost PID namespace out.
    pub set_tid: u64,
    /// The number of PIDs in `set_tid`.
    pub set_tid_size: u64,
    /// A file descriptor of the cgroup to create the child in (`CLONE_INTO_CGROUP`).
    pub cgroup: u64,
}

// The mirror has exactly the layout of the C structure and of its published versions.
static_assert!(size_of::<UserCloneArgs>() == size_of::<bindings::clone_args>());
static_assert!(align_of::<UserCloneArgs>() == align_of::<bindings::clone_args>());
static_assert!(size_of::<UserCloneArgs>() == CLONE_ARGS_SIZE_VER2);
static_assert!(offset_of!(UserCloneArgs, flags) == offset_of!(bindings::clone_args, flags));
static_assert!(offset_of!(UserCloneArgs, pidfd) == offset_of!(bindings::clone_args, pidfd));
static_assert!(offset_of!(UserCloneArgs, child_tid) == offset_of!(bindings::clone_args, child_tid));
static_assert!(
    offset_of!(UserCloneArgs, parent_tid) == offset_of!(bindings::clone_args, parent_tid)
);
static_assert!(
    offset_of!(UserCloneArgs, exit_signal) == offset_of!(bindings::clone_args, exit_signal)
);
static_assert!(offset_of!(UserCloneArgs, stack) == offset_of!(bindings::clone_args, stack));
static_assert!(
    offset_of!(UserCloneArgs, stack_size) == offset_of!(bindings::clone_args, stack_size)
);
static_assert!(offset_of!(UserCloneArgs, tls) == offset_of!(bindings::clone_args, tls));
static_assert!(offset_of!(UserCloneArgs, set_tid) == offset_of!(bindings::clone_args, set_tid));
static_assert!(
    offset_of!(UserCloneArgs, set_tid_size) == offset_of!(bindings::clone_args, set_tid_size)
);
static_assert!(offset_of!(UserCloneArgs, cgroup) == offset_of!(bindings::clone_args, cgroup));
static_assert!(offset_of!(UserCloneArgs, tls) + size_of::<u64>() == CLONE_ARGS_SIZE_VER0);
static_assert!(offset_of!(UserCloneArgs, set_tid_size) + size_of::<u64>() == CLONE_ARGS_SIZE_VER1);
static_assert!(offset_of!(UserCloneArgs, cgroup) + size_of::<u64>() == CLONE_ARGS_SIZE_VER2);

// SAFETY: `UserCloneArgs` only contains `u64`s, for which every bit pattern is valid, and has no
// interior mutability.
unsafe impl FromBytes for UserCloneArgs {}

// SAFETY: `UserCloneArgs` only contains `u64`s and has no padding (its size is the sum of the
// sizes of its fields, see the assertions above), so it has no uninitialized bytes.
unsafe impl AsBytes for UserCloneArgs {}

/// A set of flags of `clone()` and `clone3()` (`CLONE_*` in `include/uapi/linux/sched.h`).
///
/// Any set of bits: which ones a system call accepts is a rule of that system call, and
/// `kernel_clone()` checks the combinations that no caller may pass.
#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CloneFlags(u64);

impl CloneFlags {
    /// No flag.
    pub const NONE: Self = Self(0);
    /// Share the address space with the parent.
    pub const VM: Self = Self(bindings::CLONE_VM as u64);
    /// Share the file system information (root, working directory, umask).
    pub const FS: Self = Self(bindings::CLONE_FS as u64);
    /// Share the file descriptor table.
    pub const FILES: Self = Self(bindings::CLONE_FILES as u64);
    /// Share signal handlers and blocked signals with the parent.
    pub const SIGHAND: Self = Self(bindings::CLONE_SIGHAND as u64);
    /// Return a pidfd of the child to the parent.
    pub const PIDFD: Self = Self(bindings::CLONE_PIDFD as u64);
    /// Let the tracer of the parent trace the child too.
    pub const PTRACE: Self = Self(bindings::CLONE_PTRACE as u64);
    /// Suspend the parent until the child releases the address space.
    pub const VFORK: Self = Self(bindings::CLONE_VFORK as u64);
    /// Give the child the parent of the caller.
    pub const PARENT: Self = Self(bindings::CLONE_PARENT as u64);
    /// Create a thread in the thread group of the caller.
    pub const THREAD: Self = Self(bindings::CLONE_THREAD as u64);
    /// Create a new mount namespace.
    pub const NEWNS: Self = Self(bindings::CLONE_NEWNS as u64);
    /// Share System V semaphore adjustments.
    pub const SYSVSEM: Self = Self(bindings::CLONE_SYSVSEM as u64);
    /// Set the TLS of the child.
    pub const SETTLS: Self = Self(bindings::CLONE_SETTLS as u64);
    /// Store the TID of the child in the parent.
    pub const PARENT_SETTID: Self = Self(bindings::CLONE_PARENT_SETTID as u64);
    /// Clear the TID in the child when it exits, and wake a futex there.
    pub const CHILD_CLEARTID: Self = Self(bindings::CLONE_CHILD_CLEARTID as u64);
    /// Ignored by `clone()`, rejected by `clone3()` so that the bit can be reused.
    pub const DETACHED: Self = Self(bindings::CLONE_DETACHED as u64);
    /// Do not let a tracer force tracing on the child.
    pub const UNTRACED: Self = Self(bindings::CLONE_UNTRACED as u64);
    /// Store the TID of the child in the child.
    pub const CHILD_SETTID: Self = Self(bindings::CLONE_CHILD_SETTID as u64);
    /// Create a new cgroup namespace.
    pub const NEWCGROUP: Self = Self(bindings::CLONE_NEWCGROUP as u64);
    /// Create a new UTS namespace.
    pub const NEWUTS: Self = Self(bindings::CLONE_NEWUTS as u64);
    /// Create a new IPC namespace.
    pub const NEWIPC: Self = Self(bindings::CLONE_NEWIPC as u64);
    /// Create a new user namespace.
    pub const NEWUSER: Self = Self(bindings::CLONE_NEWUSER as u64);
    /// Create a new PID namespace.
    pub const NEWPID: Self = Self(bindings::CLONE_NEWPID as u64);
    /// Create a new network namespace.
    pub const NEWNET: Self = Self(bindings::CLONE_NEWNET as u64);
    /// Share the I/O context.
    pub const IO: Self = Self(bindings::CLONE_IO as u64);
    /// Create a new time namespace (a bit of `CSIGNAL`, usable by `clone3()` only).
    pub const NEWTIME: Self = Self(bindings::CLONE_NEWTIME as u64);
    /// Reset all signal handlers of the child to their default.
    pub const CLEAR_SIGHAND: Self = Self(bindings::CLONE_CLEAR_SIGHAND);
    /// Create the child in the cgroup given by [`CgroupFd`].
    pub const INTO_CGROUP: Self = Self(bindings::CLONE_INTO_CGROUP);
    /// Reap the child automatically when it exits.
    pub const AUTOREAP: Self = Self(bindings::CLONE_AUTOREAP);
    /// Set `no_new_privs` on the child.
    pub const NNP: Self = Self(bindings::CLONE_NNP);
    /// Kill the child when the pidfd returned by clone is closed.
    pub const PIDFD_AUTOKILL: Self = Self(bindings::CLONE_PIDFD_AUTOKILL);
    /// Create an empty mount namespace.
    pub const EMPTY_MNTNS: Self = Self(bindings::CLONE_EMPTY_MNTNS);

    /// The bits that `clone()` uses for the exit signal (`CSIGNAL`).
    pub const CSIGNAL: Self = Self(bindings::CSIGNAL as u64);
    /// All the bits that the `clone()` system call can pass (`CLONE_LEGACY_FLAGS`).
    pub const LEGACY: Self = Self(bindings::CLONE_LEGACY_FLAGS as u64);
    /// All the flags that the `clone3()` system call accepts (`CLONE3_FLAGS`).
    pub const CLONE3: Self = Self(bindings::CLONE3_FLAGS);

    /// Creates a set of flags from raw bits, without checking them.
    #[inline]
    pub const fn from_raw(bits: u64) -> Self {
        Self(bits)
    }

    /// Returns the raw bits.
    #[inline]
    pub const fn bits(self) -> u64 {
        self.0
    }

    /// Returns the flags of `self` and `other`.
    #[inline]
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Returns the flags of `self` that are not in `other`.
    #[inline]
    pub const fn difference(self, other: Self) -> Self {
        Self(self.0 & !other.0)
    }

    /// Returns whether all flags of `other` are in `self`.
    #[inline]
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Returns whether `self` and `other` have a flag in common.
    #[inline]
    pub const fn intersects(self, other: Self) -> bool {
        self.0 & other.0 != 0
    }
}

static_assert!(CloneFlags::LEGACY.bits() == u32::MAX as u64);
// `clone3()` accepts every flag of `clone()` (it refuses some of them by other rules) and every
// flag named above the 32 bits of `clone()`.
static_assert!(CloneFlags::CLONE3.contains(
    CloneFlags::LEGACY
        .union(CloneFlags::CLEAR_SIGHAND)
        .union(CloneFlags::INTO_CGROUP)
        .union(CloneFlags::AUTOREAP)
        .union(CloneFlags::NNP)
        .union(CloneFlags::PIDFD_AUTOKILL)
        .union(CloneFlags::EMPTY_MNTNS)
));

impl BitOr for CloneFlags {
    type Output = Self;

    #[inline]
    fn bitor(self, other: Self) -> Self {
        self.union(other)
    }
}

/// The signal sent to the parent when the child exits, or none.
///
/// Any value that fits in `CSIGNAL`; whether it is a valid signal is checked by `kernel_clone()`
/// or by the system call, as in C.
///
/// # Invariants
///
/// `self.0 & !CSIGNAL == 0`, which holds for any `u8`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExitSignal(u8);

// `ExitSignal` relies on `CSIGNAL` being exactly the range of `u8`.
static_assert!(bindings::CSIGNAL == u8::MAX as u32);
static_assert!(bindings::SIGCHLD <= bindings::CSIGNAL);

impl ExitSignal {
    /// No signal.
    // INVARIANT: `0` fits in `CSIGNAL`.
    pub const NONE: Self = Self(0);
    /// `SIGCHLD`, the signal of `fork()` and `vfork()`.
    // INVARIANT: Any `u8` fits in `CSIGNAL`, see the assertion above.
    // CAST: `SIGCHLD` is below `CSIGNAL`, see the assertion above.
    pub const SIGCHLD: Self = Self(bindings::SIGCHLD as u8);

    /// Creates an exit signal from a value of `CSIGNAL`.
    #[inline]
    pub const fn new(signal: u8) -> Self {
        // INVARIANT: `CSIGNAL == u8::MAX`, so any `u8` fits in it.
        Self(signal)
    }

    /// Returns whether no signal is sent.
    #[inline]
    pub const fn is_none(self) -> bool {
        self.0 == 0
    }

    /// Returns the signal number, `0` for none.
    #[inline]
    pub const fn as_raw(self) -> c_int {
        self.0 as c_int
    }
}

/// A file descriptor of a cgroup2 directory, for [`CloneFlags::INTO_CGROUP`].
///
/// # Invariants
///
/// `self.0 >= 0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CgroupFd(c_int);

impl CgroupFd {
    /// Creates a cgroup file descriptor, [`None`] if `fd` is negative.
    ///
    /// Whether `fd` is an open file of a cgroup2 directory is checked by `kernel_clone()`.
    #[inline]
    pub const fn new(fd: c_int) -> Option<Self> {
        if fd < 0 {
            None
        } else {
            // INVARIANT: `fd` is not negative.
            Some(Self(fd))
        }
    }

    /// Returns the file descriptor.
    #[inline]
    pub const fn as_raw(self) -> c_int {
        self.0
    }
}

/// The stack of the child.
///
/// # Invariants
///
/// `size` is zero, or `[pointer - size, pointer)` (`[pointer, pointer + size)` if the stack grows
/// up) is the user range given as the stack, without wrapping around the address space.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CloneStack {
    pointer: usize,
    size: usize,
}

impl CloneStack {
    /// The stack pointer of the caller: the child starts with it (and, with
    /// [`CloneFlags::VM`], on the same stack).
    // INVARIANT: `size` is zero.
    pub const INHERIT: Self = Self {
        pointer: 0,
        size: 0,
    };

    /// A stack pointer with no size, as `clone()` takes it; `0` inherits the one of the caller.
    ///
    /// The pointer is only loaded into the user stack pointer of the child, which faults in user
    /// space if it is bad, so any value is acceptable.
    #[inline]
    pub const fn from_pointer(pointer: usize) -> Self {
        // INVARIANT: `size` is zero.
        Self { pointer, size: 0 }
    }

    /// A stack given as the user range `[start, start + size)`, as `clone3()` takes it.
    ///
    /// Computes the initial stack pointer: the end of the range if the stack grows down, its
    /// start otherwise. Returns [`None`] if the range wraps around the address space. Whether the
    /// range is in the user address space is the caller's rule (`clone3()` refuses it otherwise,
    /// see [`UserSlice::access_ok`]).
    #[inline]
    pub fn from_range(start: UserPtr, size: usize) -> Option<Self> {
        let start = start.as_const_ptr().addr();
        let end = start.checked_add(size)?;

        #[cfg(not(CONFIG_STACK_GROWSUP))]
        let pointer = end;
        #[cfg(CONFIG_STACK_GROWSUP)]
        let pointer = {
            let _ = end;
            start
        };

        // INVARIANT: `[start, start + size)` does not wrap; `pointer` is computed as documented.
        Some(Self { pointer, size })
    }

    /// Returns the initial stack pointer of the child, `0` to inherit the one of the caller.
    #[inline]
    pub const fn pointer(self) -> usize {
        self.pointer
    }

    /// Returns the size of the stack, `0` if none was given.
    #[inline]
    pub const fn size(self) -> usize {
        self.size
    }
}

/// Storage for the `set_tid` array of `clone3()`, meant to live on the stack of the system call.
///
/// Like the C `pid_t set_tid[MAX_PID_NS_LEVEL]` of `sys_clone3()`, it is not initialized when it
/// is created, so that a call without `set_tid` pays nothing for it: only the PIDs read by
/// [`SetTidBuf::read_from_user`] can be seen.
///
/// # Examples
///
/// ```
/// use kernel::{
///     clone::{
///         SetTidBuf,
///         MAX_PID_NS_LEVEL, //
///     },
///     uaccess::UserPtr, //
/// };
///
/// let mut buf = SetTidBuf::new();
/// // No more PIDs than PID namespace levels, checked before user memory is touched.
/// assert_eq!(
///     buf.read_from_user(UserPtr::from_addr(0x1000), MAX_PID_NS_LEVEL + 1),
///     Err(EINVAL)
/// );
/// // Nothing to read: no PID, and no access to user memory.
/// assert_eq!(buf.read_from_user(UserPtr::from_addr(0), 0), Ok(&[][..]));
/// ```
pub struct SetTidBuf(MaybeUninit<[Pid; MAX_PID_NS_LEVEL]>);

impl SetTidBuf {
    /// Creates an empty buffer. Does not write to memory.
    #[inline]
    pub const fn new() -> Self {
        Self(MaybeUninit::uninit())
    }

    /// Reads `len` PIDs from the user array at `tids` into the buffer.
    ///
    /// Returns the PIDs read, from the innermost PID namespace outwards.
    ///
    /// # Errors
    ///
    /// [`EINVAL`] if `len` is above [`MAX_PID_NS_LEVEL`], [`EFAULT`] if the array cannot be read.
    #[inline]
    pub fn read_from_user(&mut self, tids: UserPtr, len: usize) -> Result<&[Pid]> {
        if len > MAX_PID_NS_LEVEL {
            return Err(EINVAL);
        }
        let bytes = len * size_of::<Pid>();

        // SAFETY: The buffer is valid for writes of `MAX_PID_NS_LEVEL` PIDs, of which `len` PIDs
        // (`bytes` bytes) are asked for; `MaybeUninit<u8>` allows them to be uninitialized.
        let out = unsafe {
            core::slice::from_raw_parts_mut(self.0.as_mut_ptr().cast::<MaybeUninit<u8>>(), bytes)
        };
        UserSlice::new(tids, bytes).reader().read_raw(out)?;

        // SAFETY: `read_raw()` succeeded, so the first `len` PIDs are initialized, and any bits
        // are a valid `Pid`. The slice borrows `self`, so nothing writes to them while it lives.
        Ok(unsafe { core::slice::from_raw_parts(self.0.as_ptr().cast::<Pid>(), len) })
    }
}

impl Default for SetTidBuf {
    #[inline]
    fn default() -> Self {
        Self::new()
    }
}

/// Proof that the code runs in a system call of a user space task.
///
/// `kernel_clone()` creates a child that returns to user space with a copy of the user registers
/// that the system call entry of the current task saved, so it must only be called from a system
/// call of a user space task: not from a kernel thread, a workqueue or an interrupt. Only the
/// entry point of a system call knows that, so creating a [`SyscallContext`] is unsafe; the safe
/// code that it calls then takes a reference to it as a parameter.
///
/// It is neither [`Send`] nor [`Sync`] and cannot be cloned, so it cannot reach another task, or
/// any storage that another task could reach.
///
/// Like the C `kernel_clone()`, which is not exported, process creation is for built-in code: a
/// loadable module that calls [`KernelCloneArgs::kernel_clone`] does not link, as the inlined call
/// refers to `kernel_clone()`, which modpost reports undefined.
///
/// # Examples
///
/// The entry point of a system call that creates a task, as `fork()` does:
///
/// ```
/// use kernel::{
///     clone::{
///         CloneFlags,
///         ExitSignal,
///         KernelCloneArgs,
///         SyscallContext, //
///     },
///     error::from_result,
///     ffi::c_long, //
/// };
///
/// /// # Safety
/// ///
/// /// Must be called in the context of a system call of a user space task.
/// unsafe extern "C" fn my_fork() -> c_long {
///     // SAFETY: The caller guarantees that this is a system call of a user space task; `ctx` is
///     // dropped before the function returns.
///     let ctx = unsafe { SyscallContext::new() };
///     from_result(|| {
///         let kargs = KernelCloneArgs::new(CloneFlags::NONE, ExitSignal::SIGCHLD);
///         let pid = kargs.kernel_clone(&ctx)?;
///         // CAST: Lossless, `c_long` is at least as wide as `Pid` (`c_int`).
///         Ok(pid as c_long)
///     })
/// }
/// # let _ = my_fork;
/// ```
///
/// # Invariants
///
/// The current task is a user space task executing a system call, which does not return while
/// the value exists.
pub struct SyscallContext {
    _not_thread_safe: NotThreadSafe,
}

impl SyscallContext {
    /// Creates the proof that the code runs in a system call of a user space task.
    ///
    /// # Safety
    ///
    /// The caller must run in the system call of a user space task, called from the system call
    /// entry of the architecture (with the user registers of the task saved), and must drop the
    /// value before the system call returns.
    #[inline]
    pub unsafe fn new() -> Self {
        // INVARIANT: Guaranteed by the caller.
        Self {
            _not_thread_safe: NotThreadSafe,
        }
    }
}

/// The arguments of `kernel_clone()` (`struct kernel_clone_args`) for a user space task.
///
/// Built by a system call from its arguments, with [`KernelCloneArgs::new`] and the setters, then
/// handed to `kernel_clone()` with [`KernelCloneArgs::kernel_clone`]. The fields that only the
/// kernel sets for its own threads (`fn`, `fn_arg`, `name`, `kthread`, `io_thread`, `user_worker`,
/// `idle` ...) cannot be set, so the child is always a user space task.
///
/// Any value of the typed parts is safe to pass: `kernel_clone()` and `copy_process()` check what
/// every caller must respect (for example `CLONE_THREAD` without `CLONE_SIGHAND`, or
/// `CLONE_PIDFD` with `CLONE_PARENT_SETTID` at the same address), and the rules of each system
/// call come before. The user pointers (pidfd, TIDs) are never dereferenced by Rust:
/// `kernel_clone()` writes through them with `put_user()`, which checks the address, and a bad one
/// makes the system call fail or the child fault, as in C.
///
/// # Examples
///
/// The arguments of `clone(CLONE_VM | CLONE_PARENT_SETTID | SIGCHLD, stack, &tid, ...)`:
///
/// ```
/// use kernel::{
///     clone::{
///         CloneFlags,
///         CloneStack,
///         ExitSignal,
///         KernelCloneArgs, //
///     },
///     uaccess::UserPtr, //
/// };
///
/// let tid = UserPtr::from_addr(0x7000_0000);
/// let mut kargs = KernelCloneArgs::new(
///     CloneFlags::VM | CloneFlags::PARENT_SETTID,
///     ExitSignal::SIGCHLD,
/// );
/// kargs
///     .set_parent_tid(tid)
///     .set_stack(CloneStack::from_pointer(0x7fff_0000));
///
/// assert!(kargs.flags().contains(CloneFlags::PARENT_SETTID));
/// assert_eq!(kargs.exit_signal(), ExitSignal::SIGCHLD);
/// assert_eq!(kargs.parent_tid().as_const_ptr().addr(), 0x7000_0000);
/// assert_eq!(kargs.stack().pointer(), 0x7fff_0000);
/// assert!(kargs.set_tid().is_empty());
/// ```
///
/// # Invariants
///
/// - `inner.set_tid` is null and `inner.set_tid_size` zero, or `inner.set_tid` points to
///   `inner.set_tid_size <= MAX_PID_NS_LEVEL` initialized PIDs, borrowed for `'a`.
/// - `inner.cgroup` is a [`CgroupFd`] or zero, `inner.exit_signal` an [`ExitSignal`], and
///   `inner.stack` and `inner.stack_size` a [`CloneStack`].
/// - All the other fields that no setter sets are zero.
pub struct KernelCloneArgs<'a> {
    inner: bindings::kernel_clone_args,
    _set_tid: PhantomData<&'a [Pid]>,
}

impl<'a> KernelCloneArgs<'a> {
    /// Creates the arguments of a user space task with `flags` and `exit_signal`.
    ///
    /// Everything else is empty: no pidfd or TID pointers, the stack of the caller, no TLS, no
    /// `set_tid` and no cgroup, until a setter gives them.
    #[inline]
    pub fn new(flags: CloneFlags, exit_signal: ExitSignal) -> Self {
        let mut inner: bindings::kernel_clone_args = pin_init::zeroed();
        inner.flags = flags.bits();
        inner.exit_signal = exit_signal.as_raw();

        // INVARIANT: `set_tid` is null with a size of zero, the exit signal comes from an
        // `ExitSignal`, the stack is `CloneStack::INHERIT` and everything else is zero.
        Self {
            inner,
            _set_tid: PhantomData,
        }
    }

    /// Sets where the pidfd of the child is stored, for [`CloneFlags::PIDFD`].
    #[inline]
    pub fn set_pidfd(&mut self, pidfd: UserPtr) -> &mut Self {
        self.inner.pidfd = pidfd.as_mut_ptr().cast();
        self
    }

    /// Sets where the TID is stored in the child, for [`CloneFlags::CHILD_SETTID`] and
    /// [`CloneFlags::CHILD_CLEARTID`].
    #[inline]
    pub fn set_child_tid(&mut self, child_tid: UserPtr) -> &mut Self {
        self.inner.child_tid = child_tid.as_mut_ptr().cast();
        self
    }

    /// Sets where the TID is stored in the parent, for [`CloneFlags::PARENT_SETTID`].
    #[inline]
    pub fn set_parent_tid(&mut self, parent_tid: UserPtr) -> &mut Self {
        self.inner.parent_tid = parent_tid.as_mut_ptr().cast();
        self
    }

    /// Sets the stack of the child.
    #[inline]
    pub fn set_stack(&mut self, stack: CloneStack) -> &mut Self {
        // INVARIANT: The values come from a `CloneStack`.
        self.inner.stack = stack.pointer();
        self.inner.stack_size = stack.size();
        self
    }

    /// Sets the TLS of the child, for [`CloneFlags::SETTLS`].
    #[inline]
    pub fn set_tls(&mut self, tls: usize) -> &mut Self {
        self.inner.tls = tls;
        self
    }

    /// Sets the PIDs of the child, from the innermost PID namespace outwards.
    ///
    /// The PIDs are borrowed shared: `kernel_clone()` only reads them.
    ///
    /// # Errors
    ///
    /// [`EINVAL`] if there are more than [`MAX_PID_NS_LEVEL`] of them.
    #[inline]
    pub fn set_set_tid(&mut self, tids: &'a [Pid]) -> Result<&mut Self> {
        if tids.len() > MAX_PID_NS_LEVEL {
            return Err(EINVAL);
        }
        // INVARIANT: `tids` is borrowed for `'a`, with at most `MAX_PID_NS_LEVEL` initialized
        // PIDs. An empty slice gives a dangling, never read, pointer with a size of zero; store
        // null then, as C does.
        self.inner.set_tid = if tids.is_empty() {
            core::ptr::null_mut()
        } else {
            // CAST: The C field is `pid_t *`, not `const pid_t *`, but C only reads through it:
            // `copy_process()` hands it to `alloc_pid()`, which copies `arg_set_tid[i]`
            // (`kernel/pid.c`). C code that wrote through it would need `&'a mut [Pid]` here.
            tids.as_ptr().cast_mut()
        };
        self.inner.set_tid_size = tids.len();
        Ok(self)
    }

    /// Sets the cgroup of the child, for [`CloneFlags::INTO_CGROUP`].
    #[inline]
    pub fn set_cgroup(&mut self, cgroup: CgroupFd) -> &mut Self {
        // INVARIANT: The value comes from a `CgroupFd`.
        self.inner.cgroup = cgroup.as_raw();
        self
    }

    /// Returns the flags.
    #[inline]
    pub fn flags(&self) -> CloneFlags {
        CloneFlags::from_raw(self.inner.flags)
    }

    /// Returns the exit signal.
    #[inline]
    pub fn exit_signal(&self) -> ExitSignal {
        // By the type invariants `inner.exit_signal` comes from an `ExitSignal`, so it fits in a
        // `u8` and the fallback is never taken.
        u8::try_from(self.inner.exit_signal).map_or(ExitSignal::NONE, ExitSignal::new)
    }

    /// Returns the stack of the child.
    #[inline]
    pub fn stack(&self) -> CloneStack {
        // INVARIANT: By the type invariants the values come from a `CloneStack`.
        CloneStack {
            pointer: self.inner.stack,
            size: self.inner.stack_size,
        }
    }

    /// Returns the TLS of the child.
    #[inline]
    pub fn tls(&self) -> usize {
        self.inner.tls
    }

    /// Returns where the pidfd of the child is stored.
    #[inline]
    pub fn pidfd(&self) -> UserPtr {
        UserPtr::from_ptr(self.inner.pidfd.cast())
    }

    /// Returns where the TID is stored in the child.
    #[inline]
    pub fn child_tid(&self) -> UserPtr {
        UserPtr::from_ptr(self.inner.child_tid.cast())
    }

    /// Returns where the TID is stored in the parent.
    #[inline]
    pub fn parent_tid(&self) -> UserPtr {
        UserPtr::from_ptr(self.inner.parent_tid.cast())
    }

    /// Returns the PIDs requested for the child, from the innermost PID namespace outwards.
    #[inline]
    pub fn set_tid(&self) -> &[Pid] {
        if self.inner.set_tid.is_null() {
            return &[];
        }
        // SAFETY: By the type invariants `inner.set_tid` points to `inner.set_tid_size`
        // initialized PIDs, borrowed for `'a`, which outlives `self`.
        unsafe { core::slice::from_raw_parts(self.inner.set_tid, self.inner.set_tid_size) }
    }

    /// Returns the cgroup of the child if the flags have [`CloneFlags::INTO_CGROUP`].
    #[inline]
    pub fn cgroup(&self) -> Option<CgroupFd> {
        if self.flags().contains(CloneFlags::INTO_CGROUP) {
            CgroupFd::new(self.inner.cgroup)
        } else {
            None
        }
    }

    /// Creates the child task with `kernel_clone()`.
    ///
    /// `ctx` proves that this runs in a system call of a user space task, whose saved user
    /// registers the child gets.
    ///
    /// Returns the PID of the child in the PID namespace of the caller.
    ///
    /// # Errors
    ///
    /// Any error of `kernel_clone()`, for example [`EINVAL`] for flags that do not go together,
    /// [`EAGAIN`] at a limit of the number of tasks, [`ENOMEM`].
    #[inline]
    pub fn kernel_clone(mut self, _ctx: &SyscallContext) -> Result<Pid> {
        // SAFETY: `inner` is a valid `struct kernel_clone_args` for a user space task by the type
        // invariants: the fields reserved for kernel threads are zero and `set_tid` points to
        // `set_tid_size <= MAX_PID_NS_LEVEL` PIDs that outlive the call, which only reads them.
        // `_ctx` proves that this is a system call of a user space task, whose saved registers the
        // child copies.
        let ret = unsafe { bindings::kernel_clone(&mut self.inner) };
        if ret < 0 {
            Err(Error::from_errno(ret))
        } else {
            Ok(ret)
        }
    }
}

#[cfg(CONFIG_RUST_CLONE_KUNIT_TEST)]
#[kunit_tests(rust_kernel_clone)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(size_of::<UserCloneArgs>(), 88);
        assert_eq!(CLONE_ARGS_SIZE_VER0, 64);
        assert_eq!(CLONE_ARGS_SIZE_VER1, 80);
        assert_eq!(CLONE_ARGS_SIZE_VER2, 88);
        assert_eq!(MAX_PID_NS_LEVEL, 32);
    }

    #[test]
    fn new_is_empty_user_task() {
        let kargs = KernelCloneArgs::new(CloneFlags::VM | CloneFlags::VFORK, ExitSignal::SIGCHLD);
        assert_eq!(kargs.flags().bits(), 0x4100);
        assert_eq!(
            u32::try_from(kargs.exit_signal().as_raw()),
            Ok(bindings::SIGCHLD)
        );
        assert_eq!(kargs.stack(), CloneStack::INHERIT);
        assert_eq!(kargs.tls(), 0);
        assert!(kargs.pidfd().as_const_ptr().is_null());
        assert!(kargs.child_tid().as_const_ptr().is_null());
        assert!(kargs.parent_tid().as_const_ptr().is_null());
        assert!(kargs.set_tid().is_empty());
        assert!(kargs.inner.set_tid.is_null());
        assert_eq!(kargs.cgroup(), None);
        assert_eq!(kargs.inner.cgroup, 0);
    }

    #[test]
    fn setters() -> Result {
        let tids: [Pid; 3] = [10, 11, 12];
        let mut kargs = KernelCloneArgs::new(CloneFlags::INTO_CGROUP, ExitSignal::new(0xff));
        kargs
            .set_pidfd(UserPtr::from_addr(0x1000))
            .set_child_tid(UserPtr::from_addr(0x2000))
            .set_parent_tid(UserPtr::from_addr(0x3000))
            .set_tls(0x4000)
            .set_stack(CloneStack::from_pointer(0x5000))
            .set_cgroup(CgroupFd::new(7).ok_or(EINVAL)?)
            .set_set_tid(&tids)?;
        assert_eq!(kargs.pidfd().as_const_ptr().addr(), 0x1000);
        assert_eq!(kargs.child_tid().as_const_ptr().addr(), 0x2000);
        assert_eq!(kargs.parent_tid().as_const_ptr().addr(), 0x3000);
        assert_eq!(kargs.tls(), 0x4000);
        assert_eq!(kargs.stack().pointer(), 0x5000);
        assert_eq!(kargs.stack().size(), 0);
        assert_eq!(kargs.exit_signal().as_raw(), 0xff);
        assert_eq!(kargs.cgroup().map(CgroupFd::as_raw), Some(7));
        assert_eq!(kargs.set_tid(), &tids);
        assert_eq!(kargs.inner.set_tid_size, 3);

        // An empty `set_tid` is a null pointer, as in C.
        kargs.set_set_tid(&[])?;
        assert!(kargs.inner.set_tid.is_null());
        assert_eq!(kargs.inner.set_tid_size, 0);

        // No more PIDs than PID namespace levels.
        let many = [1; MAX_PID_NS_LEVEL + 1];
        assert!(kargs.set_set_tid(&many).is_err());
        assert!(kargs.set_set_tid(&many[..MAX_PID_NS_LEVEL]).is_ok());

        // The cgroup is only reported with its flag.
        let mut kargs = KernelCloneArgs::new(CloneFlags::NONE, ExitSignal::NONE);
        kargs.set_cgroup(CgroupFd::new(7).ok_or(EINVAL)?);
        assert_eq!(kargs.cgroup(), None);
        Ok(())
    }

    #[test]
    fn typed_parts() {
        assert_eq!(CgroupFd::new(-1), None);
        assert_eq!(CgroupFd::new(0).map(CgroupFd::as_raw), Some(0));
        assert_eq!(
            CgroupFd::new(c_int::MAX).map(CgroupFd::as_raw),
            Some(c_int::MAX)
        );
        assert!(ExitSignal::NONE.is_none());
        assert_eq!(ExitSignal::new(0xff).as_raw(), 0xff);

        let flags = CloneFlags::THREAD | CloneFlags::SIGHAND;
        assert!(flags.contains(CloneFlags::THREAD));
        assert!(!flags.contains(CloneFlags::THREAD | CloneFlags::VM));
        assert!(flags.intersects(CloneFlags::THREAD | CloneFlags::VM));
        assert_eq!(flags.difference(CloneFlags::THREAD), CloneFlags::SIGHAND);
        assert_eq!(CloneFlags::CSIGNAL.bits(), 0xff);
        assert_eq!(CloneFlags::NEWTIME.bits(), 0x80);
        assert_eq!(CloneFlags::INTO_CGROUP.bits(), 1 << 33);
    }

    #[test]
    fn stack_ranges() {
        let start = UserPtr::from_addr(0x10000);
        let stack = CloneStack::from_range(start, 0x2000);
        #[cfg(not(CONFIG_STACK_GROWSUP))]
        assert_eq!(stack.map(CloneStack::pointer), Some(0x12000));
        #[cfg(CONFIG_STACK_GROWSUP)]
        assert_eq!(stack.map(CloneStack::pointer), Some(0x10000));
        assert_eq!(stack.map(CloneStack::size), Some(0x2000));

        assert_eq!(
            CloneStack::from_range(UserPtr::from_addr(usize::MAX), 1),
            None
        );
        assert_eq!(CloneStack::from_range(start, usize::MAX), None);
        assert_eq!(CloneStack::from_pointer(usize::MAX).pointer(), usize::MAX);
        assert_eq!(CloneStack::from_pointer(usize::MAX).size(), 0);
    }

    #[test]
    fn set_tid_buf_limits() {
        let mut buf = SetTidBuf::new();
        assert_eq!(
            buf.read_from_user(UserPtr::from_addr(0), MAX_PID_NS_LEVEL + 1),
            Err(EINVAL)
        );
        assert_eq!(buf.read_from_user(UserPtr::from_addr(0), 1), Err(EFAULT));
        assert_eq!(buf.read_from_user(UserPtr::from_addr(0), 0), Ok(&[][..]));
    }
}
