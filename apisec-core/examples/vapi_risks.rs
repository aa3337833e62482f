//! Prints the risks apisec raises on the vAPI capture (`../shared/datasets/vapi/`), per API
//! with their evidence. Reads the file only if it is present; otherwise says so and exits.
//!
//! `cargo run -p apisec-core --example vapi_risks [PATH]`

use apisec_core::{Engine, Policy};
use std::collections::BTreeMap;

fn main() {
    let path =
        std::env::args().nth(1).unwrap_or_else(|| "/work/shared/datasets/vapi/records.jsonl".to_owned());
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("{path} not found; nothing to do");
        return;
    };
    let mut engine = Engine::new(Policy::default()).expect("default policy");
    let mut rejected = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if engine.ingest_json(line.as_bytes()).is_err() {
            rejected += 1;
        }
    }
    let risks = engine.risks();
    let assets = engine.assets();
    println!(
        "records {}  rejected {rejected}  apis {}  risks {}",
        engine.stats().records,
        assets.len(),
        risks.len()
    );
    let mut per_api: BTreeMap<(String, String), Vec<&apisec_core::Risk>> = BTreeMap::new();
    for r in &risks {
        per_api.entry((r.api_format.clone(), r.request_method.clone())).or_default().push(r);
    }
    let mut per_tag: BTreeMap<&str, usize> = BTreeMap::new();
    for ((api, method), rs) in &per_api {
        println!("\n{method} {api}  {:?}", rs[0].api_tag);
        for r in rs {
            *per_tag.entry(&r.abnormal_tag).or_default() += 1;
            println!("  {:<28} {:<6} {}", r.abnormal_tag, r.abnormal_level.as_str(), r.abnormal_info);
        }
    }
    println!("\nby type:");
    for (t, n) in per_tag {
        println!("  {t:<28} {n}");
    }
}
