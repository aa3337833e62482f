//! C API of apisec: `libapisec.a` / `libapisec.so` with `include/apisec.h` (made by cbindgen
//! from this file; `tests/header.rs` fails when the committed header drifts).
//!
//! Inputs are JSON bytes (a policy, one record, a JSONL or HAR document); outputs are JSON
//! documents in an [`apisec_buf`] the caller frees with [`apisec_buf_free`]. No detection
//! logic lives here: every call forwards to `apisec_core::Engine` and serialises its answer.
//!
//! Conventions (after rustls-ffi): an opaque [`apisec_engine`] made by [`apisec_engine_new`]
//! and released by [`apisec_engine_free`]; every call returns an [`apisec_result`] whose
//! numbers never change; outputs come last and are written only on success; every pointer is
//! checked for NULL; every body runs behind a panic boundary, so no Rust panic ever unwinds
//! into C. The message of a thread's last failure is copied out by
//! [`apisec_last_error_message`]. All `unsafe` code is in the private `raw` module.
#![warn(missing_docs)]
#![allow(non_camel_case_types)]

mod raw;

use apisec_core::{Engine, Policy};
use std::cell::RefCell;
use std::ffi::c_char;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Result of every call. The numbers are part of the ABI and never change; new codes are
/// only ever appended.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum apisec_result {
    /// Success.
    APISEC_OK = 0,
    /// A required pointer argument was NULL.
    APISEC_NULL_ARGUMENT = 1,
    /// An argument was malformed in a way the core does not name (e.g. a length overflow).
    APISEC_INVALID_ARGUMENT = 2,
    /// The policy is invalid; the message names the offending path.
    APISEC_POLICY_ERROR = 3,
    /// The record was rejected (counted in the stats; engine state unchanged).
    APISEC_RECORD_ERROR = 4,
    /// A document could not be read as the format it claims (e.g. broken HAR).
    APISEC_INPUT_ERROR = 5,
    /// A snapshot could not be written or restored.
    APISEC_SNAPSHOT_ERROR = 6,
    /// A bug: the library panicked. The engine should be freed and not used again.
    APISEC_PANIC = 7,
    /// An error kind newer than this list.
    APISEC_OTHER_ERROR = 8,
}

/// A JSON document (UTF-8) owned by the library. `data[len]` is a NUL byte, so `data` can be
/// printed as a C string. Release it with [`apisec_buf_free`]. A zeroed `apisec_buf` is
/// valid and empty.
#[repr(C)]
#[derive(Debug)]
pub struct apisec_buf {
    /// The bytes, NUL-terminated; NULL when empty.
    pub data: *mut u8,
    /// Length in bytes, not counting the NUL.
    pub len: usize,
}

/// An engine: the detector with its learned state. Opaque to C.
pub struct apisec_engine {
    inner: Engine,
}

/// A failed call: its code and message (stored for [`apisec_last_error_message`]).
struct Fail(apisec_result, String);

impl From<apisec_core::Error> for Fail {
    fn from(e: apisec_core::Error) -> Fail {
        let code = match e.kind() {
            "policy" => apisec_result::APISEC_POLICY_ERROR,
            "record" => apisec_result::APISEC_RECORD_ERROR,
            "input" => apisec_result::APISEC_INPUT_ERROR,
            "snapshot" => apisec_result::APISEC_SNAPSHOT_ERROR,
            _ => apisec_result::APISEC_OTHER_ERROR,
        };
        Fail(code, e.to_string())
    }
}

/// The policy of `(ptr, len)`: the default for (NULL, 0), else parsed JSON.
fn policy_from(ptr: *const u8, len: usize) -> Result<Policy, Fail> {
    Ok(match raw::bytes_opt(ptr, len)? {
        None => Policy::default(),
        Some(b) => {
            let text = std::str::from_utf8(b).map_err(|e| {
                Fail(apisec_result::APISEC_POLICY_ERROR, format!("invalid policy: $: not UTF-8 ({e})"))
            })?;
            Policy::from_json(text).map_err(apisec_core::Error::from)?
        }
    })
}

fn null(what: &str) -> Fail {
    Fail(apisec_result::APISEC_NULL_ARGUMENT, format!("`{what}` is NULL"))
}

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

/// The panic boundary: runs `f`, turning an error or a panic into a result code and storing
/// the message for [`apisec_last_error_message`].
fn guard(f: impl FnOnce() -> Result<(), Fail>) -> apisec_result {
    let fail = match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => return apisec_result::APISEC_OK,
        Ok(Err(fail)) => fail,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Fail(apisec_result::APISEC_PANIC, format!("internal panic: {what}"))
        }
    };
    LAST_ERROR.with(|l| *l.borrow_mut() = fail.1);
    fail.0
}

/// The library version as a static NUL-terminated string (e.g. `"0.1.0"`).
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn apisec_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// Creates an engine from a JSON policy (`policy_json`, `len` bytes, not NUL-terminated).
/// `policy_json` NULL with `len` 0 gives the default policy (every built-in detector on).
/// On success `*out` receives the engine; on failure `*out` is not written.
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn apisec_engine_new(
    policy_json: *const u8,
    len: usize,
    out: *mut *mut apisec_engine,
) -> apisec_result {
    guard(|| {
        if out.is_null() {
            return Err(null("out"));
        }
        let policy = policy_from(policy_json, len)?;
        let engine = Box::new(apisec_engine { inner: Engine::new(policy)? });
        raw::write(out, Box::into_raw(engine));
        Ok(())
    })
}

/// Frees an engine made by [`apisec_engine_new`]. NULL is allowed and does nothing.
/// Must not race with any other call on the same engine.
#[unsafe(no_mangle)]
pub extern "C" fn apisec_engine_free(engine: *mut apisec_engine) {
    let _ = guard(|| {
        raw::free_engine(engine);
        Ok(())
    });
}

/// Ingests one JSON record (`len` bytes). A rejected record returns
/// `APISEC_RECORD_ERROR`, is counted in the stats and leaves the engine otherwise unchanged.
/// Mutates the engine: calls on one engine must not overlap (use a lock to share it).
#[unsafe(no_mangle)]
pub extern "C" fn apisec_engine_ingest(
    engine: *mut apisec_engine,
    record: *const u8,
    len: usize,
) -> apisec_result {
    guard(|| {
        let e = raw::engine_mut(engine).ok_or_else(|| null("engine"))?;
        let bytes = raw::bytes(record, len, "record")?;
        e.inner.ingest_json(bytes)?;
        Ok(())
    })
}

/// Ingests a whole document of `len` bytes: JSONL (one record per line) or HAR 1.2,
/// detected from its content. Bad lines or entries are rejected with their line number and
/// counted, and do not stop the run. When non-NULL, `*accepted` and `*rejected` receive the
/// counts of this call. A document that starts like HAR but does not read as HAR is taken
/// as JSONL, as `apisec analyze` does.
/// Mutates the engine: calls on one engine must not overlap.
#[unsafe(no_mangle)]
pub extern "C" fn apisec_engine_ingest_document(
    engine: *mut apisec_engine,
    data: *const u8,
    len: usize,
    accepted: *mut u64,
    rejected: *mut u64,
) -> apisec_result {
    guard(|| {
        let e = raw::engine_mut(engine).ok_or_else(|| null("engine"))?;
        let bytes = raw::bytes(data, len, "data")?;
        let sum = e.inner.ingest_document(bytes);
        raw::write_opt(accepted, sum.accepted);
        raw::write_opt(rejected, sum.rejected);
        Ok(())
    })
}

/// Rebuilds an engine from a policy (as in [`apisec_engine_new`]; NULL/0 for the default)
/// and the bytes of an [`apisec_engine_snapshot`]. On success `*out` receives the engine;
/// a bad snapshot gives `APISEC_SNAPSHOT_ERROR` and `*out` is not written.
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn apisec_engine_restore(
    policy_json: *const u8,
    policy_len: usize,
    snapshot: *const u8,
    snapshot_len: usize,
    out: *mut *mut apisec_engine,
) -> apisec_result {
    guard(|| {
        if out.is_null() {
            return Err(null("out"));
        }
        let policy = policy_from(policy_json, policy_len)?;
        let bytes = raw::bytes(snapshot, snapshot_len, "snapshot")?;
        let engine = Box::new(apisec_engine { inner: Engine::restore(policy, bytes)? });
        raw::write(out, Box::into_raw(engine));
        Ok(())
    })
}

/// Everything the engine has learned (not the policy) as bytes for
/// [`apisec_engine_restore`], into `*out` (free with [`apisec_buf_free`]).
/// Read-only: may run concurrently with other read-only calls on the same engine.
#[unsafe(no_mangle)]
pub extern "C" fn apisec_engine_snapshot(
    engine: *const apisec_engine,
    out: *mut apisec_buf,
) -> apisec_result {
    guard(|| {
        let e = raw::engine_ref(engine).ok_or_else(|| null("engine"))?;
        if out.is_null() {
            return Err(null("out"));
        }
        raw::write(out, raw::buf_from_vec(e.inner.snapshot()?));
        Ok(())
    })
}

/// Folds a copy of `other`'s state into `engine` (shards that saw disjoint records);
/// `other` is left as it was and may be `engine` itself.
/// Mutates `engine`: no other call on `engine` may overlap; `other` is only read.
#[unsafe(no_mangle)]
pub extern "C" fn apisec_engine_merge(
    engine: *mut apisec_engine,
    other: *const apisec_engine,
) -> apisec_result {
    guard(|| {
        if engine.is_null() {
            return Err(null("engine"));
        }
        // Copy first: the shared borrow of `other` ends before `engine` is borrowed
        // mutably, so `other == engine` is fine.
        let theirs = raw::engine_ref(other).map(|o| o.inner.clone()).ok_or_else(|| null("other"))?;
        let e = raw::engine_mut(engine).ok_or_else(|| null("engine"))?;
        e.inner.merge(theirs)?;
        Ok(())
    })
}

/// Takes the log-subscription records produced since the last call, as a JSON array into
/// `*out` (free with [`apisec_buf_free`]).
/// Mutates the engine: calls on one engine must not overlap.
#[unsafe(no_mangle)]
pub extern "C" fn apisec_engine_drain_logs(
    engine: *mut apisec_engine,
    out: *mut apisec_buf,
) -> apisec_result {
    guard(|| {
        let e = raw::engine_mut(engine).ok_or_else(|| null("engine"))?;
        if out.is_null() {
            return Err(null("out"));
        }
        let json = serde_json::to_vec(&e.inner.drain_logs())
            .map_err(|err| Fail(apisec_result::APISEC_OTHER_ERROR, format!("serialising: {err}")))?;
        raw::write(out, raw::buf_from_vec(json));
        Ok(())
    })
}

/// Runs a read-only query and hands its JSON to the caller.
fn query<T: serde::Serialize>(
    engine: *const apisec_engine,
    out: *mut apisec_buf,
    f: impl FnOnce(&Engine) -> T,
) -> apisec_result {
    guard(|| {
        let e = raw::engine_ref(engine).ok_or_else(|| null("engine"))?;
        if out.is_null() {
            return Err(null("out"));
        }
        let json = serde_json::to_vec(&f(&e.inner))
            .map_err(|err| Fail(apisec_result::APISEC_OTHER_ERROR, format!("serialising: {err}")))?;
        raw::write(out, raw::buf_from_vec(json));
        Ok(())
    })
}

/// The API inventory as a JSON array of assets, into `*out` (free with [`apisec_buf_free`]).
/// Read-only: may run concurrently with other read-only calls on the same engine.
#[unsafe(no_mangle)]
pub extern "C" fn apisec_engine_assets(engine: *const apisec_engine, out: *mut apisec_buf) -> apisec_result {
    query(engine, out, Engine::assets)
}

/// Open risks as a JSON array, into `*out` (free with [`apisec_buf_free`]).
/// Read-only: may run concurrently with other read-only calls on the same engine.
#[unsafe(no_mangle)]
pub extern "C" fn apisec_engine_risks(engine: *const apisec_engine, out: *mut apisec_buf) -> apisec_result {
    query(engine, out, Engine::risks)
}

/// Events as a JSON array, into `*out` (free with [`apisec_buf_free`]).
/// Read-only: may run concurrently with other read-only calls on the same engine.
#[unsafe(no_mangle)]
pub extern "C" fn apisec_engine_events(engine: *const apisec_engine, out: *mut apisec_buf) -> apisec_result {
    query(engine, out, Engine::events)
}

/// Overview counts as a JSON object, into `*out` (free with [`apisec_buf_free`]).
/// Read-only: may run concurrently with other read-only calls on the same engine.
#[unsafe(no_mangle)]
pub extern "C" fn apisec_engine_overview(
    engine: *const apisec_engine,
    out: *mut apisec_buf,
) -> apisec_result {
    query(engine, out, Engine::overview)
}

/// Run statistics (records, rejected, reject reasons with line numbers) as a JSON object,
/// into `*out` (free with [`apisec_buf_free`]).
/// Read-only: may run concurrently with other read-only calls on the same engine.
#[unsafe(no_mangle)]
pub extern "C" fn apisec_engine_stats(engine: *const apisec_engine, out: *mut apisec_buf) -> apisec_result {
    query(engine, out, |e| e.stats().clone())
}

/// The whole report (`assets`, `risks`, `events`, `overview`, `stats`: the document of
/// `apisec analyze --format json`), into `*out` (free with [`apisec_buf_free`]).
/// Read-only: may run concurrently with other read-only calls on the same engine.
#[unsafe(no_mangle)]
pub extern "C" fn apisec_engine_report(engine: *const apisec_engine, out: *mut apisec_buf) -> apisec_result {
    query(engine, out, Engine::report)
}

/// The discovered inventory as an OpenAPI 3.0.3 document (a JSON object), into `*out`
/// (free with [`apisec_buf_free`]).
/// Read-only: may run concurrently with other read-only calls on the same engine.
#[unsafe(no_mangle)]
pub extern "C" fn apisec_engine_openapi(engine: *const apisec_engine, out: *mut apisec_buf) -> apisec_result {
    query(engine, out, Engine::openapi)
}

/// The compliance check (persons whose personal information reached clients outside the
/// Chinese mainland, and whether an assessment is due) as a JSON object, into `*out` (free
/// with [`apisec_buf_free`]). `"enabled"` is false while the check is off for every
/// protected object (the default; see [`apisec_engine_set_audit_switches`]).
/// Read-only: may run concurrently with other read-only calls on the same engine.
#[unsafe(no_mangle)]
pub extern "C" fn apisec_engine_compliance(
    engine: *const apisec_engine,
    out: *mut apisec_buf,
) -> apisec_result {
    query(engine, out, Engine::compliance)
}

/// Tracing and auditing: where `value` (`len` bytes of UTF-8, e.g. a leaked ID or phone
/// number; invalid sequences are replaced by U+FFFD) flowed — APIs, clients, times, counts,
/// overlapping events — as a JSON object into `*out` (free with [`apisec_buf_free`]).
/// `"enabled"` is false while tracing is off everywhere (the default).
/// Read-only: may run concurrently with other read-only calls on the same engine.
#[unsafe(no_mangle)]
pub extern "C" fn apisec_engine_trace(
    engine: *const apisec_engine,
    value: *const u8,
    len: usize,
    out: *mut apisec_buf,
) -> apisec_result {
    guard(|| {
        let e = raw::engine_ref(engine).ok_or_else(|| null("engine"))?;
        let bytes = raw::bytes(value, len, "value")?;
        if out.is_null() {
            return Err(null("out"));
        }
        let json = serde_json::to_vec(&e.inner.trace(&String::from_utf8_lossy(bytes)))
            .map_err(|err| Fail(apisec_result::APISEC_OTHER_ERROR, format!("serialising: {err}")))?;
        raw::write(out, raw::buf_from_vec(json));
        Ok(())
    })
}

/// Turns the compliance check and/or tracing and auditing on for every protected object,
/// on top of the policy's `effective_objects` switches (both off by default). Not kept in a
/// snapshot: set it again after [`apisec_engine_restore`].
/// Mutates the engine: calls on one engine must not overlap.
#[unsafe(no_mangle)]
pub extern "C" fn apisec_engine_set_audit_switches(
    engine: *mut apisec_engine,
    compliance_check: bool,
    tracing_auditing: bool,
) -> apisec_result {
    guard(|| {
        let e = raw::engine_mut(engine).ok_or_else(|| null("engine"))?;
        e.inner.set_audit_switches(apisec_core::compliance::AuditSwitches {
            compliance_check,
            tracing_auditing,
        });
        Ok(())
    })
}

/// Finds sensitive data in one text (`len` bytes of UTF-8; invalid sequences are replaced
/// by U+FFFD first) with the engine's policy. `*out` receives a JSON array of
/// `{"code","name","level","start","end"}` with byte offsets into the text, exactly as
/// `apisec scan` prints them (free with [`apisec_buf_free`]). `text` may be NULL when `len`
/// is 0.
/// Read-only: may run concurrently with other read-only calls on the same engine.
#[unsafe(no_mangle)]
pub extern "C" fn apisec_engine_scan(
    engine: *const apisec_engine,
    text: *const u8,
    len: usize,
    out: *mut apisec_buf,
) -> apisec_result {
    guard(|| {
        let e = raw::engine_ref(engine).ok_or_else(|| null("engine"))?;
        let bytes = raw::bytes(text, len, "text")?;
        if out.is_null() {
            return Err(null("out"));
        }
        let json = serde_json::to_vec(&e.inner.scan_bytes(bytes))
            .map_err(|err| Fail(apisec_result::APISEC_OTHER_ERROR, format!("serialising: {err}")))?;
        raw::write(out, raw::buf_from_vec(json));
        Ok(())
    })
}

/// Frees the bytes of a buffer filled by this library and zeroes it. NULL, a zeroed buffer
/// and a buffer already freed by this function are allowed and do nothing.
/// Thread-safe for distinct buffers.
#[unsafe(no_mangle)]
pub extern "C" fn apisec_buf_free(buf: *mut apisec_buf) {
    let _ = guard(|| {
        raw::free_buf(buf);
        Ok(())
    });
}

/// Copies the message of this thread's last failed call into `buf` (at most `len - 1`
/// bytes, then a NUL; truncated at a UTF-8 character boundary). When `written` is non-NULL
/// it receives the message's full length in bytes (without the NUL), so a call with
/// `buf` NULL and `len` 0 asks how large a buffer is needed. The message is empty when no
/// call on this thread has failed yet.
/// Thread-safe: each thread has its own last error.
#[unsafe(no_mangle)]
pub extern "C" fn apisec_last_error_message(
    buf: *mut c_char,
    len: usize,
    written: *mut usize,
) -> apisec_result {
    let msg = LAST_ERROR.with(|l| l.borrow().clone());
    let code = guard(|| {
        if buf.is_null() && len > 0 {
            return Err(null("buf"));
        }
        if len > 0 {
            let mut n = msg.len().min(len - 1);
            while !msg.is_char_boundary(n) {
                n -= 1;
            }
            raw::copy_c_string(buf, &msg.as_bytes()[..n]);
        }
        raw::write_opt(written, msg.len());
        Ok(())
    });
    if code != apisec_result::APISEC_OK {
        // Keep the caller's previous error readable; this call's own error is its code.
        LAST_ERROR.with(|l| *l.borrow_mut() = msg);
    }
    code
}
