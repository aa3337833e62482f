//! Runs the shared conformance vectors (`tests/conformance/<case>/` at the repository root)
//! through the core and compares with each case's `expected.json`; the Python, Node and C
//! suites compare their own output with the same files. Each case's JSON holds the five
//! queries, the OpenAPI export, the compliance report, and — when the case has them — the
//! scan of each line of `texts.txt` and the trace of each line of `traces.txt`. `APISEC_BLESS=1` rewrites every
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
    let mut out = json!({
        "assets": engine.assets(),
        "risks": engine.risks(),
        "events": engine.events(),
        "overview": engine.overview(),
        "stats": engine.stats(),
        "openapi": engine.openapi(),
        "compliance": engine.compliance(),
    });
    if let Ok(texts) = std::fs::read(case.join("texts.txt")) {
        out["scan"] = texts_of(&texts).map(|t| json!(engine.scan_bytes(t))).collect();
    }
    if let Ok(values) = std::fs::read(case.join("traces.txt")) {
        out["trace"] = texts_of(&values).map(|v| json!(engine.trace(&String::from_utf8_lossy(v)))).collect();
    }
    out
}

/// The texts of `texts.txt`: one per `\n`-terminated line (a missing final newline is
/// allowed; no `\r` handling — the files use `\n` only).
fn texts_of(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    body.split(|&b| b == b'\n').filter(move |_| !bytes.is_empty())
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

#[test]
fn the_richer_cases_exercise_risks_events_and_sensitive_data() {
    let by_name =
        |n: &str| cases().into_iter().find(|c| c.ends_with(n)).unwrap_or_else(|| panic!("case {n}"));
    let attacks = run(&by_name("attacks"));
    let tags = |v: &Value, k: &str, f: &str| -> Vec<String> {
        v[k].as_array().unwrap().iter().map(|x| x[f].as_str().unwrap().to_owned()).collect()
    };
    let risk_tags = tags(&attacks, "risks", "abnormal_tag");
    let event_tags = tags(&attacks, "events", "event_tag");
    // The cut holds a login brute force, SQL error leaks and unauthenticated bulk ID numbers.
    for want in ["Risk_WeakPasswd", "Risk_ExceptionSql", "Risk_UnauthSensitive"] {
        assert!(risk_tags.iter().any(|t| t == want), "attacks: no {want} in {risk_tags:?}");
    }
    for want in ["Event_LoginPasswdBruteForce", "Event_ExceptionSql", "Event_ObtainSensitiveUnauthorized"] {
        assert!(event_tags.iter().any(|t| t == want), "attacks: no {want} in {event_tags:?}");
    }

    let sensitive = run(&by_name("sensitive"));
    let scans = sensitive["scan"].as_array().unwrap();
    let codes: Vec<&str> =
        scans.iter().flat_map(|l| l.as_array().unwrap()).map(|f| f["code"].as_str().unwrap()).collect();
    for want in ["1000", "1004", "9000"] {
        assert!(codes.contains(&want), "sensitive: scan misses {want}: {codes:?}");
    }
    let resp: Vec<&str> = sensitive["assets"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["api_sensitive_res"].as_array().unwrap())
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(resp.contains(&"1000") && resp.contains(&"9000"), "{resp:?}");
    // The policy turns the compliance check and tracing on for the case's host.
    assert_eq!(sensitive["compliance"]["enabled"], true);
    assert!(
        sensitive["compliance"]["cross_border_flows"].as_u64().unwrap() > 0,
        "{}",
        sensitive["compliance"]
    );
    let traces = sensitive["trace"].as_array().unwrap();
    let found: Vec<bool> = traces.iter().map(|t| t["found"].as_bool().unwrap()).collect();
    assert_eq!(found, [true, true, true, false], "ID number, phone, card found; unknown not");
    // De-identification is on: no full ID number survives in any sample.
    let text = sensitive.to_string();
    let scan_start = text.find("\"scan\"").unwrap_or(text.len());
    assert!(!text[..scan_start].contains("11010519880512123X"), "an ID number leaked into a sample");
}
