//! Every `unsafe` operation of the C API, in one place.
//!
//! Each helper turns a raw pointer from C into a Rust reference or value under the contract
//! written in `include/apisec.h`: a non-NULL pointer points to valid memory of the stated
//! length for the duration of the call, engines come from `apisec_engine_new`, buffers from
//! this library. NULL is always checked here, never assumed away.

use crate::{Fail, apisec_buf, apisec_engine, apisec_result, null};
use std::ffi::c_char;

/// `len` bytes at `ptr`; NULL is allowed only when `len` is 0 (an empty slice).
pub(crate) fn bytes<'a>(ptr: *const u8, len: usize, what: &str) -> Result<&'a [u8], Fail> {
    Ok(bytes_opt(ptr, len).map_err(|_| null(what))?.unwrap_or(&[]))
}

/// `None` for (NULL, 0); an error for (NULL, n > 0); otherwise the bytes.
pub(crate) fn bytes_opt<'a>(ptr: *const u8, len: usize) -> Result<Option<&'a [u8]>, Fail> {
    if ptr.is_null() {
        return if len == 0 { Ok(None) } else { Err(null("data")) };
    }
    if len > isize::MAX as usize {
        return Err(Fail(apisec_result::APISEC_INVALID_ARGUMENT, "length exceeds isize::MAX".into()));
    }
    // SAFETY: non-NULL, and the caller promises `len` readable bytes that outlive the call.
    Ok(Some(unsafe { std::slice::from_raw_parts(ptr, len) }))
}

/// Writes `v` through a non-NULL out-pointer (checked by the caller).
pub(crate) fn write<T>(out: *mut T, v: T) {
    debug_assert!(!out.is_null());
    // SAFETY: checked non-NULL by the caller; C owns writable storage for one `T`.
    unsafe { out.write(v) }
}

/// Writes `v` when `out` is non-NULL.
pub(crate) fn write_opt<T>(out: *mut T, v: T) {
    if !out.is_null() {
        write(out, v);
    }
}

/// A shared reference to an engine, `None` for NULL.
pub(crate) fn engine_ref<'a>(e: *const apisec_engine) -> Option<&'a apisec_engine> {
    // SAFETY: a non-NULL engine came from `apisec_engine_new` and is not freed yet.
    unsafe { e.as_ref() }
}

/// An exclusive reference to an engine, `None` for NULL.
pub(crate) fn engine_mut<'a>(e: *mut apisec_engine) -> Option<&'a mut apisec_engine> {
    // SAFETY: as `engine_ref`; the header tells callers not to overlap mutating calls.
    unsafe { e.as_mut() }
}

/// Frees an engine made by `Box::into_raw` in `apisec_engine_new`; NULL does nothing.
pub(crate) fn free_engine(e: *mut apisec_engine) {
    if !e.is_null() {
        // SAFETY: `e` came from `Box::into_raw` and is freed once (the caller's promise).
        drop(unsafe { Box::from_raw(e) });
    }
}

/// Moves bytes into a NUL-terminated allocation the caller will hand back to `free_buf`.
pub(crate) fn buf_from_vec(mut v: Vec<u8>) -> apisec_buf {
    let len = v.len();
    v.push(0);
    let data = Box::into_raw(v.into_boxed_slice()).cast::<u8>();
    apisec_buf { data, len }
}

/// Frees a buffer from `buf_from_vec` and zeroes it; NULL or zeroed does nothing.
pub(crate) fn free_buf(buf: *mut apisec_buf) {
    // SAFETY: a non-NULL `buf` points to an `apisec_buf` the caller owns.
    let Some(b) = (unsafe { buf.as_mut() }) else { return };
    if !b.data.is_null() {
        let slice = std::ptr::slice_from_raw_parts_mut(b.data, b.len + 1);
        // SAFETY: `data`/`len + 1` are exactly the boxed slice made in `buf_from_vec`.
        drop(unsafe { Box::from_raw(slice) });
    }
    b.data = std::ptr::null_mut();
    b.len = 0;
}

/// Copies `msg` and a NUL into `buf`, which has room for at least `msg.len() + 1` bytes.
pub(crate) fn copy_c_string(buf: *mut c_char, msg: &[u8]) {
    // SAFETY: the caller checked `buf` non-NULL and its length against `msg.len() + 1`.
    unsafe {
        std::ptr::copy_nonoverlapping(msg.as_ptr(), buf.cast::<u8>(), msg.len());
        buf.add(msg.len()).write(0);
    }
}
