//! Measures the compliance check and tracing and auditing: cost on real-shaped traffic,
//! memory under a flood, and the person counter's accuracy.
//!
//! Input: a JSONL traffic file (first argument, default `examples/data/demo.jsonl`) and
//! optionally a value to trace (second argument). Output on stdout: ingest time with the
//! audit features off and on (release build: run it with `--release`), the compliance
//! report, the trace index's size, the trace of the value, the index under a flood of a
//! million distinct values, and the counter's error at 10^4..10^6 persons over 20 seeds.
//!
//! ```text
//! cargo run --release -p apisec-core --example audit_eval [-- FILE [VALUE]]
//! ```

use apisec_core::compliance::{AuditSwitches, Direction, FlowInput, PersonCounter};
use apisec_core::trace::{TraceIndex, TraceLimits};
use apisec_core::{Engine, Policy};
use std::time::Instant;

fn ingest(data: &[u8], sw: AuditSwitches, rounds: usize) -> (Engine, f64) {
    let mut best = f64::MAX;
    let mut last = None;
    for _ in 0..rounds {
        let mut e = Engine::new(Policy::default()).expect("default policy");
        e.set_audit_switches(sw);
        let t = Instant::now();
        for line in data.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            let _ = e.ingest_json(line);
        }
        best = best.min(t.elapsed().as_secs_f64());
        last = Some(e);
    }
    (last.expect("at least one round"), best)
}

fn splitmix(seed: u64, i: u64) -> u64 {
    let mut z = seed.wrapping_add((i + 1).wrapping_mul(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
    z ^ (z >> 31)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "examples/data/demo.jsonl".into());
    let value = args.next();
    match std::fs::read(&path) {
        Err(e) => println!("(no traffic file {path}: {e}; skipping the traffic part)"),
        Ok(data) => {
            let records = data.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count();
            let (_, off) = ingest(&data, AuditSwitches::default(), 5);
            let (e, on) = ingest(&data, AuditSwitches::ALL, 5);
            let mb = data.len() as f64 / 1e6;
            println!("traffic: {path}: {records} records, {mb:.1} MB");
            println!("  ingest, audit off: {:.3} s ({:.1} MB/s)", off, mb / off);
            println!(
                "  ingest, audit on:  {:.3} s ({:.1} MB/s), +{:.1}%",
                on,
                mb / on,
                (on / off - 1.0) * 100.0
            );
            let c = e.compliance();
            println!("  compliance: {}", serde_json::to_string_pretty(&c).unwrap_or_default());
            let ix = &e.state().trace;
            println!("  trace index: {} values, {} evicted", ix.len(), ix.evicted());
            if let Some(v) = value {
                println!("  trace {v}: {}", serde_json::to_string_pretty(&e.trace(&v)).unwrap_or_default());
            }
        }
    }

    // A flood of distinct values into the default-sized index.
    let mut ix = TraceIndex::new(TraceLimits::default());
    let t = Instant::now();
    let n = 1_000_000u64;
    for i in 0..n {
        let v = format!("13{:09}", i);
        let ip = format!("10.{}.{}.{}", i >> 16 & 255, i >> 8 & 255, i & 255);
        let values = [(1004u16, v.as_str())];
        ix.observe(&FlowInput {
            ts: 1.7e9 + i as f64,
            host: "api.example.com",
            api_id: "0123456789abcdef0123456789abcdef",
            client_ip: &ip,
            country: Some("US"),
            account: None,
            direction: Direction::Response,
            values: &values,
        });
    }
    let secs = t.elapsed().as_secs_f64();
    let snap = serde_json::to_vec(&ix).map(|v| v.len()).unwrap_or(0);
    println!(
        "trace flood: {n} distinct values in {secs:.2} s ({:.0} k values/s); kept {}, evicted {}, snapshot {:.1} MB",
        n as f64 / secs / 1e3,
        ix.len(),
        ix.evicted(),
        snap as f64 / 1e6
    );

    // Counter accuracy: mean and worst relative error over 20 seeds.
    for p in [12u8, 14] {
        let sigma = PersonCounter::new(p, 0).relative_error();
        for target in [10_000u64, 100_000, 1_000_000] {
            let (mut sum, mut worst) = (0.0f64, 0.0f64);
            for seed in 0..20u64 {
                let mut c = PersonCounter::new(p, 0);
                (0..target).for_each(|i| c.add(splitmix(seed * 7919 + 1, i)));
                let rel = (c.count() as f64 - target as f64) / target as f64;
                sum += rel.abs();
                worst = worst.max(rel.abs());
            }
            println!(
                "person counter p={p} (σ={:.2}%): n={target}: mean |error| {:.2}%, worst {:.2}% over 20 seeds",
                sigma * 100.0,
                sum / 20.0 * 100.0,
                worst * 100.0
            );
        }
    }
}
