// SPDX-License-Identifier: GPL-2.0

//! Argument handling of the process-creation system calls: `clone3()`, and with
//! `CONFIG_RUST_CLONE_LEGACY` also `fork()`, `vfork()` and `clone()`.
//!
//! Each system call has a thin C stub in `kernel/fork.c` that calls an exported function of this
//! file, which builds the one in-kernel argument structure, [`KernelCloneArgs`], with a
//! constructor of its own and hands it to the unchanged C `kernel_clone()`.
//!
//! # `clone3()`
//!
//! `clone3()` takes a `struct clone_args` that user space versions by its size. This file copies it
//! from user space exactly once, checks it with the rules of the C `copy_clone_args_from_user()`
//! and `clone3_args_valid()` (same order, same error codes, so the first broken rule decides the
//! error user space sees), and hands the result to `kernel_clone()`:
//!
//! 1. `size > PAGE_SIZE` gives [`E2BIG`], `size < CLONE_ARGS_SIZE_VER0` gives [`EINVAL`].
//! 2. Like `copy_struct_from_user()`: bytes past the known structure must be zero ([`E2BIG`]), then
//!    `min(size, CLONE_ARGS_SIZE_VER2)` bytes are copied and the rest is zero-filled.
//! 3. `set_tid` and `set_tid_size` must be consistent and `set_tid_size <= MAX_PID_NS_LEVEL`.
//! 4. `exit_signal` must fit in `CSIGNAL`.
//! 5. `CLONE_INTO_CGROUP` needs a `cgroup` that fits in a C `int` and a structure that has it.
//! 6. The `set_tid` array is copied.
//! 7. The flags and the stack are checked ([`KernelCloneArgs`]).
//!
//! Nothing here builds a Rust reference or slice over user memory: user memory is only read with
//! [`UserSlice`] and `check_zeroed_user()`, and the set_tid array lives on the stack of the system
//! call, with no allocation.
//!
//! # `fork()`, `vfork()` and `clone()`
//!
//! These check nothing themselves, exactly like their C stubs: [`KernelCloneArgs::fork`] asks for
//! `SIGCHLD`, [`KernelCloneArgs::vfork`] for `CLONE_VFORK | CLONE_VM` and `SIGCHLD`, and
//! [`KernelCloneArgs::legacy_clone`] keeps the lower 32 bits of the flags, takes the exit signal
//! from their `CSIGNAL` bits and returns the pidfd of `CLONE_PIDFD` through `parent_tid`.
//! `kernel_clone()` and `copy_process()` check the result, including that `CLONE_PIDFD` and
//! `CLONE_PARENT_SETTID` do not share `parent_tid`. The argument order of the architecture
//! (`CONFIG_CLONE_BACKWARDS*`) is decoded by the `SYSCALL_DEFINE` of `clone()` in C, which passes
//! the arguments by name.
//!
//! C headers: [`include/uapi/linux/sched.h`](srctree/include/uapi/linux/sched.h),
//! [`include/linux/sched/task.h`](srctree/include/linux/sched/task.h) and
//! [`include/linux/rust_clone.h`](srctree/include/linux/rust_clone.h).

use core::{
    mem::offset_of,
    ops::BitOr, //
};

use kernel::{
    bindings,
    page::PAGE_SIZE,
    prelude::*,
    transmute::{
        AsBytes,
        FromBytes, //
    },
    uaccess::{
        UserPtr,
        UserSlice, //
    },
};

/// Size of the first published `struct clone_args`, up to and including `tls`.
const CLONE_ARGS_SIZE_VER0: usize = bindings::CLONE_ARGS_SIZE_VER0 as usize;

/// Size of the second published `struct clone_args`, up to and including `set_tid_size`.
const CLONE_ARGS_SIZE_VER1: usize = bindings::CLONE_ARGS_SIZE_VER1 as usize;

/// Size of the third published `struct clone_args`, up to and including `cgroup`.
const CLONE_ARGS_SIZE_VER2: usize = bindings::CLONE_ARGS_SIZE_VER2 as usize;

/// Maximum nesting of PID namespaces, thus the maximum number of entries of `set_tid`.
pub const MAX_PID_NS_LEVEL: usize = bindings::MAX_PID_NS_LEVEL as usize;

// Values of `struct clone_args` are `u64` and this file stores them in `usize` (`unsigned long`,
// pointers) without loss; `RUST_CLONE3` depends on `64BIT`.
static_assert!(size_of::<usize>() == size_of::<u64>());

// `ExitSignal` relies on `CSIGNAL` being exactly the range of `u8`.
static_assert!(bindings::CSIGNAL == u8::MAX as u32);

/// Converts a value of `struct clone_args` to `usize` (a user address or a length).
///
/// Lossless, see the assertion above; it is the conversion that the C code makes implicitly.
const fn u64_to_usize(value: u64) -> usize {
    // CAST: `usize` and `u64` have the same width.
    value as usize
}

/// `struct clone_args` as user space lays it out (`include/uapi/linux/sched.h`).
///
/// Holds unchecked user-controlled values; [`UserCloneArgs::check`] turns it into a
/// [`CheckedCloneArgs`].
#[repr(C)]
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
struct UserCloneArgs {
    flags: u64,
    pidfd: u64,
    child_tid: u64,
    parent_tid: u64,
    exit_signal: u64,
    stack: u64,
    stack_size: u64,
    tls: u64,
    set_tid: u64,
    set_tid_size: u64,
    cgroup: u64,
}

// The mirror has exactly the layout of the C structure and of the published sizes.
static_assert!(size_of::<UserCloneArgs>() == size_of::<bindings::clone_args>());
static_assert!(size_of::<UserCloneArgs>() == CLONE_ARGS_SIZE_VER2);
static_assert!(align_of::<UserCloneArgs>() == align_of::<bindings::clone_args>());
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

impl UserCloneArgs {
    /// Copies the structure from user space, like `copy_struct_from_user()` does.
    ///
    /// Rules 1 and 2 of the module documentation. The interoperable part of the structure is
    /// copied exactly once; a structure shorter than this kernel's is zero-extended.
    #[inline]
    fn copy_from_user(uargs: UserPtr, size: usize) -> Result<Self> {
        const KSIZE: usize = size_of::<UserCloneArgs>();

        if size > PAGE_SIZE {
            return Err(E2BIG);
        }
        if size < CLONE_ARGS_SIZE_VER0 {
            return Err(EINVAL);
        }

        // A newer user space may pass a bigger structure, as long as what we don't know is zero.
        if let Some(rest) = size.checked_sub(KSIZE).filter(|&rest| rest != 0) {
            let tail = uargs.wrapping_byte_add(KSIZE);
            // SAFETY: `check_zeroed_user()` reads `tail` only through the user access functions,
            // which check the range and handle faults, so any address is acceptable.
            let ret = unsafe { bindings::check_zeroed_user(tail.as_const_ptr(), rest) };
            match ret {
                0 => return Err(E2BIG),
                ret if ret < 0 => return Err(Error::from_errno(ret)),
                _ => {}
            }
        }

        let mut args = Self::default();
        let len = size.min(KSIZE);
        // `len <= KSIZE`, the size of `args`, so this never fails.
        let dst = args.as_bytes_mut().get_mut(..len).ok_or(EINVAL)?;
        UserSlice::new(uargs, len).reader().read_slice(dst)?;

        Ok(args)
    }

    /// Checks the values that `copy_clone_args_from_user()` checks.
    ///
    /// Rules 3, 4 and 5 of the module documentation, in that order. `size` is the size that user
    /// space passed. Does not access user memory.
    #[inline]
    fn check(&self, size: usize) -> Result<CheckedCloneArgs> {
        if self.set_tid_size > MAX_PID_NS_LEVEL as u64 {
            return Err(EINVAL);
        }
        if self.set_tid == 0 && self.set_tid_size > 0 {
            return Err(EINVAL);
        }
        if self.set_tid != 0 && self.set_tid_size == 0 {
            return Err(EINVAL);
        }

        let exit_signal = ExitSignal::from_user(self.exit_signal)?;

        let flags = CloneFlags::from_raw(self.flags);
        let cgroup = if flags.contains(CloneFlags::INTO_CGROUP) {
            if size < CLONE_ARGS_SIZE_VER2 {
                return Err(EINVAL);
            }
            Some(CgroupFd::from_user(self.cgroup)?)
        } else {
            None
        };

        // INVARIANT: `set_tid_size <= MAX_PID_NS_LEVEL` and `set_tid` is null iff `set_tid_size` is
        // zero, checked above; `cgroup` is `Some` iff `CLONE_INTO_CGROUP` is set.
        Ok(CheckedCloneArgs {
            flags,
            pidfd: UserIntPtr::from_user(self.pidfd),
            child_tid: UserIntPtr::from_user(self.child_tid),
            parent_tid: UserIntPtr::from_user(self.parent_tid),
            exit_signal,
            stack: self.stack,
            stack_size: self.stack_size,
            tls: self.tls,
            set_tid: UserPtr::from_addr(u64_to_usize(self.set_tid)),
            // `set_tid_size <= MAX_PID_NS_LEVEL` was checked above.
            set_tid_len: u64_to_usize(self.set_tid_size),
            cgroup,
        })
    }
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
    pidfd: UserIntPtr,
    child_tid: UserIntPtr,
    parent_tid: UserIntPtr,
    exit_signal: ExitSignal,
    stack: u64,
    stack_size: u64,
    tls: u64,
    set_tid: UserPtr,
    set_tid_len: usize,
    cgroup: Option<CgroupFd>,
}

impl CheckedCloneArgs {
    /// Copies the `set_tid` array from user space into `buf` (rule 6 of the module documentation).
    #[inline]
    fn copy_set_tid(&self, buf: &mut SetTidBuf) -> Result {
        if self.set_tid_len == 0 {
            return Ok(());
        }

        // `set_tid_len <= MAX_PID_NS_LEVEL` by the type invariants, so this never fails.
        let dst = AsBytes::as_bytes_mut(buf.0.get_mut(..self.set_tid_len).ok_or(EINVAL)?);
        UserSlice::new(self.set_tid, dst.len())
            .reader()
            .read_slice(dst)
    }
}

/// The flags of `clone()` and `clone3()` (`CLONE_*` in `include/uapi/linux/sched.h`).
///
/// Any set of bits, unchecked; [`KernelCloneArgs`] only holds flags valid for its constructor.
#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CloneFlags(u64);

impl CloneFlags {
    /// No flag.
    pub const NONE: Self = Self(0);
    /// Share the address space with the parent.
    pub const VM: Self = Self(bindings::CLONE_VM as u64);
    /// Return a pidfd of the child to the parent.
    pub const PIDFD: Self = Self(bindings::CLONE_PIDFD as u64);
    /// Suspend the parent until the child releases the address space.
    pub const VFORK: Self = Self(bindings::CLONE_VFORK as u64);
    /// Store the TID of the child in the parent.
    pub const PARENT_SETTID: Self = Self(bindings::CLONE_PARENT_SETTID as u64);
    /// Share signal handlers and blocked signals with the parent.
    pub const SIGHAND: Self = Self(bindings::CLONE_SIGHAND as u64);
    /// Give the child the parent of the caller.
    pub const PARENT: Self = Self(bindings::CLONE_PARENT as u64);
    /// Create a thread in the thread group of the caller.
    pub const THREAD: Self = Self(bindings::CLONE_THREAD as u64);
    /// Ignored by `clone()`, rejected by `clone3()` so that the bit can be reused.
    pub const DETACHED: Self = Self(bindings::CLONE_DETACHED as u64);
    /// Create a new time namespace (shares a bit of `CSIGNAL`).
    pub const NEWTIME: Self = Self(bindings::CLONE_NEWTIME as u64);
    /// Reset all signal handlers of the child to their default.
    pub const CLEAR_SIGHAND: Self = Self(bindings::CLONE_CLEAR_SIGHAND);
    /// Create the child in the cgroup given by [`CgroupFd`].
    pub const INTO_CGROUP: Self = Self(bindings::CLONE_INTO_CGROUP);
    /// Reap the child automatically when it exits.
    pub const AUTOREAP: Self = Self(bindings::CLONE_AUTOREAP);
    /// Set `no_new_privs` on the child.
    pub const NNP: Self = Self(bindings::CLONE_NNP);
    /// Kill the child when the pidfd returned by clone closes.
    pub const PIDFD_AUTOKILL: Self = Self(bindings::CLONE_PIDFD_AUTOKILL);
    /// Create an empty mount namespace.
    pub const EMPTY_MNTNS: Self = Self(bindings::CLONE_EMPTY_MNTNS);

    /// The bits that `clone()` uses for the exit signal (`CSIGNAL`).
    const CSIGNAL: Self = Self(bindings::CSIGNAL as u64);
    /// All the bits taken by the `clone()` system call (`CLONE_LEGACY_FLAGS`).
    const LEGACY: Self = Self(bindings::CLONE_LEGACY_FLAGS as u64);

    /// Bits of `clone()` that `clone3()` rejects so that they can be reused: `CLONE_DETACHED` and
    /// the `CSIGNAL` bits, except `CLONE_NEWTIME` which already reuses one.
    const CLONE3_REUSABLE: Self = Self::DETACHED.union(Self::CSIGNAL.difference(Self::NEWTIME));

    /// The flags that `clone3()` knows about.
    pub const CLONE3_KNOWN: Self = Self::LEGACY
        .union(Self::CLEAR_SIGHAND)
        .union(Self::INTO_CGROUP)
        .union(Self::AUTOREAP)
        .union(Self::NNP)
        .union(Self::PIDFD_AUTOKILL)
        .union(Self::EMPTY_MNTNS);

    /// The flags that only `clone3()` can pass, as they do not fit in the 32 bits of `clone()`.
    const CLONE3_ONLY: Self = Self::CLONE3_KNOWN.difference(Self::LEGACY);

    /// Creates a set of flags from raw bits, without checking them.
    pub const fn from_raw(bits: u64) -> Self {
        Self(bits)
    }

    /// Splits the `clone_flags` argument of `clone()` like its C stub does.
    ///
    /// Only the lower 32 bits count (`lower_32_bits()`); the `CSIGNAL` bits are the exit signal,
    /// the others are the flags. Checks nothing, as in C.
    #[cfg(CONFIG_RUST_CLONE_LEGACY)]
    fn from_legacy(clone_flags: c_ulong) -> (Self, ExitSignal) {
        // CAST: Truncation intended, this is `lower_32_bits()`.
        let low = clone_flags as u32;
        (
            Self(u64::from(low)).difference(Self::CSIGNAL),
            ExitSignal::from_legacy(low),
        )
    }

    /// Returns the raw bits.
    pub const fn bits(self) -> u64 {
        self.0
    }

    /// Returns the flags of `self` and `other`.
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Returns the flags of `self` that are not in `other`.
    pub const fn difference(self, other: Self) -> Self {
        Self(self.0 & !other.0)
    }

    /// Returns whether all flags of `other` are in `self`.
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Returns whether `self` and `other` have a flag in common.
    pub const fn intersects(self, other: Self) -> bool {
        self.0 & other.0 != 0
    }
}

// The flags of `clone3()` above 32 bits, like `CLONE_INTO_CGROUP`, cannot come from `clone()`.
static_assert!(CloneFlags::CLONE3_ONLY.bits() == CloneFlags::CLONE3_KNOWN.bits() >> 32 << 32);
static_assert!(CloneFlags::CLONE3_ONLY.contains(CloneFlags::INTO_CGROUP));
static_assert!(CloneFlags::LEGACY.bits() == u32::MAX as u64);

impl BitOr for CloneFlags {
    type Output = Self;

    fn bitor(self, other: Self) -> Self {
        self.union(other)
    }
}

/// The signal sent to the parent when the child exits, or none.
///
/// Any value of `CSIGNAL`; whether it is a valid signal is checked later by `kernel_clone()`, as
/// in C.
///
/// # Invariants
///
/// `self.0 & !CSIGNAL == 0`, which holds for any `u8`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExitSignal(u8);

impl ExitSignal {
    /// No signal.
    pub const NONE: Self = Self(0);
    /// `SIGCHLD`, the signal of `fork()` and `vfork()`.
    // CAST: `SIGCHLD` is below `CSIGNAL`, see the assertion below.
    pub const SIGCHLD: Self = Self(bindings::SIGCHLD as u8);

    /// Creates an exit signal from the `exit_signal` field of `struct clone_args`.
    ///
    /// Fails with [`EINVAL`] if bits outside `CSIGNAL` are set.
    fn from_user(value: u64) -> Result<Self> {
        // INVARIANT: `CSIGNAL == u8::MAX`, so `value & !CSIGNAL == 0` iff `value` fits in `u8`.
        u8::try_from(value).map(Self).map_err(|_| EINVAL)
    }

    /// Takes the exit signal from the `CSIGNAL` bits of the flags of `clone()`.
    #[cfg(CONFIG_RUST_CLONE_LEGACY)]
    fn from_legacy(low_flags: u32) -> Self {
        // CAST: `CSIGNAL == u8::MAX`, so the masked value fits in `u8`.
        // INVARIANT: Any `u8` fits in `CSIGNAL`.
        Self((low_flags & bindings::CSIGNAL) as u8)
    }

    /// Returns whether no signal is sent.
    pub fn is_none(self) -> bool {
        self.0 == 0
    }

    /// Returns the signal number, `0` for none.
    pub fn as_raw(self) -> c_int {
        c_int::from(self.0)
    }
}

static_assert!(bindings::SIGCHLD <= bindings::CSIGNAL);

/// A file descriptor of a cgroup2 directory, for [`CloneFlags::INTO_CGROUP`].
///
/// # Invariants
///
/// `self.0 >= 0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CgroupFd(c_int);

impl CgroupFd {
    /// Creates a cgroup file descriptor from the `cgroup` field of `struct clone_args`.
    ///
    /// Fails with [`EINVAL`] if it is above `INT_MAX`.
    fn from_user(value: u64) -> Result<Self> {
        // INVARIANT: a `u64` that fits in a `c_int` is not negative.
        c_int::try_from(value).map(Self).map_err(|_| EINVAL)
    }

    /// Returns the file descriptor.
    pub fn as_raw(self) -> c_int {
        self.0
    }
}

/// A user space address where the kernel stores an `int` (a TID or a pidfd), or null.
///
/// Never dereferenced here: `kernel_clone()` writes through it with `put_user()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UserIntPtr(usize);

impl UserIntPtr {
    /// The null address.
    pub const NULL: Self = Self(0);

    /// Creates an address from a field of `struct clone_args`, like `u64_to_user_ptr()`.
    fn from_user(value: u64) -> Self {
        Self(u64_to_usize(value))
    }

    /// Creates an address from a C `int __user *` argument of a system call.
    #[cfg(CONFIG_RUST_CLONE_LEGACY)]
    fn from_ptr(ptr: *mut c_int) -> Self {
        Self(ptr.addr())
    }

    /// Returns the address.
    pub fn addr(self) -> usize {
        self.0
    }

    /// Returns the address as a C `int __user *`.
    fn as_ptr(self) -> *mut c_int {
        // CAST: an integer address used as a C `__user` pointer, never dereferenced by Rust.
        self.0 as *mut c_int
    }
}

/// The stack of the child.
///
/// # Invariants
///
/// One of:
///
/// - `pointer` and `size` are both zero: the child uses the stack pointer of the caller;
/// - `size` is zero and `pointer` is the stack pointer passed to `clone()`, unchecked as in C: it
///   is only loaded into the user stack pointer of the child, which faults in user space if it is
///   bad;
/// - the user range given by `clone3()` passed `access_ok()` and `pointer` is the initial stack
///   pointer of the child: the end of the range if the stack grows down, its start otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CloneStack {
    pointer: usize,
    size: usize,
}

impl CloneStack {
    /// Checks the `stack` and `stack_size` fields of `struct clone_args`.
    ///
    /// Returns [`None`] when `clone3_stack_valid()` returns false in C.
    fn from_user(stack: u64, stack_size: u64) -> Option<Self> {
        let (start, size) = (u64_to_usize(stack), u64_to_usize(stack_size));

        if start == 0 {
            // INVARIANT: both are zero.
            return (size == 0).then_some(Self {
                pointer: 0,
                size: 0,
            });
        }
        if size == 0 {
            return None;
        }

        // SAFETY: `access_ok()` only compares the range with the limit of the user address space;
        // it does not access memory.
        if !unsafe { bindings::access_ok(start as *const c_void, size) } {
            return None;
        }

        // `access_ok()` passed, so `start + size` does not wrap; never panic anyway.
        #[cfg(not(CONFIG_STACK_GROWSUP))]
        let pointer = start.checked_add(size)?;
        #[cfg(CONFIG_STACK_GROWSUP)]
        let pointer = start;

        // INVARIANT: the range passed `access_ok()`, `pointer` is computed as documented.
        Some(Self { pointer, size })
    }

    /// Takes the `newsp` argument of `clone()`, unchecked as in C; `0` inherits the stack pointer.
    #[cfg(CONFIG_RUST_CLONE_LEGACY)]
    fn from_legacy(newsp: c_ulong) -> Self {
        // INVARIANT: `size` is zero, `pointer` is the stack pointer passed to `clone()`.
        Self {
            pointer: newsp,
            size: 0,
        }
    }

    /// Returns the initial stack pointer of the child, `0` to inherit the one of the caller.
    pub fn pointer(self) -> usize {
        self.pointer
    }

    /// Returns the size of the stack, `0` if none was given.
    pub fn size(self) -> usize {
        self.size
    }
}

/// Storage for the `set_tid` array of `clone3()`.
///
/// Meant to live on the stack of the system call, like the C `pid_t set_tid[MAX_PID_NS_LEVEL]`.
pub struct SetTidBuf([bindings::pid_t; MAX_PID_NS_LEVEL]);

impl SetTidBuf {
    /// Creates a zeroed buffer.
    pub const fn new() -> Self {
        Self([0; MAX_PID_NS_LEVEL])
    }
}

impl Default for SetTidBuf {
    fn default() -> Self {
        Self::new()
    }
}

/// Checks the rules of `clone3_args_valid()` (rule 7 of the module documentation).
///
/// Returns [`EINVAL`] for unknown flags, `CLONE_DETACHED`, `CSIGNAL` bits other than
/// `CLONE_NEWTIME`, `CLONE_SIGHAND` with `CLONE_CLEAR_SIGHAND`, `CLONE_THREAD` or `CLONE_PARENT`
/// with an exit signal, and a bad stack. Does not access user memory.
#[inline]
fn clone3_args_valid(
    flags: CloneFlags,
    exit_signal: ExitSignal,
    stack: u64,
    stack_size: u64,
) -> Result<CloneStack> {
    if !CloneFlags::CLONE3_KNOWN.contains(flags) {
        return Err(EINVAL);
    }

    // Make the `CLONE_DETACHED` and `CSIGNAL` bits reusable for `clone3()`.
    if flags.intersects(CloneFlags::CLONE3_REUSABLE) {
        return Err(EINVAL);
    }

    if flags.contains(CloneFlags::SIGHAND | CloneFlags::CLEAR_SIGHAND) {
        return Err(EINVAL);
    }

    if flags.intersects(CloneFlags::THREAD | CloneFlags::PARENT) && !exit_signal.is_none() {
        return Err(EINVAL);
    }

    CloneStack::from_user(stack, stack_size).ok_or(EINVAL)
}

/// Arguments of `kernel_clone()` (`struct kernel_clone_args`), as set up by a system call.
///
/// The one in-kernel argument structure of every process-creation system call; each has its own
/// constructor, with its own rules: [`KernelCloneArgs::clone3`] and, with
/// `CONFIG_RUST_CLONE_LEGACY`, [`KernelCloneArgs::fork`], [`KernelCloneArgs::vfork`] and
/// [`KernelCloneArgs::legacy_clone`]. Nothing records which constructor was used:
/// `kernel_clone()` treats them all alike.
///
/// # Invariants
///
/// - `inner.flags` only has flags that the constructor accepted: for `clone3()`, those of
///   [`CloneFlags::CLONE3_KNOWN`] that pass the rules of `clone3_args_valid()`; for `clone()`,
///   any of the lower 32 bits except `CSIGNAL`; for `fork()`, none; for `vfork()`,
///   `CLONE_VFORK | CLONE_VM`.
/// - `inner.exit_signal` is the value of an [`ExitSignal`]; for `clone3()`, zero if `inner.flags`
///   has `CLONE_THREAD` or `CLONE_PARENT`.
/// - `inner.stack` and `inner.stack_size` are the values of a [`CloneStack`].
/// - `inner.set_tid` is null and `inner.set_tid_size <= MAX_PID_NS_LEVEL`; if `set_tid` is
///   [`None`], `inner.set_tid_size == 0`. [`KernelCloneArgs::kernel_clone`] points `inner.set_tid`
///   at `set_tid` just before the call.
/// - `inner.cgroup` is a [`CgroupFd`] if `inner.flags` has `CLONE_INTO_CGROUP`, zero otherwise.
/// - All other fields of `inner` (`name`, `fn_`, `fn_arg`, `kthread` ...) are zero, so
///   `kernel_clone()` creates a user space task.
pub struct KernelCloneArgs<'a> {
    inner: bindings::kernel_clone_args,
    set_tid: Option<&'a mut SetTidBuf>,
}

impl<'a> KernelCloneArgs<'a> {
    /// Copies and checks the arguments of `clone3()` like the C `copy_clone_args_from_user()` and
    /// `clone3_args_valid()`.
    ///
    /// `uargs` and `size` are the arguments of the system call. The `set_tid` array is copied into
    /// `set_tid`. On error, returns the error code of the first broken rule, see the module
    /// documentation.
    // Always inlined, with everything it calls, into `rust_clone3()`: the arguments are then built
    // in place in the one stack frame of the system call, not returned through a `Result` and
    // copied. This keeps the Rust path at or below the instruction count and the stack depth of
    // the C one (`make bench`).
    #[inline(always)]
    pub fn clone3(uargs: UserPtr, size: usize, set_tid: &'a mut SetTidBuf) -> Result<Self> {
        let args = UserCloneArgs::copy_from_user(uargs, size)?.check(size)?;
        args.copy_set_tid(set_tid)?;
        Self::from_clone3(&args, set_tid)
    }

    /// Builds the arguments from checked `clone3()` arguments, with the rules of
    /// `clone3_args_valid()`. Does not access user memory.
    // Always inlined, see `clone3()`.
    #[inline(always)]
    fn from_clone3(args: &CheckedCloneArgs, set_tid: &'a mut SetTidBuf) -> Result<Self> {
        let stack = clone3_args_valid(args.flags, args.exit_signal, args.stack, args.stack_size)?;

        let mut inner: bindings::kernel_clone_args = pin_init::zeroed();
        inner.flags = args.flags.bits();
        inner.pidfd = args.pidfd.as_ptr();
        inner.child_tid = args.child_tid.as_ptr();
        inner.parent_tid = args.parent_tid.as_ptr();
        inner.exit_signal = args.exit_signal.as_raw();
        inner.stack = stack.pointer();
        inner.stack_size = stack.size();
        inner.tls = u64_to_usize(args.tls);
        inner.set_tid_size = args.set_tid_len;
        inner.cgroup = args.cgroup.map_or(0, CgroupFd::as_raw);

        // INVARIANT: `clone3_args_valid()` checked the flags, the exit signal and the stack;
        // `CheckedCloneArgs` guarantees `set_tid_len <= MAX_PID_NS_LEVEL` and that `cgroup` is
        // `Some` iff `CLONE_INTO_CGROUP` is set; everything else is zero.
        Ok(Self {
            inner,
            set_tid: Some(set_tid),
        })
    }

    /// Builds arguments with no `set_tid` and no cgroup.
    ///
    /// `flags` must not contain [`CloneFlags::INTO_CGROUP`].
    #[cfg(CONFIG_RUST_CLONE_LEGACY)]
    fn without_set_tid(
        flags: CloneFlags,
        exit_signal: ExitSignal,
        stack: CloneStack,
        tls: usize,
        pidfd: UserIntPtr,
        child_tid: UserIntPtr,
        parent_tid: UserIntPtr,
    ) -> Self {
        let mut inner: bindings::kernel_clone_args = pin_init::zeroed();
        inner.flags = flags.bits();
        inner.pidfd = pidfd.as_ptr();
        inner.child_tid = child_tid.as_ptr();
        inner.parent_tid = parent_tid.as_ptr();
        inner.exit_signal = exit_signal.as_raw();
        inner.stack = stack.pointer();
        inner.stack_size = stack.size();
        inner.tls = tls;

        // INVARIANT: The callers pass the flags of their system call, without `CLONE_INTO_CGROUP`;
        // the exit signal and the stack come from their types; `set_tid` is `None` with a size of
        // zero and everything else is zero.
        Self {
            inner,
            set_tid: None,
        }
    }

    /// Returns the flags.
    pub fn flags(&self) -> CloneFlags {
        CloneFlags::from_raw(self.inner.flags)
    }

    /// Returns the exit signal.
    pub fn exit_signal(&self) -> ExitSignal {
        // By the type invariants `inner.exit_signal` comes from an `ExitSignal`.
        u8::try_from(self.inner.exit_signal).map_or(ExitSignal::NONE, ExitSignal)
    }

    /// Returns the stack of the child.
    pub fn stack(&self) -> CloneStack {
        CloneStack {
            pointer: self.inner.stack,
            size: self.inner.stack_size,
        }
    }

    /// Returns the value of the TLS register of the child, if `CLONE_SETTLS` is set.
    pub fn tls(&self) -> usize {
        self.inner.tls
    }

    /// Returns where the pidfd is stored, if `CLONE_PIDFD` is set.
    pub fn pidfd(&self) -> UserIntPtr {
        UserIntPtr(self.inner.pidfd.addr())
    }

    /// Returns where the TID is stored in the child.
    pub fn child_tid(&self) -> UserIntPtr {
        UserIntPtr(self.inner.child_tid.addr())
    }

    /// Returns where the TID is stored in the parent.
    pub fn parent_tid(&self) -> UserIntPtr {
        UserIntPtr(self.inner.parent_tid.addr())
    }

    /// Returns the PIDs requested for the child, from the innermost PID namespace outwards.
    pub fn set_tid(&self) -> &[bindings::pid_t] {
        match &self.set_tid {
            // By the type invariants `set_tid_size <= MAX_PID_NS_LEVEL`.
            Some(buf) => buf.0.get(..self.inner.set_tid_size).unwrap_or(&[]),
            None => &[],
        }
    }

    /// Returns the cgroup to create the child in, if `CLONE_INTO_CGROUP` is set.
    pub fn cgroup(&self) -> Option<CgroupFd> {
        self.flags()
            .contains(CloneFlags::INTO_CGROUP)
            .then_some(CgroupFd(self.inner.cgroup))
    }

    /// Creates the child task with `kernel_clone()`.
    ///
    /// Returns the PID of the child in the PID namespace of the caller.
    ///
    /// # Safety
    ///
    /// Must be called in the system call context of a user space task (not a kernel thread): the
    /// child returns to user space with a copy of the saved user registers of the caller.
    #[inline]
    pub unsafe fn kernel_clone(mut self) -> Result<bindings::pid_t> {
        if let Some(buf) = self.set_tid.as_mut() {
            self.inner.set_tid = buf.0.as_mut_ptr();
        }

        // SAFETY: `inner` is a valid `struct kernel_clone_args` by the type invariants, and
        // `inner.set_tid` is null or points to `MAX_PID_NS_LEVEL` elements that outlive the call.
        // The caller guarantees the context.
        let ret = unsafe { bindings::kernel_clone(&mut self.inner) };
        if ret < 0 {
            Err(Error::from_errno(ret))
        } else {
            Ok(ret)
        }
    }
}

/// The arguments of the `clone()` system call, by name.
///
/// The `SYSCALL_DEFINE` of `clone()` in `kernel/fork.c` decodes the order in which the
/// architecture passes them (`CONFIG_CLONE_BACKWARDS`, `CONFIG_CLONE_BACKWARDS2` or
/// `CONFIG_CLONE_BACKWARDS3`, whose extra `stack_size` argument is ignored as in C). Unchecked.
#[cfg(CONFIG_RUST_CLONE_LEGACY)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LegacyCloneArgs {
    /// Flags in the lower 32 bits, the exit signal in their `CSIGNAL` bits; upper bits ignored.
    pub clone_flags: c_ulong,
    /// Stack pointer of the child, `0` for the one of the caller.
    pub newsp: c_ulong,
    /// Where `CLONE_PARENT_SETTID` stores the TID of the child, and `CLONE_PIDFD` the pidfd.
    pub parent_tid: UserIntPtr,
    /// Where `CLONE_CHILD_SETTID` and `CLONE_CHILD_CLEARTID` act.
    pub child_tid: UserIntPtr,
    /// TLS of the child, for `CLONE_SETTLS`.
    pub tls: c_ulong,
}

#[cfg(CONFIG_RUST_CLONE_LEGACY)]
impl KernelCloneArgs<'static> {
    /// Sets up the arguments of `fork()`: no flag, `SIGCHLD` on exit.
    ///
    /// `SYSCALL_DEFINE0(fork)` only calls this with `CONFIG_MMU`; without it, `fork()` fails with
    /// `EINVAL` in C.
    pub fn fork() -> Self {
        Self::without_set_tid(
            CloneFlags::NONE,
            ExitSignal::SIGCHLD,
            CloneStack::from_legacy(0),
            0,
            UserIntPtr::NULL,
            UserIntPtr::NULL,
            UserIntPtr::NULL,
        )
    }

    /// Sets up the arguments of `vfork()`: `CLONE_VFORK | CLONE_VM`, `SIGCHLD` on exit.
    pub fn vfork() -> Self {
        Self::without_set_tid(
            CloneFlags::VFORK | CloneFlags::VM,
            ExitSignal::SIGCHLD,
            CloneStack::from_legacy(0),
            0,
            UserIntPtr::NULL,
            UserIntPtr::NULL,
            UserIntPtr::NULL,
        )
    }

    /// Sets up the arguments of `clone()` like its C stub.
    ///
    /// Keeps the lower 32 bits of the flags, takes the exit signal from their `CSIGNAL` bits and
    /// returns the pidfd of `CLONE_PIDFD` through `parent_tid`. Checks nothing: `kernel_clone()`
    /// rejects `CLONE_PIDFD` with `CLONE_PARENT_SETTID` and a bad exit signal, `copy_process()`
    /// bad combinations of flags.
    pub fn legacy_clone(args: LegacyCloneArgs) -> Self {
        let (flags, exit_signal) = CloneFlags::from_legacy(args.clone_flags);
        // `flags` fits in 32 bits, so it has no `CLONE_INTO_CGROUP` (see `CLONE3_ONLY`).
        Self::without_set_tid(
            flags,
            exit_signal,
            CloneStack::from_legacy(args.newsp),
            args.tls,
            args.parent_tid,
            args.child_tid,
            args.parent_tid,
        )
    }
}

/// Calls `kernel_clone()` and returns its result as a system call does.
///
/// # Safety
///
/// Same as [`KernelCloneArgs::kernel_clone`].
#[inline]
unsafe fn syscall_kernel_clone(kargs: Result<KernelCloneArgs<'_>>) -> c_long {
    // SAFETY: The caller guarantees the context.
    let ret = kargs.and_then(|kargs| unsafe { kargs.kernel_clone() });

    // CAST: Lossless, `c_long` is wider than `c_int`.
    match ret {
        Ok(pid) => pid as c_long,
        Err(err) => err.to_errno() as c_long,
    }
}

/// Implements the `fork()` system call for `SYSCALL_DEFINE0(fork)` in `kernel/fork.c`.
///
/// Returns the PID of the child, or a negative error code.
///
/// # Safety
///
/// Must be called in the context of the `fork()` system call of a user space task.
#[cfg(CONFIG_RUST_CLONE_LEGACY)]
#[export]
pub unsafe extern "C" fn rust_fork() -> c_long {
    // SAFETY: The caller guarantees that this is the `fork()` system call of a user task.
    unsafe { syscall_kernel_clone(Ok(KernelCloneArgs::fork())) }
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
    // SAFETY: The caller guarantees that this is the `vfork()` system call of a user task.
    unsafe { syscall_kernel_clone(Ok(KernelCloneArgs::vfork())) }
}

/// Implements the `clone()` system call for `SYSCALL_DEFINE5(clone)` in `kernel/fork.c`.
///
/// The arguments are those of [`LegacyCloneArgs`], by name. Returns the PID of the child, or a
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
    let kargs = KernelCloneArgs::legacy_clone(LegacyCloneArgs {
        clone_flags,
        newsp,
        parent_tid: UserIntPtr::from_ptr(parent_tidptr),
        child_tid: UserIntPtr::from_ptr(child_tidptr),
        tls,
    });

    // SAFETY: The caller guarantees that this is the `clone()` system call of a user task.
    unsafe { syscall_kernel_clone(Ok(kargs)) }
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
pub unsafe extern "C" fn rust_clone3(uargs: *mut bindings::clone_args, size: usize) -> c_long {
    let mut set_tid = SetTidBuf::new();

    let kargs = KernelCloneArgs::clone3(UserPtr::from_ptr(uargs.cast()), size, &mut set_tid);
    // SAFETY: The caller guarantees that this is the `clone3()` system call of a user task.
    unsafe { syscall_kernel_clone(kargs) }
}

/// Prefix of the messages of the KUnit tests.
#[cfg(CONFIG_RUST_CLONE3_KUNIT_TEST)]
const __LOG_PREFIX: &[u8] = b"rust_clone3\0";

#[cfg(CONFIG_RUST_CLONE3_KUNIT_TEST)]
#[kunit_tests(rust_clone3)]
mod tests {
    use super::*;

    use kernel::error::to_result;

    const SIGCHLD: u64 = bindings::SIGCHLD as u64;

    /// Anonymous memory in a user address space attached to the KUnit test thread.
    ///
    /// Unmapped when the test ends, with the address space.
    struct UserMem {
        base: usize,
    }

    impl UserMem {
        /// Maps `pages` readable and writable pages.
        fn map(pages: usize) -> Result<Self> {
            // SAFETY: Always safe to call.
            let test = unsafe { bindings::kunit_get_current_test() };
            if test.is_null() {
                return Err(EINVAL);
            }
            let len = pages.checked_mul(PAGE_SIZE).ok_or(EINVAL)?;
            // SAFETY: `test` is the running test; a null file requests anonymous memory.
            let base = unsafe {
                bindings::kunit_vm_mmap(
                    test,
                    core::ptr::null_mut(),
                    0,
                    len,
                    (bindings::PROT_READ | bindings::PROT_WRITE) as c_ulong,
                    (bindings::MAP_ANONYMOUS | bindings::MAP_PRIVATE) as c_ulong,
                    0,
                )
            };
            // `kunit_vm_mmap()` fails with zero or an error value of `vm_mmap()`.
            // SAFETY: `access_ok()` does not access memory.
            if base == 0 || !unsafe { bindings::access_ok(base as *const c_void, len) } {
                return Err(ENOMEM);
            }
            Ok(Self { base })
        }

        /// Returns the user address at `offset` bytes into the mapping.
        fn addr(&self, offset: usize) -> usize {
            self.base + offset
        }

        /// Returns the user pointer at `offset` bytes into the mapping.
        fn ptr(&self, offset: usize) -> UserPtr {
            UserPtr::from_addr(self.addr(offset))
        }

        /// Writes `data` at `offset` bytes into the mapping.
        fn write(&self, offset: usize, data: &[u8]) -> Result {
            UserSlice::new(self.ptr(offset), data.len())
                .writer()
                .write_slice(data)
        }

        /// Writes the first `len` bytes of `args` at `offset`.
        fn write_args(&self, offset: usize, args: &UserCloneArgs, len: usize) -> Result {
            self.write(offset, args.as_bytes().get(..len).ok_or(EINVAL)?)
        }

        /// Unmaps page `page` of the mapping, so that accessing it faults.
        fn unmap_page(&self, page: usize) -> Result {
            // SAFETY: The range is part of the mapping of this test, which no one else uses.
            to_result(unsafe { bindings::vm_munmap(self.addr(page * PAGE_SIZE), PAGE_SIZE) })
        }
    }

    /// Returns `0` for success, the (positive) error code otherwise.
    fn errno<T>(res: Result<T>) -> c_int {
        res.map_or_else(|e| -e.to_errno(), |_| 0)
    }

    /// Compares `got` with `want` and reports a mismatch.
    fn same(what: &str, got: c_int, want: c_int) -> bool {
        if got != want {
            pr_err!("{what}: got error {got}, expected {want}\n");
        }
        got == want
    }

    /// Runs all the rules of `clone3()` on user memory, returns `0` or the error code.
    fn clone3_at(uargs: usize, size: usize) -> c_int {
        let mut buf = SetTidBuf::new();
        errno(KernelCloneArgs::clone3(
            UserPtr::from_addr(uargs),
            size,
            &mut buf,
        ))
    }

    /// Runs the rules that follow the copy of the structure on an in-kernel copy.
    ///
    /// `args.set_tid` must be zero or a user address.
    fn check_copied(args: &UserCloneArgs, size: usize) -> c_int {
        let mut buf = SetTidBuf::new();
        errno(args.check(size).and_then(|checked| {
            checked.copy_set_tid(&mut buf)?;
            KernelCloneArgs::from_clone3(&checked, &mut buf).map(|_| ())
        }))
    }

    /// Arguments that pass every rule.
    fn valid_args() -> UserCloneArgs {
        UserCloneArgs {
            exit_signal: SIGCHLD,
            ..Default::default()
        }
    }

    const E2BIG_: c_int = 7;
    const EFAULT_: c_int = 14;
    const EINVAL_: c_int = 22;

    #[test]
    fn errno_values() {
        // The tests below compare with the numbers of `include/uapi/asm-generic/errno-base.h`.
        assert_eq!(-E2BIG.to_errno(), E2BIG_);
        assert_eq!(-EFAULT.to_errno(), EFAULT_);
        assert_eq!(-EINVAL.to_errno(), EINVAL_);
    }

    #[test]
    fn layout() {
        assert_eq!(size_of::<UserCloneArgs>(), 88);
        assert_eq!(CLONE_ARGS_SIZE_VER0, 64);
        assert_eq!(CLONE_ARGS_SIZE_VER1, 80);
        assert_eq!(CLONE_ARGS_SIZE_VER2, 88);
        assert_eq!(MAX_PID_NS_LEVEL, 32);
    }

    #[test]
    fn size_limits() {
        // Sizes are checked before user memory is touched: a null pointer does not matter.
        assert!(same("PAGE_SIZE + 1", clone3_at(0, PAGE_SIZE + 1), E2BIG_));
        assert!(same("usize::MAX", clone3_at(0, usize::MAX), E2BIG_));
        assert!(same("0", clone3_at(0, 0), EINVAL_));
        assert!(same("1", clone3_at(0, 1), EINVAL_));
        assert!(same("63", clone3_at(0, 63), EINVAL_));
        // A null structure is a fault, not zeroes.
        assert!(same("null 64", clone3_at(0, 64), EFAULT_));
        assert!(same("null 88", clone3_at(0, 88), EFAULT_));
        assert!(same("null PAGE_SIZE", clone3_at(0, PAGE_SIZE), EFAULT_));
        // A kernel address is a fault.
        assert!(same("kernel 64", clone3_at(!0xfff, 64), EFAULT_));
    }

    #[test]
    fn sizes_and_zero_extension() -> Result {
        let mem = UserMem::map(1)?;
        let full = UserCloneArgs {
            flags: CloneFlags::CLEAR_SIGHAND.bits(),
            pidfd: 0x1000,
            child_tid: 0x2000,
            parent_tid: 0x3000,
            exit_signal: SIGCHLD,
            tls: 0x4000,
            set_tid: u64::MAX,
            set_tid_size: u64::MAX,
            cgroup: u64::MAX,
            ..Default::default()
        };
        mem.write_args(0, &full, 88)?;

        // The bytes past `size` are garbage in user memory but must read as zero.
        let v0 = UserCloneArgs::copy_from_user(mem.ptr(0), 64)?;
        assert_eq!(
            v0,
            UserCloneArgs {
                set_tid: 0,
                set_tid_size: 0,
                cgroup: 0,
                ..full
            }
        );
        let v1 = UserCloneArgs::copy_from_user(mem.ptr(0), 80)?;
        assert_eq!(v1, UserCloneArgs { cgroup: 0, ..full });
        let v2 = UserCloneArgs::copy_from_user(mem.ptr(0), 88)?;
        assert_eq!(v2, full);

        // Sizes in between copy exactly `size` bytes.
        let v = UserCloneArgs::copy_from_user(mem.ptr(0), 65)?;
        assert_eq!(v.as_bytes().get(..65), full.as_bytes().get(..65));
        assert!(v.as_bytes().iter().skip(65).all(|&b| b == 0));

        // All the rules: 64 passes; 80 and 88 see the bad set_tid.
        assert!(same("ver0", clone3_at(mem.addr(0), 64), 0));
        assert!(same("ver1", clone3_at(mem.addr(0), 80), EINVAL_));
        assert!(same("ver2", clone3_at(mem.addr(0), 88), EINVAL_));

        let mut buf = SetTidBuf::new();
        let kargs = KernelCloneArgs::clone3(mem.ptr(0), 64, &mut buf)?;
        assert_eq!(kargs.flags(), CloneFlags::CLEAR_SIGHAND);
        assert_eq!(kargs.exit_signal().as_raw() as u64, SIGCHLD);
        assert_eq!(kargs.pidfd().addr(), 0x1000);
        assert_eq!(kargs.child_tid().addr(), 0x2000);
        assert_eq!(kargs.parent_tid().addr(), 0x3000);
        assert_eq!(kargs.tls(), 0x4000);
        assert!(kargs.set_tid().is_empty());
        assert_eq!(kargs.cgroup(), None);
        assert_eq!(
            kargs.stack(),
            CloneStack {
                pointer: 0,
                size: 0
            }
        );

        // Version 1 with a good set_tid and a garbage cgroup (not used without the flag).
        let ver1 = UserCloneArgs {
            set_tid: mem.addr(512) as u64,
            set_tid_size: 2,
            ..full
        };
        mem.write_args(0, &ver1, 88)?;
        mem.write(512, AsBytes::as_bytes(&[41i32, 42i32]))?;
        assert!(same("ver1 ok", clone3_at(mem.addr(0), 80), 0));
        assert!(same("ver2 ok", clone3_at(mem.addr(0), 88), 0));
        let mut buf = SetTidBuf::new();
        let kargs = KernelCloneArgs::clone3(mem.ptr(0), 80, &mut buf)?;
        assert_eq!(kargs.set_tid(), &[41, 42]);
        assert_eq!(kargs.cgroup(), None);
        Ok(())
    }

    #[test]
    fn tail_must_be_zero() -> Result {
        let mem = UserMem::map(1)?;
        mem.write_args(0, &valid_args(), 88)?;

        assert!(same("zero tail 89", clone3_at(mem.addr(0), 89), 0));
        assert!(same("zero tail 96", clone3_at(mem.addr(0), 96), 0));
        assert!(same("zero tail page", clone3_at(mem.addr(0), PAGE_SIZE), 0));

        for offset in [88, 89, 95, 96, 100, 255, PAGE_SIZE / 2, PAGE_SIZE - 1] {
            mem.write(offset, &[0x01])?;
            // The byte is in the tail.
            assert!(same("page", clone3_at(mem.addr(0), PAGE_SIZE), E2BIG_));
            assert!(same(
                "offset + 1",
                clone3_at(mem.addr(0), offset + 1),
                E2BIG_
            ));
            // The byte is just past the structure.
            assert!(same("offset", clone3_at(mem.addr(0), offset), 0));
            mem.write(offset, &[0x00])?;
        }

        // Every bit counts.
        mem.write(200, &[0x80])?;
        assert!(same("bit 7", clone3_at(mem.addr(0), 201), E2BIG_));
        Ok(())
    }

    #[test]
    fn faults_at_page_boundary() -> Result {
        let mem = UserMem::map(2)?;
        mem.unmap_page(1)?;
        let end = PAGE_SIZE;

        mem.write_args(end - 88, &valid_args(), 88)?;
        assert!(same(
            "ends at page end",
            clone3_at(mem.addr(end - 88), 88),
            0
        ));
        // The tail is in the unmapped page.
        assert!(same(
            "tail in hole",
            clone3_at(mem.addr(end - 88), 96),
            EFAULT_
        ));
        assert!(same(
            "tail in hole 89",
            clone3_at(mem.addr(end - 88), 89),
            EFAULT_
        ));

        mem.write_args(end - 64, &valid_args(), 64)?;
        assert!(same(
            "ver0 at page end",
            clone3_at(mem.addr(end - 64), 64),
            0
        ));
        // The copy itself reaches the unmapped page.
        assert!(same(
            "ver1 crosses",
            clone3_at(mem.addr(end - 64), 80),
            EFAULT_
        ));
        assert!(same(
            "ver2 crosses",
            clone3_at(mem.addr(end - 64), 88),
            EFAULT_
        ));
        assert!(same("in hole", clone3_at(mem.addr(end), 64), EFAULT_));
        Ok(())
    }

    #[test]
    fn tail_checked_before_copy() -> Result {
        // Page 0 unmapped, page 1 mapped: the structure starts 8 bytes before page 1.
        let mem = UserMem::map(2)?;
        mem.unmap_page(0)?;
        let uargs = mem.addr(PAGE_SIZE - 8);

        // The tail is mapped and zero: the copy of the head faults.
        assert!(same("head faults", clone3_at(uargs, 200), EFAULT_));
        // A non-zero tail is reported first, as in C.
        mem.write(PAGE_SIZE - 8 + 150, &[0x01])?;
        assert!(same("tail first", clone3_at(uargs, 200), E2BIG_));
        Ok(())
    }

    #[test]
    fn set_tid_rules() -> Result {
        let mem = UserMem::map(3)?;
        mem.unmap_page(2)?;
        let tids: [i32; MAX_PID_NS_LEVEL] = core::array::from_fn(|i| 100 + i as i32);
        mem.write(PAGE_SIZE, AsBytes::as_bytes(&tids))?;
        let good = mem.addr(PAGE_SIZE) as u64;

        let with = |set_tid: u64, set_tid_size: u64| UserCloneArgs {
            set_tid,
            set_tid_size,
            ..valid_args()
        };
        let run = |args: UserCloneArgs| -> Result<c_int> {
            mem.write_args(0, &args, 88)?;
            Ok(clone3_at(mem.addr(0), 88))
        };

        assert!(same("size 33", run(with(good, 33))?, EINVAL_));
        assert!(same("size max", run(with(good, u64::MAX))?, EINVAL_));
        assert!(same("size 1 << 32", run(with(good, 1 << 32))?, EINVAL_));
        assert!(same("null with size", run(with(0, 1))?, EINVAL_));
        assert!(same("set_tid without size", run(with(good, 0))?, EINVAL_));
        assert!(same("size 1", run(with(good, 1))?, 0));
        assert!(same("size 32", run(with(good, 32))?, 0));

        // The array is copied from user memory into the buffer.
        mem.write_args(0, &with(good, 3), 88)?;
        let mut buf = SetTidBuf::new();
        let kargs = KernelCloneArgs::clone3(mem.ptr(0), 88, &mut buf)?;
        assert_eq!(kargs.set_tid(), &[100, 101, 102]);
        mem.write_args(0, &with(good, 32), 88)?;
        let mut buf = SetTidBuf::new();
        let kargs = KernelCloneArgs::clone3(mem.ptr(0), 88, &mut buf)?;
        assert_eq!(kargs.set_tid(), &tids[..]);

        // Faults: unmapped, crossing into the unmapped page, kernel address.
        let hole = mem.addr(2 * PAGE_SIZE) as u64;
        let edge = mem.addr(2 * PAGE_SIZE - 8) as u64;
        assert!(same("in hole", run(with(hole, 1))?, EFAULT_));
        assert!(same("edge 2", run(with(edge, 2))?, 0));
        assert!(same("edge 3", run(with(edge, 3))?, EFAULT_));
        assert!(same("kernel", run(with(!0xfff, 1))?, EFAULT_));
        Ok(())
    }

    #[test]
    fn exit_signal_rules() {
        let with = |exit_signal: u64| UserCloneArgs {
            exit_signal,
            ..Default::default()
        };
        assert!(same("0", check_copied(&with(0), 88), 0));
        assert!(same("SIGCHLD", check_copied(&with(SIGCHLD), 88), 0));
        // Not a valid signal, but within CSIGNAL: kernel_clone() rejects it later.
        assert!(same("0xff", check_copied(&with(0xff), 88), 0));
        assert!(same("0x100", check_copied(&with(0x100), 88), EINVAL_));
        assert!(same("1 << 32", check_copied(&with(1 << 32), 88), EINVAL_));
        assert!(same(
            "1 << 32 | 17",
            check_copied(&with((1 << 32) | 17), 88),
            EINVAL_
        ));
        assert!(same("max", check_copied(&with(u64::MAX), 88), EINVAL_));
    }

    #[test]
    fn cgroup_rules() {
        let with = |flags: CloneFlags, cgroup: u64| UserCloneArgs {
            flags: flags.bits(),
            cgroup,
            ..valid_args()
        };
        let into = CloneFlags::INTO_CGROUP;
        let int_max = i32::MAX as u64;

        assert!(same("fd 3", check_copied(&with(into, 3), 88), 0));
        assert!(same("INT_MAX", check_copied(&with(into, int_max), 88), 0));
        assert!(same(
            "INT_MAX + 1",
            check_copied(&with(into, int_max + 1), 88),
            EINVAL_
        ));
        assert!(same(
            "1 << 32",
            check_copied(&with(into, 1 << 32), 88),
            EINVAL_
        ));
        assert!(same(
            "max",
            check_copied(&with(into, u64::MAX), 88),
            EINVAL_
        ));
        // The structure must have the field.
        assert!(same("ver1", check_copied(&with(into, 3), 80), EINVAL_));
        assert!(same("ver0", check_copied(&with(into, 0), 64), EINVAL_));
        assert!(same("bigger", check_copied(&with(into, 3), 96), 0));
        // Without the flag the field is ignored.
        assert!(same(
            "no flag",
            check_copied(&with(CloneFlags::NONE, u64::MAX), 88),
            0
        ));

        let mut buf = SetTidBuf::new();
        let kargs = with(into, 5)
            .check(88)
            .and_then(|c| KernelCloneArgs::from_clone3(&c, &mut buf));
        assert_eq!(kargs.map(|k| k.cgroup()), Ok(Some(CgroupFd(5))));
    }

    #[test]
    fn flag_rules() {
        let with = |flags: u64, exit_signal: u64| UserCloneArgs {
            flags,
            exit_signal,
            ..Default::default()
        };
        let check = |flags: u64| check_copied(&with(flags, 0), 88);

        // Unknown flags.
        for bit in 38..64 {
            assert!(same("unknown", check(1 << bit), EINVAL_));
        }
        assert!(same("all", check(u64::MAX), EINVAL_));
        // Flags known to clone3() only.
        assert!(same(
            "CLEAR_SIGHAND",
            check(CloneFlags::CLEAR_SIGHAND.bits()),
            0
        ));
        assert!(same("AUTOREAP", check(CloneFlags::AUTOREAP.bits()), 0));
        assert!(same("NNP", check(CloneFlags::NNP.bits()), 0));
        assert!(same(
            "PIDFD_AUTOKILL",
            check(CloneFlags::PIDFD_AUTOKILL.bits()),
            0
        ));
        assert!(same(
            "EMPTY_MNTNS",
            check(CloneFlags::EMPTY_MNTNS.bits()),
            0
        ));
        assert!(same(
            "INTO_CGROUP",
            check(CloneFlags::INTO_CGROUP.bits()),
            0
        ));

        // CLONE_DETACHED and the CSIGNAL bits, except CLONE_NEWTIME.
        assert!(same(
            "DETACHED",
            check(CloneFlags::DETACHED.bits()),
            EINVAL_
        ));
        for bit in 0..7 {
            assert!(same("CSIGNAL bit", check(1 << bit), EINVAL_));
        }
        assert!(same("CSIGNAL", check(0xff), EINVAL_));
        assert!(same("NEWTIME", check(CloneFlags::NEWTIME.bits()), 0));
        assert_eq!(CloneFlags::NEWTIME.bits(), 0x80);

        // The other legacy flags pass this layer.
        let legacy = 0xffff_ffff & !0xff & !CloneFlags::DETACHED.bits();
        let legacy =
            legacy & !(CloneFlags::SIGHAND | CloneFlags::THREAD | CloneFlags::PARENT).bits();
        assert!(same("legacy", check(legacy), 0));

        let sighand = CloneFlags::SIGHAND.bits();
        let clear = CloneFlags::CLEAR_SIGHAND.bits();
        assert!(same("SIGHAND", check(sighand), 0));
        assert!(same(
            "SIGHAND | CLEAR_SIGHAND",
            check(sighand | clear),
            EINVAL_
        ));

        let thread = CloneFlags::THREAD.bits();
        let parent = CloneFlags::PARENT.bits();
        assert!(same("THREAD", check_copied(&with(thread, 0), 88), 0));
        assert!(same("PARENT", check_copied(&with(parent, 0), 88), 0));
        assert!(same(
            "THREAD + sig",
            check_copied(&with(thread, SIGCHLD), 88),
            EINVAL_
        ));
        assert!(same(
            "PARENT + sig",
            check_copied(&with(parent, SIGCHLD), 88),
            EINVAL_
        ));
        assert!(same(
            "both + sig",
            check_copied(&with(thread | parent, 1), 88),
            EINVAL_
        ));
    }

    #[test]
    fn stack_rules() {
        let with = |stack: u64, stack_size: u64| UserCloneArgs {
            stack,
            stack_size,
            ..valid_args()
        };
        let check = |stack: u64, stack_size: u64| check_copied(&with(stack, stack_size), 88);

        assert!(same("none", check(0, 0), 0));
        assert!(same("size only", check(0, 0x1000), EINVAL_));
        assert!(same("stack only", check(0x10000, 0), EINVAL_));
        assert!(same("ok", check(0x10000, 0x2000), 0));
        // `stack + stack_size` wraps: rejected, no overflow panic.
        assert!(same("wrap", check(u64::MAX - 0xfff, 0x2000), EINVAL_));
        assert!(same("max max", check(u64::MAX, u64::MAX), EINVAL_));
        assert!(same("huge size", check(0x10000, 1 << 63), EINVAL_));
        assert!(same("size max", check(0x10000, u64::MAX), EINVAL_));
        assert!(same("kernel", check(!0xffff, 0x1000), EINVAL_));

        let mut buf = SetTidBuf::new();
        let stack = with(0x10000, 0x2000)
            .check(88)
            .and_then(|c| KernelCloneArgs::from_clone3(&c, &mut buf))
            .map(|k| k.stack());
        #[cfg(not(CONFIG_STACK_GROWSUP))]
        let pointer = 0x12000;
        #[cfg(CONFIG_STACK_GROWSUP)]
        let pointer = 0x10000;
        assert_eq!(
            stack,
            Ok(CloneStack {
                pointer,
                size: 0x2000
            })
        );
    }

    #[test]
    fn first_broken_rule_wins() -> Result {
        let mem = UserMem::map(3)?;
        mem.unmap_page(2)?;
        let hole = mem.addr(2 * PAGE_SIZE) as u64;
        let run = |args: UserCloneArgs, size: usize| -> Result<c_int> {
            mem.write_args(0, &args, 88)?;
            Ok(clone3_at(mem.addr(0), size))
        };

        // Sizes before anything else.
        assert!(same("size over fault", clone3_at(0, PAGE_SIZE + 1), E2BIG_));
        assert!(same("small over fault", clone3_at(0, 8), EINVAL_));

        // Broken fields everywhere; the tail decides.
        let all_bad = UserCloneArgs {
            flags: u64::MAX,
            exit_signal: u64::MAX,
            stack: u64::MAX,
            set_tid: hole,
            set_tid_size: 33,
            cgroup: u64::MAX,
            ..Default::default()
        };
        mem.write(100, &[0x01])?;
        assert!(same("tail over fields", run(all_bad, 101)?, E2BIG_));
        mem.write(100, &[0x00])?;
        assert!(same("fields", run(all_bad, 101)?, EINVAL_));

        // Rules 3-5 come before the copy of set_tid.
        let bad_signal = UserCloneArgs {
            set_tid: hole,
            set_tid_size: 1,
            exit_signal: 0x100,
            ..Default::default()
        };
        assert!(same(
            "signal over set_tid fault",
            run(bad_signal, 88)?,
            EINVAL_
        ));
        let bad_cgroup = UserCloneArgs {
            flags: CloneFlags::INTO_CGROUP.bits(),
            set_tid: hole,
            set_tid_size: 1,
            ..valid_args()
        };
        assert!(same(
            "cgroup over set_tid fault",
            run(bad_cgroup, 80)?,
            EINVAL_
        ));

        // The copy of set_tid comes before the flag and stack rules.
        let late = UserCloneArgs {
            flags: (1 << 40) | CloneFlags::DETACHED.bits(),
            stack: u64::MAX,
            stack_size: u64::MAX,
            set_tid: hole,
            set_tid_size: 1,
            ..valid_args()
        };
        assert!(same("set_tid fault over flags", run(late, 88)?, EFAULT_));
        let late = UserCloneArgs {
            set_tid: mem.addr(PAGE_SIZE) as u64,
            ..late
        };
        assert!(same("flags", run(late, 88)?, EINVAL_));
        Ok(())
    }

    #[test]
    fn entry_point_errors() {
        // Only arguments that fail before `kernel_clone()`.
        // SAFETY: Every call below fails its checks, so `kernel_clone()` is not called and the
        // context does not matter.
        unsafe {
            assert_eq!(rust_clone3(core::ptr::null_mut(), 0), -22);
            assert_eq!(rust_clone3(core::ptr::null_mut(), PAGE_SIZE + 1), -7);
            assert_eq!(rust_clone3(core::ptr::null_mut(), 64), -14);
        }
    }

    /// `clone()` arguments with a distinct value in every argument but the flags.
    #[cfg(CONFIG_RUST_CLONE_LEGACY)]
    fn legacy(clone_flags: c_ulong) -> LegacyCloneArgs {
        LegacyCloneArgs {
            clone_flags,
            newsp: 0x1000_0000,
            parent_tid: UserIntPtr(0x2000_0000),
            child_tid: UserIntPtr(0x3000_0000),
            tls: 0x4000_0000,
        }
    }

    /// Returns the flags of `clone()` for `flags` and `exit_signal`.
    #[cfg(CONFIG_RUST_CLONE_LEGACY)]
    fn raw(flags: CloneFlags, exit_signal: u64) -> c_ulong {
        u64_to_usize(flags.bits() | exit_signal)
    }

    /// Checks that the fields that no system call sets are zero (a user space task).
    #[cfg(CONFIG_RUST_CLONE_LEGACY)]
    fn assert_user_task(kargs: &KernelCloneArgs<'_>) {
        let inner = &kargs.inner;
        assert!(inner.name.is_null());
        assert!(inner.fn_.is_none());
        assert!(inner.fn_arg.is_null());
        assert_eq!(inner.kthread(), 0);
        assert_eq!(inner.idle, 0);
        assert!(inner.set_tid.is_null());
        assert_eq!(inner.set_tid_size, 0);
        assert_eq!(inner.cgroup, 0);
        assert!(inner.cgrp.is_null());
        assert!(inner.cset.is_null());
        assert!(kargs.set_tid().is_empty());
        assert_eq!(kargs.cgroup(), None);
    }

    #[cfg(CONFIG_RUST_CLONE_LEGACY)]
    #[test]
    fn fork_and_vfork() {
        let vfork = CloneFlags::VFORK | CloneFlags::VM;
        assert_eq!(vfork.bits(), 0x4100);

        for (kargs, flags) in [
            (KernelCloneArgs::fork(), CloneFlags::NONE),
            (KernelCloneArgs::vfork(), vfork),
        ] {
            assert_eq!(kargs.flags(), flags);
            assert_eq!(kargs.exit_signal(), ExitSignal::SIGCHLD);
            assert_eq!(kargs.exit_signal().as_raw(), 17);
            assert_eq!(
                kargs.stack(),
                CloneStack {
                    pointer: 0,
                    size: 0
                }
            );
            assert_eq!(kargs.tls(), 0);
            assert_eq!(kargs.pidfd(), UserIntPtr::NULL);
            assert_eq!(kargs.child_tid(), UserIntPtr::NULL);
            assert_eq!(kargs.parent_tid(), UserIntPtr::NULL);
            assert_user_task(&kargs);
        }
    }

    #[cfg(CONFIG_RUST_CLONE_LEGACY)]
    #[test]
    fn legacy_flags_truncated() {
        let clone = |clone_flags: c_ulong| KernelCloneArgs::legacy_clone(legacy(clone_flags));

        // Only the lower 32 bits count, `lower_32_bits()`.
        let kargs = clone(0xdead_beef_0000_0000 | raw(CloneFlags::VM, SIGCHLD));
        assert_eq!(kargs.flags(), CloneFlags::VM);
        assert_eq!(kargs.exit_signal(), ExitSignal::SIGCHLD);
        let kargs = clone(usize::MAX);
        assert_eq!(kargs.flags().bits(), 0xffff_ff00);
        assert_eq!(kargs.exit_signal().as_raw(), 0xff);
        assert_eq!(clone(0xffff_ffff).flags().bits(), 0xffff_ff00);
        assert_eq!(clone(1 << 32).flags(), CloneFlags::NONE);
        assert_eq!(clone(1 << 63).flags(), CloneFlags::NONE);

        // So the flags of `clone3()` above 32 bits cannot be passed.
        for flag in [
            CloneFlags::CLEAR_SIGHAND,
            CloneFlags::INTO_CGROUP,
            CloneFlags::AUTOREAP,
            CloneFlags::NNP,
            CloneFlags::PIDFD_AUTOKILL,
            CloneFlags::EMPTY_MNTNS,
        ] {
            let kargs = clone(raw(flag, SIGCHLD));
            assert_eq!(kargs.flags(), CloneFlags::NONE);
            assert_eq!(kargs.exit_signal(), ExitSignal::SIGCHLD);
            assert_user_task(&kargs);
        }

        // Every lower bit outside `CSIGNAL` is a flag, unchecked here, as in C: `CLONE_DETACHED`
        // (which `clone3()` rejects) is kept, and so is every other bit.
        assert_eq!(
            clone(raw(CloneFlags::DETACHED, 0)).flags(),
            CloneFlags::DETACHED
        );
        for bit in 8..32 {
            let kargs = clone(1 << bit);
            assert_eq!(kargs.flags().bits(), 1 << bit);
            assert!(kargs.exit_signal().is_none());
        }
    }

    #[cfg(CONFIG_RUST_CLONE_LEGACY)]
    #[test]
    fn legacy_csignal_is_exit_signal() {
        for signal in 0..=0xff_u64 {
            let kargs = KernelCloneArgs::legacy_clone(legacy(raw(CloneFlags::THREAD, signal)));
            assert_eq!(kargs.exit_signal().as_raw() as u64, signal);
            // Unlike `clone3()`, `clone()` takes a signal with `CLONE_THREAD`; `copy_process()`
            // ignores it.
            assert_eq!(kargs.flags(), CloneFlags::THREAD);
        }

        // `CLONE_NEWTIME` is in `CSIGNAL`: for `clone()` it is signal 128.
        let kargs = KernelCloneArgs::legacy_clone(legacy(raw(CloneFlags::NEWTIME, 0)));
        assert_eq!(kargs.flags(), CloneFlags::NONE);
        assert_eq!(kargs.exit_signal().as_raw(), 128);
    }

    #[cfg(CONFIG_RUST_CLONE_LEGACY)]
    #[test]
    fn legacy_pidfd_is_parent_tid() {
        let both = CloneFlags::PIDFD | CloneFlags::PARENT_SETTID;

        for flags in [CloneFlags::NONE, CloneFlags::PIDFD, both] {
            let kargs = KernelCloneArgs::legacy_clone(legacy(raw(flags, SIGCHLD)));
            assert_eq!(kargs.flags(), flags);
            assert_eq!(kargs.pidfd(), UserIntPtr(0x2000_0000));
            assert_eq!(kargs.parent_tid(), UserIntPtr(0x2000_0000));
            assert_eq!(kargs.child_tid(), UserIntPtr(0x3000_0000));
        }

        // The constructor keeps both flags: `kernel_clone()` refuses them before it creates a task.
        let kargs = KernelCloneArgs::legacy_clone(legacy(raw(both, SIGCHLD)));
        // SAFETY: `CLONE_PIDFD` with `CLONE_PARENT_SETTID` and the same address for both makes
        // `kernel_clone()` fail with `EINVAL` before it creates a task, so the context of the call
        // does not matter.
        assert_eq!(unsafe { kargs.kernel_clone() }, Err(EINVAL));
    }

    /// The arguments of `clone()` arrive by name, in whatever order the architecture passes them
    /// (`CONFIG_CLONE_BACKWARDS*` is decoded by the C `SYSCALL_DEFINE`): every name lands in its
    /// own field.
    #[cfg(CONFIG_RUST_CLONE_LEGACY)]
    #[test]
    fn legacy_arguments_by_name() {
        let kargs = KernelCloneArgs::legacy_clone(legacy(raw(CloneFlags::NONE, SIGCHLD)));
        assert_eq!(
            kargs.stack(),
            CloneStack {
                pointer: 0x1000_0000,
                size: 0
            }
        );
        assert_eq!(kargs.parent_tid(), UserIntPtr(0x2000_0000));
        assert_eq!(kargs.child_tid(), UserIntPtr(0x3000_0000));
        assert_eq!(kargs.tls(), 0x4000_0000);
        assert_user_task(&kargs);

        // The stack pointer is not checked, as in C: the child faults in user space.
        let kargs = KernelCloneArgs::legacy_clone(LegacyCloneArgs {
            newsp: usize::MAX,
            ..legacy(0)
        });
        assert_eq!(
            kargs.stack(),
            CloneStack {
                pointer: usize::MAX,
                size: 0
            }
        );
    }

    #[cfg(CONFIG_RUST_CLONE_LEGACY)]
    #[test]
    fn legacy_entry_point_errors() {
        let both = raw(CloneFlags::PIDFD | CloneFlags::PARENT_SETTID, SIGCHLD);
        let null = core::ptr::null_mut();
        // Only arguments that `kernel_clone()` rejects before it creates a task.
        // SAFETY: Every call below fails the first checks of `kernel_clone()`, so no task is
        // created and the context does not matter.
        unsafe {
            assert_eq!(rust_clone(both, 0, null, null, 0), -22);
            assert_eq!(rust_clone(both | (1 << 40), 0, null, null, 0), -22);
            // `CLONE_NEWTIME` and `CSIGNAL` are invalid exit signals for `clone()`.
            assert_eq!(rust_clone(0x80, 0, null, null, 0), -22);
            assert_eq!(rust_clone(0xff | (1 << 32), 0, null, null, 0), -22);
        }
    }
}
