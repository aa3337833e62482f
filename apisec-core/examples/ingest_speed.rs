//! Whole-engine ingest speed on generated traffic, in one run and without criterion, so it
//! can be profiled (`perf record`, callgrind) and compared quickly.
//!
//! Generates `MB` megabytes (default 16) of JSONL with `apisec-traffic-gen` (seed 1), then
//! times (a) `serde_json::Value` parsing of every line — the parse-only floor — and (b)
//! `Engine::ingest_json` of every line into a fresh engine. Prints MB/s and records/s of
//! each, and the number of assets, risks and events found (a cheap check that a faster
//! run still finds the same things).
//! Run: `cargo run --release -p apisec-core --example ingest_speed [MB] [parse|engine|both]`.

use apisec_core::{Engine, Policy};
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let mb: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(16);
    let what = args.next().unwrap_or_else(|| "both".into());
    let data = apisec_traffic_gen::generate_bytes(1, mb << 20);
    let lines: Vec<&[u8]> = data.split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect();
    let size = data.len() as f64 / 1e6;
    println!("{} records, {:.1} MB", lines.len(), size);
    if what != "engine" {
        let t = Instant::now();
        for l in &lines {
            let v: serde_json::Value = serde_json::from_slice(l).expect("generated JSON is valid");
            black_box(v);
        }
        let s = t.elapsed().as_secs_f64();
        println!("serde_json parse only: {:.1} MB/s, {:.0} records/s", size / s, lines.len() as f64 / s);
    }
    if what != "parse" {
        let mut engine = Engine::new(Policy::default()).expect("default policy compiles");
        let t = Instant::now();
        for l in &lines {
            engine.ingest_json(l).expect("generated records are accepted");
        }
        let s = t.elapsed().as_secs_f64();
        println!("engine ingest: {:.1} MB/s, {:.0} records/s", size / s, lines.len() as f64 / s);
        let r = engine.report();
        println!("assets {}, risks {}, events {}", r.assets.len(), r.risks.len(), r.events.len());
    }
}
