// SPDX-License-Identifier: GPL-2.0

//! KUnit tests of the process-creation system calls in `kernel/clone.rs`.
//!
//! Every rule of `clone3()`, in order, against a real user mapping
//! ([`UserMapping`](kernel::kunit::UserMapping)), with the error codes of the C implementation.
//!
//! The arguments that `fork()`, `vfork()` and `clone()` set up.

use super::*;

#[kunit_tests(rust_clone3)]
mod tests {
    use super::*;

    use kernel::{
        clone::CLONE_ARGS_SIZE_VER1,
        kunit::UserMapping,
        transmute::AsBytes, //
    };

    const SIGCHLD: u64 = ExitSignal::SIGCHLD.as_raw() as u64;

    /// Writes the first `len` bytes of `args` at `offset` bytes into `mem`.
    fn write_args(mem: &UserMapping, offset: usize, args: &UserCloneArgs, len: usize) -> Result {
        mem.write(offset, args.as_bytes().get(..len).ok_or(EINVAL)?)
    }

    /// Returns the address of a user pointer.
    fn addr(ptr: UserPtr) -> usize {
        ptr.as_const_ptr().addr()
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
        errno(clone3_args(UserPtr::from_addr(uargs), size, &mut buf))
    }

    /// Runs the rules that follow the copy of the structure on an in-kernel copy.
    ///
    /// `args.set_tid` must be zero or a user address.
    fn check_copied(args: &UserCloneArgs, size: usize) -> c_int {
        let mut buf = SetTidBuf::new();
        errno(check_clone_args(args, size).and_then(|checked| {
            let tids = if checked.set_tid_len == 0 {
                &[]
            } else {
                buf.read_from_user(checked.set_tid, checked.set_tid_len)?
            };
            clone3_kernel_args(&checked, tids).map(|_| ())
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
        let mem = UserMapping::new(1)?;
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
        write_args(&mem, 0, &full, 88)?;

        // The bytes past `size` are garbage in user memory but must read as zero.
        let v0 = copy_clone_args(mem.ptr(0), 64)?;
        assert_eq!(
            v0,
            UserCloneArgs {
                set_tid: 0,
                set_tid_size: 0,
                cgroup: 0,
                ..full
            }
        );
        let v1 = copy_clone_args(mem.ptr(0), 80)?;
        assert_eq!(v1, UserCloneArgs { cgroup: 0, ..full });
        let v2 = copy_clone_args(mem.ptr(0), 88)?;
        assert_eq!(v2, full);

        // Sizes in between copy exactly `size` bytes.
        let v = copy_clone_args(mem.ptr(0), 65)?;
        assert_eq!(v.as_bytes().get(..65), full.as_bytes().get(..65));
        assert!(v.as_bytes().iter().skip(65).all(|&b| b == 0));

        // All the rules: 64 passes; 80 and 88 see the bad set_tid.
        assert!(same("ver0", clone3_at(mem.addr(0), 64), 0));
        assert!(same("ver1", clone3_at(mem.addr(0), 80), EINVAL_));
        assert!(same("ver2", clone3_at(mem.addr(0), 88), EINVAL_));

        let mut buf = SetTidBuf::new();
        let kargs = clone3_args(mem.ptr(0), 64, &mut buf)?;
        assert_eq!(kargs.flags(), CloneFlags::CLEAR_SIGHAND);
        assert_eq!(kargs.exit_signal().as_raw() as u64, SIGCHLD);
        assert_eq!(addr(kargs.pidfd()), 0x1000);
        assert_eq!(addr(kargs.child_tid()), 0x2000);
        assert_eq!(addr(kargs.parent_tid()), 0x3000);
        assert_eq!(kargs.tls(), 0x4000);
        assert!(kargs.set_tid().is_empty());
        assert_eq!(kargs.cgroup(), None);
        assert_eq!(kargs.stack(), CloneStack::INHERIT);

        // Version 1 with a good set_tid and a garbage cgroup (not used without the flag).
        let ver1 = UserCloneArgs {
            set_tid: mem.addr(512) as u64,
            set_tid_size: 2,
            ..full
        };
        write_args(&mem, 0, &ver1, 88)?;
        mem.write(512, AsBytes::as_bytes(&[41i32, 42i32]))?;
        assert!(same("ver1 ok", clone3_at(mem.addr(0), 80), 0));
        assert!(same("ver2 ok", clone3_at(mem.addr(0), 88), 0));
        let mut buf = SetTidBuf::new();
        let kargs = clone3_args(mem.ptr(0), 80, &mut buf)?;
        assert_eq!(kargs.set_tid(), &[41, 42]);
        assert_eq!(kargs.cgroup(), None);
        Ok(())
    }

    #[test]
    fn tail_must_be_zero() -> Result {
        let mem = UserMapping::new(1)?;
        write_args(&mem, 0, &valid_args(), 88)?;

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
        let mem = UserMapping::new(2)?;
        mem.unmap_page(1)?;
        let end = PAGE_SIZE;

        write_args(&mem, end - 88, &valid_args(), 88)?;
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

        write_args(&mem, end - 64, &valid_args(), 64)?;
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
        let mem = UserMapping::new(2)?;
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
        let mem = UserMapping::new(3)?;
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
            write_args(&mem, 0, &args, 88)?;
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
        write_args(&mem, 0, &with(good, 3), 88)?;
        let mut buf = SetTidBuf::new();
        let kargs = clone3_args(mem.ptr(0), 88, &mut buf)?;
        assert_eq!(kargs.set_tid(), &[100, 101, 102]);
        write_args(&mem, 0, &with(good, 32), 88)?;
        let mut buf = SetTidBuf::new();
        let kargs = clone3_args(mem.ptr(0), 88, &mut buf)?;
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
            "1 << 32 | SIGCHLD",
            check_copied(&with((1 << 32) | SIGCHLD), 88),
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

        let kargs = check_clone_args(&with(into, 5), 88).and_then(|c| clone3_kernel_args(&c, &[]));
        assert_eq!(kargs.map(|k| k.cgroup()), Ok(CgroupFd::new(5)));
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

        // As in C, the rule applies to the values converted to `unsigned long`: a 32-bit kernel
        // keeps their lower 32 bits only.
        let high = 1 << 32;
        #[cfg(CONFIG_64BIT)]
        let want = [EINVAL_, EINVAL_, 0, 0];
        #[cfg(not(CONFIG_64BIT))]
        let want = [0, 0, 0, EINVAL_];
        assert!(same("high stack", check(high, 0), want[0]));
        assert!(same("high size", check(0, high), want[1]));
        assert!(same("high stack, size", check(high, high), want[2]));
        assert!(same("high stack, low size", check(high, 0x1000), want[3]));

        let stack = check_clone_args(&with(0x10000, 0x2000), 88)
            .and_then(|c| clone3_kernel_args(&c, &[]))
            .map(|k| (k.stack().pointer(), k.stack().size()));
        #[cfg(not(CONFIG_STACK_GROWSUP))]
        let pointer = 0x12000;
        #[cfg(CONFIG_STACK_GROWSUP)]
        let pointer = 0x10000;
        assert_eq!(stack, Ok((pointer, 0x2000)));

        let stack = check_clone_args(&with(high | 0x10000, high | 0x2000), 88)
            .and_then(|c| clone3_kernel_args(&c, &[]))
            .map(|k| (k.stack().pointer(), k.stack().size()));
        #[cfg(CONFIG_64BIT)]
        let (start, size): (usize, usize) = (0x1_0001_0000, 0x1_0000_2000);
        #[cfg(not(CONFIG_64BIT))]
        let (start, size): (usize, usize) = (0x10000, 0x2000);
        #[cfg(not(CONFIG_STACK_GROWSUP))]
        let pointer = start + size;
        #[cfg(CONFIG_STACK_GROWSUP)]
        let pointer = start;
        assert_eq!(stack, Ok((pointer, size)));
    }

    #[test]
    fn first_broken_rule_wins() -> Result {
        let mem = UserMapping::new(3)?;
        mem.unmap_page(2)?;
        let hole = mem.addr(2 * PAGE_SIZE) as u64;
        let run = |args: UserCloneArgs, size: usize| -> Result<c_int> {
            write_args(&mem, 0, &args, 88)?;
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

    // The legacy system calls: fork(), vfork() and clone().

    /// `clone()` arguments with a distinct value in every argument but the flags.
    #[cfg(CONFIG_RUST_CLONE_LEGACY)]
    fn legacy(clone_flags: c_ulong) -> LegacyCloneArgs {
        LegacyCloneArgs {
            clone_flags,
            newsp: 0x1000_0000,
            parent_tid: UserPtr::from_addr(0x2000_0000),
            child_tid: UserPtr::from_addr(0x3000_0000),
            tls: 0x4000_0000,
        }
    }

    /// Returns the flags of `clone()` for `flags` and `exit_signal`.
    #[cfg(CONFIG_RUST_CLONE_LEGACY)]
    fn raw(flags: CloneFlags, exit_signal: u64) -> c_ulong {
        u64_to_usize(flags.bits() | exit_signal)
    }

    /// Checks that the arguments have no `set_tid` and no cgroup.
    #[cfg(CONFIG_RUST_CLONE_LEGACY)]
    fn assert_no_set_tid_or_cgroup(kargs: &KernelCloneArgs<'_>) {
        assert!(kargs.set_tid().is_empty());
        assert_eq!(kargs.cgroup(), None);
    }

    #[cfg(CONFIG_RUST_CLONE_LEGACY)]
    #[test]
    fn fork_and_vfork() {
        let vfork = CloneFlags::VFORK | CloneFlags::VM;
        assert_eq!(vfork.bits(), 0x4100);

        for (kargs, flags) in [(fork_args(), CloneFlags::NONE), (vfork_args(), vfork)] {
            assert_eq!(kargs.flags(), flags);
            assert_eq!(kargs.exit_signal(), ExitSignal::SIGCHLD);
            assert_eq!(kargs.exit_signal().as_raw(), 17);
            assert_eq!(kargs.stack(), CloneStack::INHERIT);
            assert_eq!(kargs.tls(), 0);
            assert_eq!(addr(kargs.pidfd()), 0);
            assert_eq!(addr(kargs.child_tid()), 0);
            assert_eq!(addr(kargs.parent_tid()), 0);
            assert_no_set_tid_or_cgroup(&kargs);
        }
    }

    #[cfg(CONFIG_RUST_CLONE_LEGACY)]
    #[test]
    fn legacy_flags_truncated() {
        let clone = |clone_flags: c_ulong| legacy_clone_args(legacy(clone_flags));

        // Only the lower 32 bits count, `lower_32_bits()` (a 32-bit kernel has no others).
        let kargs = clone(u64_to_usize(0xdead_beef_0000_0000) | raw(CloneFlags::VM, SIGCHLD));
        assert_eq!(kargs.flags(), CloneFlags::VM);
        assert_eq!(kargs.exit_signal(), ExitSignal::SIGCHLD);
        let kargs = clone(usize::MAX);
        assert_eq!(kargs.flags().bits(), 0xffff_ff00);
        assert_eq!(kargs.exit_signal().as_raw(), 0xff);
        assert_eq!(clone(0xffff_ffff).flags().bits(), 0xffff_ff00);
        assert_eq!(clone(u64_to_usize(1 << 32)).flags(), CloneFlags::NONE);
        assert_eq!(clone(u64_to_usize(1 << 63)).flags(), CloneFlags::NONE);

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
            assert_no_set_tid_or_cgroup(&kargs);
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
            let kargs = legacy_clone_args(legacy(raw(CloneFlags::THREAD, signal)));
            assert_eq!(kargs.exit_signal().as_raw() as u64, signal);
            // Unlike `clone3()`, `clone()` takes a signal with `CLONE_THREAD`; `copy_process()`
            // ignores it.
            assert_eq!(kargs.flags(), CloneFlags::THREAD);
        }

        // `CLONE_NEWTIME` is in `CSIGNAL`: for `clone()` it is signal 128.
        let kargs = legacy_clone_args(legacy(raw(CloneFlags::NEWTIME, 0)));
        assert_eq!(kargs.flags(), CloneFlags::NONE);
        assert_eq!(kargs.exit_signal().as_raw(), 128);
    }

    #[cfg(CONFIG_RUST_CLONE_LEGACY)]
    #[test]
    fn legacy_pidfd_is_parent_tid() {
        let both = CloneFlags::PIDFD | CloneFlags::PARENT_SETTID;

        for flags in [CloneFlags::NONE, CloneFlags::PIDFD, both] {
            let kargs = legacy_clone_args(legacy(raw(flags, SIGCHLD)));
            assert_eq!(kargs.flags(), flags);
            assert_eq!(addr(kargs.pidfd()), 0x2000_0000);
            assert_eq!(addr(kargs.parent_tid()), 0x2000_0000);
            assert_eq!(addr(kargs.child_tid()), 0x3000_0000);
        }
        // Both flags are kept, with the same address: `kernel_clone()` refuses that.
    }

    /// The arguments of `clone()` arrive by name, in whatever order the architecture passes them
    /// (`CONFIG_CLONE_BACKWARDS*` is decoded by the C `SYSCALL_DEFINE`): every name lands in its
    /// own field.
    #[cfg(CONFIG_RUST_CLONE_LEGACY)]
    #[test]
    fn legacy_arguments_by_name() {
        let kargs = legacy_clone_args(legacy(raw(CloneFlags::NONE, SIGCHLD)));
        assert_eq!(kargs.stack(), CloneStack::from_pointer(0x1000_0000));
        assert_eq!(addr(kargs.parent_tid()), 0x2000_0000);
        assert_eq!(addr(kargs.child_tid()), 0x3000_0000);
        assert_eq!(kargs.tls(), 0x4000_0000);
        assert_no_set_tid_or_cgroup(&kargs);

        // The stack pointer is not checked, as in C: the child faults in user space.
        let kargs = legacy_clone_args(LegacyCloneArgs {
            newsp: usize::MAX,
            ..legacy(0)
        });
        assert_eq!(kargs.stack(), CloneStack::from_pointer(usize::MAX));
    }
}
