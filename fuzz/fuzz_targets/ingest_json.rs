//! Fuzzes `Engine::ingest_json` on one long-lived engine (built once per process): no input
//! may panic, and a rejected record must leave the inventory as it was.
#![no_main]

use apisec_core::{Engine, Policy};
use libfuzzer_sys::fuzz_target;
use std::cell::RefCell;

thread_local! {
    static ENGINE: RefCell<Engine> = RefCell::new(Engine::new(Policy::default()).unwrap());
}

fuzz_target!(|data: &[u8]| {
    ENGINE.with(|e| {
        let mut e = e.borrow_mut();
        let before = e.assets().len();
        if e.ingest_json(data).is_err() {
            assert_eq!(e.assets().len(), before, "a rejected record changed the inventory");
        }
        let _ = e.report();
    });
});
