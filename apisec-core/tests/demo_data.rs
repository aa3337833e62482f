//! The committed demo traffic (`examples/data/demo.jsonl`, written by
//! `apisec-traffic-gen`) must be valid input: every line parses as a record and the engine
//! takes all of it without a rejection.

use apisec_core::{Engine, Policy, Record};

fn demo() -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/data/demo.jsonl"))
        .expect("examples/data/demo.jsonl is committed")
}

#[test]
fn every_demo_line_is_a_valid_record() {
    let data = demo();
    let mut n = 0;
    let mut last_ts = f64::MIN;
    for (i, line) in data.split(|b| *b == b'\n').filter(|l| !l.is_empty()).enumerate() {
        let rec = Record::from_json(line).unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
        assert!(rec.ts >= last_ts, "line {}: ts goes backwards", i + 1);
        last_ts = rec.ts;
        n += 1;
    }
    assert_eq!(n, 5500);
}

#[test]
fn engine_ingests_the_whole_demo_without_rejections() {
    let data = demo();
    let mut engine = Engine::new(Policy::default()).unwrap();
    for line in data.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
        engine.ingest_json(line).unwrap();
    }
    assert_eq!(engine.stats().records, 5500);
    assert_eq!(engine.stats().rejected, 0);
    // Four hosts, a few dozen API shapes: the inventory cannot be tiny.
    assert!(engine.assets().len() >= 20, "{}", engine.assets().len());
}
