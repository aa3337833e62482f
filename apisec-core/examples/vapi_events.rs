//! Which events apisec raises on the vAPI capture, per client address.
//!
//! Input: `records.jsonl` of the vAPI data set (first argument, default
//! `../shared/datasets/vapi/records.jsonl` relative to the workspace; nothing is read if it
//! is absent). Output: per client IP, each event tag with its event count and attack count,
//! then a line per event. Run: `cargo run --release -p apisec-core --example vapi_events`.

use apisec_core::{Engine, Policy};
use std::collections::BTreeMap;
use std::io::BufRead;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "/work/shared/datasets/vapi/records.jsonl".into());
    let Ok(file) = std::fs::File::open(&path) else {
        eprintln!("{path}: not found; nothing to do");
        return;
    };
    let mut engine = Engine::new(Policy::default()).expect("default policy");
    let mut n = 0u64;
    for line in std::io::BufReader::new(file).lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        n += 1;
        let _ = engine.ingest_json(line.as_bytes());
    }
    let events = engine.events();
    println!("{n} records, {} events", events.len());
    let mut by_ip: BTreeMap<String, BTreeMap<String, (u64, u64)>> = BTreeMap::new();
    for e in &events {
        for ip in &e.attack_ip_info {
            let v = by_ip.entry(ip.ip.clone()).or_default().entry(e.event_tag.clone()).or_default();
            v.0 += 1;
            v.1 += ip.cnt;
        }
    }
    for (ip, tags) in &by_ip {
        println!("{ip}");
        for (tag, (events, cnt)) in tags {
            println!("    {tag:<40} events {events:>3}  requests {cnt:>5}");
        }
    }
    println!();
    for e in &events {
        println!(
            "{} {} {} {} level={} cnt={} {}..{} info={}",
            e.event_tag,
            e.request_method,
            e.api_format,
            e.account.as_deref().unwrap_or("-"),
            e.event_level,
            e.attack_cnt,
            e.start_ts,
            e.end_ts,
            e.event_info
        );
    }
}
