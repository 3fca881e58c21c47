// SPDX-License-Identifier: GPL-2.0

//! Extensible structures from user space, the Rust side of `copy_struct_from_user()`.
//!
//! Many system calls (`clone3()`, `openat2()`, `sched_setattr()`, `mount_setattr()`,
//! `statmount()`, ...) take a structure together with its size, so that the structure can grow:
//! a new field is appended, and a zero value in it keeps the old behaviour. The kernel and user
//! space then agree on any pair of versions:
//!
//! - an older, shorter structure from user space is zero-extended to the kernel's;
//! - a newer, longer one is accepted only if every byte the kernel does not know is zero, and
//!   fails with [`E2BIG`] otherwise, so that user space can tell that it asked for something this
//!   kernel does not have.
//!
//! [`UserSliceReader::read_extensible`] implements these rules with the semantics of the C
//! `copy_struct_from_user()`. It is built on two smaller wrappers that are useful on their own:
//! [`UserSliceReader::check_zeroed`] (`check_zeroed_user()`) and [`UserSlice::access_ok`]
//! (`access_ok()`).
//!
//! C header: [`include/linux/uaccess.h`](srctree/include/linux/uaccess.h)

use super::{
    UserSlice,
    UserSliceReader, //
};
use crate::{
    bindings,
    prelude::*,
    transmute::FromBytes, //
};
use core::mem::MaybeUninit;

impl UserSlice {
    /// Returns whether the whole slice lies in the user address space (`access_ok()`).
    ///
    /// Only compares the range with the limit of the user address space: it does not access the
    /// memory and says nothing about whether it is mapped. A range that wraps around the end of
    /// the address space is refused; an empty range is accepted wherever it starts.
    ///
    /// Readers and writers of a [`UserSlice`] do not need this: the user copy functions check the
    /// range themselves. It is for code that hands a user range to something else, for example the
    /// stack of a new task, and must refuse a bad one the way C does.
    ///
    /// # Examples
    ///
    /// ```
    /// use kernel::uaccess::{
    ///     UserPtr,
    ///     UserSlice, //
    /// };
    ///
    /// // The top of the address space belongs to the kernel on every architecture.
    /// let kernel = UserSlice::new(UserPtr::from_addr(usize::MAX - 0xfff), 0x1000);
    /// assert!(!kernel.access_ok());
    ///
    /// // A range that wraps around is refused too.
    /// let wraps = UserSlice::new(UserPtr::from_addr(0x10000), usize::MAX);
    /// assert!(!wraps.access_ok());
    /// ```
    #[inline]
    pub fn access_ok(&self) -> bool {
        // SAFETY: `access_ok()` only compares the range with the limit of the user address space;
        // it does not access memory, so any address and length are acceptable.
        unsafe { bindings::access_ok(self.ptr.as_const_ptr(), self.length) }
    }
}

impl UserSliceReader {
    /// Checks whether all the remaining bytes of the reader are zero (`check_zeroed_user()`).
    ///
    /// Consumes the reader: the bytes have been read once, and a later read could see other
    /// values. Returns `Ok(true)` if every byte is zero, including when there are none, and
    /// `Ok(false)` as soon as one is not.
    ///
    /// # Errors
    ///
    /// [`EFAULT`] if the memory cannot be read up to the first non-zero byte.
    #[doc(alias = "check_zeroed_user")]
    #[inline]
    pub fn check_zeroed(self) -> Result<bool> {
        // SAFETY: `check_zeroed_user()` reads user memory only through the user access
        // functions, which check the range and handle faults, so any address and length are
        // acceptable.
        match unsafe { bindings::check_zeroed_user(self.ptr.as_const_ptr(), self.length) } {
            1 => Ok(true),
            0 => Ok(false),
            // `check_zeroed_user()` fails with `-EFAULT` only.
            _ => Err(EFAULT),
        }
    }

    /// Reads an extensible structure whose size is given by user space
    /// (`copy_struct_from_user()`).
    ///
    /// The remaining length of the reader is the size of the structure in user space (`usize` in
    /// C), `size_of::<T>()` is the size this kernel knows (`ksize`). Like the C function:
    ///
    /// - if user space passes fewer bytes than `T` has, they are copied and the rest of `T` is
    ///   zero, so a new field reads as zero from an old program;
    /// - if it passes more, the bytes past `size_of::<T>()` are checked first and must all be zero;
    /// - the known part of the structure is then copied exactly once.
    ///
    /// Consumes the reader, so the structure cannot be read a second time by mistake (see
    /// [`UserSlice`] on TOCTOU bugs). The value is only as trustworthy as user space: validate it
    /// before use.
    ///
    /// Like in C, the bounds of the size are left to the caller: most system calls refuse sizes
    /// above [`PAGE_SIZE`](crate::page::PAGE_SIZE) (the check of the tail is linear in its length)
    /// and below their first published version.
    ///
    /// `T` is plain old data: [`FromBytes`], so that any bytes from user space make a valid `T`,
    /// and [`Zeroable`], so that zero-extending a short structure does.
    ///
    /// # Errors
    ///
    /// - [`E2BIG`] if a byte past `size_of::<T>()` is not zero;
    /// - [`EFAULT`] if the memory cannot be read, in the tail or in the known part.
    ///
    /// A fault in the tail is reported before a non-zero byte after it, and both before anything
    /// about the known part, as in C.
    ///
    /// # Examples
    ///
    /// The arguments of a system call that started with two fields and gained a third:
    ///
    /// ```
    /// use kernel::{
    ///     prelude::*,
    ///     transmute::FromBytes,
    ///     uaccess::{
    ///         UserPtr,
    ///         UserSlice, //
    ///     }, //
    /// };
    ///
    /// #[repr(C)]
    /// #[derive(Zeroable)]
    /// struct FooArgs {
    ///     flags: u64,
    ///     fd: u64,
    ///     // Added in version 1: zero keeps the behaviour of version 0.
    ///     mode: u64,
    /// }
    ///
    /// // SAFETY: `FooArgs` only has `u64` fields and no padding, so any bytes are a valid value.
    /// unsafe impl FromBytes for FooArgs {}
    ///
    /// const FOO_ARGS_SIZE_VER0: usize = 16;
    ///
    /// fn sys_foo(uargs: UserPtr, size: usize) -> Result<FooArgs> {
    ///     if size > kernel::page::PAGE_SIZE {
    ///         return Err(E2BIG);
    ///     }
    ///     if size < FOO_ARGS_SIZE_VER0 {
    ///         return Err(EINVAL);
    ///     }
    ///     let args: FooArgs = UserSlice::new(uargs, size).reader().read_extensible()?;
    ///     if args.mode > 1 {
    ///         return Err(EINVAL);
    ///     }
    ///     Ok(args)
    /// }
    /// ```
    #[doc(alias = "copy_struct_from_user")]
    #[inline]
    pub fn read_extensible<T: FromBytes + Zeroable>(mut self) -> Result<T> {
        let ksize = size_of::<T>();

        // A newer user space may pass a bigger structure, as long as what we don't know is zero.
        if let Some(rest) = self.length.checked_sub(ksize).filter(|&rest| rest != 0) {
            let tail = UserSlice::new(self.ptr.wrapping_byte_add(ksize), rest);
            if !tail.reader().check_zeroed()? {
                return Err(E2BIG);
            }
        }

        let len = self.length.min(ksize);
        let mut out = MaybeUninit::<T>::uninit();
        let dst = out.as_mut_ptr().cast::<MaybeUninit<u8>>();
        if len < ksize {
            // SAFETY: `dst` is valid for writes of `size_of::<T>()` bytes, and `len` is below it.
            unsafe { dst.add(len).write_bytes(0, ksize - len) };
        }
        // SAFETY: `dst` is valid for writes of `len <= size_of::<T>()` bytes, any of which may be
        // uninitialized, which `MaybeUninit<u8>` allows; the slice is not used after `out` is.
        self.read_raw(unsafe { core::slice::from_raw_parts_mut(dst, len) })?;

        // SAFETY: `read_raw()` succeeded, so it initialized the first `len` bytes of `out`, and
        // the others are zero: all bytes of `out` are initialized. Any bytes are a valid `T` as
        // `T: FromBytes`.
        Ok(unsafe { out.assume_init() })
    }
}

#[cfg(CONFIG_RUST_UACCESS_KUNIT_TEST)]
#[kunit_tests(rust_kernel_uaccess)]
mod tests {
    use super::*;
    use crate::{
        kunit::UserMapping,
        page::PAGE_SIZE,
        uaccess::UserPtr, //
    };

    /// The size of the "user" structures below; the kernel ones are half of it.
    const SIZE: usize = 256;

    /// Reads a `[u8; N]` of `usize` bytes at `ptr`.
    fn read<const N: usize>(ptr: UserPtr, usize: usize) -> Result<[u8; N]> {
        UserSlice::new(ptr, usize).reader().read_extensible()
    }

    // The cases of `usercopy_test_check_nonzero_user()` in `lib/tests/usercopy_kunit.c`: every
    // `[start, end)` of a pattern that crosses a page boundary.
    #[test]
    fn check_zeroed_matches_memory() -> Result {
        const LEN: usize = 256;
        let mem = UserMapping::new(2)?;
        let base = PAGE_SIZE - LEN / 2;

        // [ 00 ff 00 ff ... 00 00 00 00 ... ff 00 ff 00 ]
        let mut pattern = [0u8; LEN];
        for (i, b) in pattern.iter_mut().enumerate() {
            if !(LEN / 4..LEN - LEN / 4).contains(&i) && i % 2 == 1 {
                *b = 0xff;
            }
        }
        mem.write(base, &pattern)?;

        for start in 0..=LEN {
            for end in start..=LEN {
                let want = pattern[start..end].iter().all(|&b| b == 0);
                let got = UserSlice::new(mem.ptr(base + start), end - start)
                    .reader()
                    .check_zeroed();
                if got != Ok(want) {
                    pr_err!("check_zeroed({start}, {end}): {got:?}, expected {want}\n");
                    return Err(EINVAL);
                }
            }
        }
        Ok(())
    }

    #[test]
    fn check_zeroed_faults() -> Result {
        let mem = UserMapping::new(2)?;
        mem.unmap_page(1)?;
        let reader = |offset: usize, len: usize| UserSlice::new(mem.ptr(offset), len).reader();

        assert_eq!(reader(PAGE_SIZE - 8, 8).check_zeroed(), Ok(true));
        assert_eq!(reader(PAGE_SIZE - 8, 9).check_zeroed(), Err(EFAULT));
        assert_eq!(reader(PAGE_SIZE, 1).check_zeroed(), Err(EFAULT));
        // Nothing to read, nothing to fault on.
        assert_eq!(reader(PAGE_SIZE, 0).check_zeroed(), Ok(true));
        assert_eq!(
            UserSlice::new(UserPtr::from_addr(0), 1)
                .reader()
                .check_zeroed(),
            Err(EFAULT)
        );
        // A non-zero byte before the hole is found first.
        mem.write(PAGE_SIZE - 1, &[1])?;
        assert_eq!(reader(PAGE_SIZE - 8, 9).check_zeroed(), Ok(false));
        Ok(())
    }

    // The cases of `usercopy_test_copy_struct_from_user()` in `lib/tests/usercopy_kunit.c`.
    #[test]
    fn read_extensible_sizes() -> Result {
        let mem = UserMapping::new(1)?;
        mem.write(0, &[0x3e; SIZE])?;

        // usize == ksize.
        assert_eq!(read::<SIZE>(mem.ptr(0), SIZE)?, [0x3e; SIZE]);

        // Old user space (usize < ksize): zero-extended, whatever follows in user memory.
        let mut expected = [0u8; SIZE];
        expected[..SIZE / 2].fill(0x3e);
        assert_eq!(read::<SIZE>(mem.ptr(0), SIZE / 2)?, expected);
        assert_eq!(read::<SIZE>(mem.ptr(0), 0)?, [0; SIZE]);

        // New user space (usize > ksize) with a non-zero tail.
        assert_eq!(read::<{ SIZE / 2 }>(mem.ptr(0), SIZE), Err(E2BIG));

        // New user space (usize > ksize) with a zero tail.
        mem.write(SIZE / 2, &[0; SIZE / 2])?;
        assert_eq!(read::<{ SIZE / 2 }>(mem.ptr(0), SIZE)?, [0x3e; SIZE / 2]);

        // Every byte of the tail counts, up to its last.
        mem.write(SIZE - 1, &[0x80])?;
        assert_eq!(read::<{ SIZE / 2 }>(mem.ptr(0), SIZE), Err(E2BIG));
        assert_eq!(
            read::<{ SIZE / 2 }>(mem.ptr(0), SIZE - 1)?,
            [0x3e; SIZE / 2]
        );
        Ok(())
    }

    #[test]
    fn read_extensible_faults() -> Result {
        let mem = UserMapping::new(3)?;
        mem.unmap_page(0)?;
        mem.unmap_page(2)?;
        let end = 2 * PAGE_SIZE;

        // The structure ends at the hole: fine; one more byte of it or of its tail: a fault.
        mem.write(end - 16, &[7; 16])?;
        assert_eq!(read::<16>(mem.ptr(end - 16), 16)?, [7; 16]);
        assert_eq!(read::<16>(mem.ptr(end - 16), 17), Err(EFAULT));
        assert_eq!(read::<32>(mem.ptr(end - 16), 32), Err(EFAULT));
        assert_eq!(read::<16>(mem.ptr(end), 16), Err(EFAULT));
        assert_eq!(read::<16>(UserPtr::from_addr(0), 16), Err(EFAULT));
        assert_eq!(
            read::<16>(UserPtr::from_addr(usize::MAX - 0xfff), 16),
            Err(EFAULT)
        );

        // The tail is checked before the known part is copied: with the head in a hole, a
        // non-zero tail still gives `E2BIG`, a zero one the fault of the head.
        let start = PAGE_SIZE - 8;
        mem.write(PAGE_SIZE, &[0; 64])?;
        assert_eq!(read::<16>(mem.ptr(start), 64), Err(EFAULT));
        mem.write(PAGE_SIZE + 32, &[1])?;
        assert_eq!(read::<16>(mem.ptr(start), 64), Err(E2BIG));
        Ok(())
    }

    #[test]
    fn access_ok_ranges() -> Result {
        let mem = UserMapping::new(1)?;
        let slice = |addr: usize, len: usize| UserSlice::new(UserPtr::from_addr(addr), len);

        assert!(slice(mem.addr(0), PAGE_SIZE).access_ok());
        // Unmapped but in user space.
        assert!(slice(mem.addr(PAGE_SIZE), PAGE_SIZE).access_ok());
        assert!(slice(0, 0).access_ok());
        assert!(!slice(usize::MAX - 0xfff, 0x1000).access_ok());
        assert!(!slice(mem.addr(0), usize::MAX).access_ok());
        assert!(!slice(usize::MAX, 2).access_ok());
        Ok(())
    }
}
