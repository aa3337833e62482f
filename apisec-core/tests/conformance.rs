//! Runs the shared conformance vectors (`tests/conformance/<case>/` at the repository root)
//! through the core and compares with each case's `expected.json`; the Python, Node and C
//! suites compare their own output with the same files. `APISEC_BLESS=1` rewrites every
//! `expected.json` from the current detectors instead (review the diff before committing).

use apisec_core::{Engine, Policy};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/conformance exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

/// Ingests a case the way every binding does and returns the five query results.
fn run(case: &Path) -> Value {
    let policy = match std::fs::read_to_string(case.join("policy.json")) {
        Ok(text) => Policy::from_json(&text).expect("the case's policy is valid"),
        Err(_) => Policy::default(),
    };
    let mut engine = Engine::new(policy).unwrap();
    let input = ["records.jsonl", "records.har"]
        .iter()
        .map(|n| case.join(n))
        .find(|p| p.exists())
        .expect("records.jsonl or records.har");
    engine.ingest_document(&std::fs::read(input).unwrap());
    json!({
        "assets": engine.assets(),
        "risks": engine.risks(),
        "events": engine.events(),
        "overview": engine.overview(),
        "stats": engine.stats(),
    })
}

#[test]
fn every_case_matches_expected_json() {
    let cases = cases();
    assert!(cases.len() >= 4, "conformance cases missing: {cases:?}");
    let bless = std::env::var_os("APISEC_BLESS").is_some();
    let mut failed = Vec::new();
    for case in &cases {
        let got = run(case);
        let path = case.join("expected.json");
        if bless {
            std::fs::write(&path, serde_json::to_string_pretty(&got).unwrap() + "\n").unwrap();
            continue;
        }
        let want: Value = serde_json::from_slice(&std::fs::read(&path).expect("expected.json"))
            .expect("expected.json is JSON");
        if got != want {
            failed.push(case.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    assert!(
        failed.is_empty(),
        "conformance cases differ from expected.json: {failed:?} \
         (after a deliberate change: APISEC_BLESS=1 cargo test -p apisec-core --test conformance)"
    );
}

#[test]
fn rejected_lines_carry_their_line_numbers() {
    let case = cases().into_iter().find(|c| c.ends_with("rejects")).unwrap();
    let stats = &run(&case)["stats"];
    let lines: Vec<u64> =
        stats["rejects"].as_array().unwrap().iter().map(|r| r["line"].as_u64().unwrap()).collect();
    // Line 6 is blank: skipped, not rejected; line 11 has an unknown field: accepted.
    assert_eq!(lines, vec![2, 3, 4, 5, 7, 8, 9, 10]);
    assert_eq!(stats["accepted"], 2);
}
