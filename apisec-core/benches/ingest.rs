//! Ingest throughput on generated traffic (`apisec-traffic-gen`), next to the physical
//! limit of merely parsing the same bytes as JSON.
//!
//! Input: ~32 MB of JSONL generated in memory with a fixed seed. Output (criterion, with
//! `Throughput::Bytes`): MB/s for (a) `serde_json::from_slice::<Value>` per line — the
//! parse-only floor, (b) `Record::from_json` per line — parsing and validating into the
//! borrowed record, and (c) `Engine::ingest_json` per line into a fresh engine — the whole
//! pipeline. Records/s = MB/s × records per MB, printed at start-up.
//!
//! Run: `cargo bench -p apisec-core --bench ingest` (set `APISEC_BENCH_MB` to change the
//! size).

use std::hint::black_box;
use std::time::Duration;

use apisec_core::{Engine, Policy, Record};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

fn traffic() -> (Vec<u8>, Vec<(usize, usize)>) {
    let mb: usize = std::env::var("APISEC_BENCH_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(32);
    let data = apisec_traffic_gen::generate_bytes(1, mb << 20);
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, b) in data.iter().enumerate() {
        if *b == b'\n' {
            lines.push((start, i));
            start = i + 1;
        }
    }
    eprintln!(
        "ingest bench: {} records, {:.1} MB, {:.0} bytes/record, {:.0} records per MB",
        lines.len(),
        data.len() as f64 / 1e6,
        data.len() as f64 / lines.len() as f64,
        lines.len() as f64 / (data.len() as f64 / 1e6)
    );
    (data, lines)
}

fn ingest(c: &mut Criterion) {
    let (data, lines) = traffic();
    let mut g = c.benchmark_group("ingest");
    g.throughput(Throughput::Bytes(data.len() as u64));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));

    g.bench_function("serde_json_value_parse_only", |b| {
        b.iter(|| {
            for &(s, e) in &lines {
                let v: serde_json::Value =
                    serde_json::from_slice(&data[s..e]).expect("generated JSON is valid");
                black_box(v);
            }
        })
    });

    g.bench_function("record_from_json", |b| {
        b.iter(|| {
            for &(s, e) in &lines {
                let r = Record::from_json(&data[s..e]).expect("generated records are valid");
                black_box(r);
            }
        })
    });

    g.bench_function("engine_ingest_json", |b| {
        b.iter_batched(
            || Engine::new(Policy::default()).expect("default policy compiles"),
            |mut engine| {
                for &(s, e) in &lines {
                    engine.ingest_json(&data[s..e]).expect("generated records are accepted");
                }
                engine
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
