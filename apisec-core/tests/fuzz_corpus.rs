//! Replays the committed fuzz seed corpus (`fuzz/corpus/`) through the same checks as the
//! fuzz targets, so a plain `cargo test` catches a regression on any saved input.

use apisec_core::{Engine, Policy, har};
use std::path::Path;

fn inputs(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus").join(target);
    let mut files: Vec<_> =
        std::fs::read_dir(&dir).expect("seed corpus exists").map(|e| e.unwrap().path()).collect();
    files.sort();
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

#[test]
fn ingest_json_corpus() {
    let corpus = inputs("ingest_json");
    assert!(corpus.len() >= 20, "seed corpus too small");
    let mut e = Engine::new(Policy::default()).unwrap();
    let mut accepted = 0;
    for data in &corpus {
        let before = e.assets().len();
        match e.ingest_json(data) {
            Ok(()) => accepted += 1,
            Err(_) => assert_eq!(e.assets().len(), before, "a rejected record changed the inventory"),
        }
        let _ = e.report();
    }
    assert_eq!(e.stats().records, corpus.len() as u64);
    assert!(accepted > 0 && accepted < corpus.len(), "corpus should hold both good and bad records");
}

#[test]
fn har_corpus() {
    let corpus = inputs("har");
    assert!(corpus.len() >= 4, "seed corpus too small");
    let mut readable = 0;
    for data in &corpus {
        let _ = har::looks_like_har(data);
        if let Ok(records) = har::read_har(data) {
            readable += 1;
            let mut e = Engine::new(Policy::default()).unwrap();
            let sum = e.ingest_har(data).unwrap();
            assert_eq!(sum.accepted + sum.rejected, records.len() as u64);
        }
    }
    assert!(readable > 0);
}
