//! Fuzzes the HAR reader and document ingest: no input may panic.
#![no_main]

use apisec_core::{Engine, Policy, har};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = har::looks_like_har(data);
    if let Ok(records) = har::read_har(data) {
        let mut e = Engine::new(Policy::default()).unwrap();
        let n = records.len() as u64;
        let sum = e.ingest_har(data).expect("read_har accepted it once");
        assert_eq!(sum.accepted + sum.rejected, n);
    }
});
