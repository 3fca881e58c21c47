// SPDX-License-Identifier: GPL-2.0

//! User memory for KUnit tests.
//!
//! Code that copies from or to user space, such as the functions of [`crate::uaccess`], is best
//! tested against a real user mapping: faults at a page boundary, unmapped pages and garbage past
//! the end of a structure only happen there. KUnit can attach a user address space to the kernel
//! thread of a test and map anonymous memory into it; [`UserMapping`] makes that available to Rust
//! tests without raw bindings.
//!
//! C header: [`include/kunit/test.h`](srctree/include/kunit/test.h)

use crate::{
    bindings,
    error::{
        from_err_ptr,
        to_result, //
    },
    page::PAGE_SIZE,
    prelude::*,
    types::NotThreadSafe,
    uaccess::{
        UserPtr,
        UserSlice, //
    },
};

/// Anonymous, readable and writable memory in the user address space of the running KUnit test.
///
/// Made with `kunit_vm_mmap()`, which first attaches a new user address space to the thread of the
/// test if it has none (`kunit_attach_mm()`). KUnit unmaps the memory when the test ends, together
/// with the address space, so this type has no destructor.
///
/// Rust code never holds a reference into the mapping: it is accessed through [`UserSlice`] (for
/// example with [`UserMapping::write`]) or by the code under test, which sees plain user memory.
/// The mapping is only meaningful in the thread of the test, so this type is neither [`Send`] nor
/// [`Sync`].
///
/// # Invariants
///
/// `[base, base + len)` is a range of the user address space of the current task, mapped by
/// `kunit_vm_mmap()` for the running test; `len` is a non-zero multiple of [`PAGE_SIZE`]. Pages
/// of it may have been unmapped since, with [`UserMapping::unmap_page`].
///
/// # Examples
///
/// ```no_run
/// use kernel::{
///     kunit::UserMapping,
///     uaccess::UserSlice, //
/// };
///
/// fn round_trip() -> Result {
///     // Two pages; the second one is unmapped, so reading across the boundary faults.
///     let mem = UserMapping::new(2)?;
///     mem.unmap_page(1)?;
///     mem.write(0, &[1, 2, 3])?;
///
///     let mut buf = [0u8; 3];
///     UserSlice::new(mem.ptr(0), 3).reader().read_slice(&mut buf)?;
///     assert_eq!(buf, [1, 2, 3]);
///
///     let end = mem.ptr(kernel::page::PAGE_SIZE - 1);
///     assert_eq!(UserSlice::new(end, 2).reader().read_slice(&mut buf[..2]), Err(EFAULT));
///     Ok(())
/// }
/// ```
pub struct UserMapping {
    base: usize,
    len: usize,
    _not_thread_safe: NotThreadSafe,
}

impl UserMapping {
    /// Maps `pages` pages of anonymous memory for the running test.
    ///
    /// # Errors
    ///
    /// - [`EINVAL`] if no KUnit test is running in this thread, or `pages` is zero or too large;
    /// - [`ENOMEM`], or the error of `vm_mmap()`, if the memory cannot be mapped.
    pub fn new(pages: usize) -> Result<Self> {
        // SAFETY: Always safe to call; returns null outside of a KUnit test.
        let test = unsafe { bindings::kunit_get_current_test() };
        if test.is_null() || pages == 0 {
            return Err(EINVAL);
        }
        let len = pages.checked_mul(PAGE_SIZE).ok_or(EINVAL)?;

        // CAST: The `PROT_*` and `MAP_*` values are small `u32` constants.
        let prot = (bindings::PROT_READ | bindings::PROT_WRITE) as c_ulong;
        let flags = (bindings::MAP_ANONYMOUS | bindings::MAP_PRIVATE) as c_ulong;

        // SAFETY: `test` is the test running in this thread. A null file asks for anonymous
        // memory, which `kunit_vm_mmap()` maps into the address space it attaches to the test.
        let base =
            unsafe { bindings::kunit_vm_mmap(test, core::ptr::null_mut(), 0, len, prot, flags, 0) };

        // `kunit_vm_mmap()` returns zero when it fails, and an error value of `vm_mmap()` as if it
        // were an address: `kunit_vm_mmap_init()` compares the address with zero only.
        if base == 0 {
            return Err(ENOMEM);
        }
        from_err_ptr(core::ptr::without_provenance_mut::<c_void>(base))?;

        // INVARIANT: `kunit_vm_mmap()` mapped `len` bytes at `base`, which is neither zero nor an
        // error value; `len` is `pages * PAGE_SIZE` with `pages` non-zero.
        Ok(Self {
            base,
            len,
            _not_thread_safe: NotThreadSafe,
        })
    }

    /// Returns the size of the mapping in bytes.
    #[inline]
    pub fn size(&self) -> usize {
        self.len
    }

    /// Returns the user address `offset` bytes into the mapping (or past it).
    #[inline]
    pub fn addr(&self, offset: usize) -> usize {
        self.base.wrapping_add(offset)
    }

    /// Returns the user pointer `offset` bytes into the mapping (or past it).
    #[inline]
    pub fn ptr(&self, offset: usize) -> UserPtr {
        UserPtr::from_addr(self.addr(offset))
    }

    /// Writes `data` at `offset` bytes into the mapping.
    ///
    /// # Errors
    ///
    /// [`EINVAL`] if `data` does not fit in the mapping at `offset`, [`EFAULT`] if it reaches an
    /// unmapped page.
    #[inline]
    pub fn write(&self, offset: usize, data: &[u8]) -> Result {
        self.check_range(offset, data.len())?;
        UserSlice::new(self.ptr(offset), data.len())
            .writer()
            .write_slice(data)
    }

    /// Reads `out.len()` bytes at `offset` bytes into the mapping.
    ///
    /// # Errors
    ///
    /// [`EINVAL`] if `out` does not fit in the mapping at `offset`, [`EFAULT`] if it reaches an
    /// unmapped page.
    #[inline]
    pub fn read(&self, offset: usize, out: &mut [u8]) -> Result {
        self.check_range(offset, out.len())?;
        UserSlice::new(self.ptr(offset), out.len())
            .reader()
            .read_slice(out)
    }

    /// Unmaps page `page` of the mapping, so that any access to it faults.
    ///
    /// # Errors
    ///
    /// [`EINVAL`] if the mapping has no page `page`, or an error of `vm_munmap()`.
    #[inline]
    pub fn unmap_page(&self, page: usize) -> Result {
        let offset = page.checked_mul(PAGE_SIZE).ok_or(EINVAL)?;
        self.check_range(offset, PAGE_SIZE)?;

        // SAFETY: The page is part of the user mapping of this test (type invariants). Rust code
        // holds no reference into user memory, so unmapping it only makes later accesses fault.
        to_result(unsafe { bindings::vm_munmap(self.addr(offset), PAGE_SIZE) })
    }

    /// Checks that `len` bytes at `offset` are within the mapping.
    fn check_range(&self, offset: usize, len: usize) -> Result {
        match offset.checked_add(len) {
            Some(end) if end <= self.len => Ok(()),
            _ => Err(EINVAL),
        }
    }
}
