//! Memory and speed of the event detectors under many unique client addresses.
//!
//! Streams 1,000,000 distinct client IPs of one request each — the worst kind for state: a
//! failed login with its own username, a 5xx answer and an integer id in the path, so every
//! record opens windows in several tables — then 1,000,000 records of steady traffic from
//! 5,000 clients. Prints the keys tracked, peak RSS (`VmHWM` of /proc/self/status), the
//! bytes per tracked key over the RSS before the run, and records per second.
//! Run: `cargo run --release -p apisec-core --example event_memory [UNIQUE] [STEADY]`.

use apisec_core::events::{EventEngine, EventInput, LoginAttempt};
use apisec_core::facts::login::LoginOutcome;
use std::net::{IpAddr, Ipv4Addr};
use std::time::Instant;

fn status_kb(field: &str) -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let unique: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let steady: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let apis: Vec<String> = (0..50).map(|i| format!("api-{i}")).collect();
    let paths: Vec<String> = (0..1000).map(|i| format!("/api/items/{i}")).collect();
    let users: Vec<String> = (0..1000).map(|i| format!("user{i}")).collect();
    let mut eng = EventEngine::default();
    let mut out = Vec::new();
    let rss0 = status_kb("VmRSS:");
    let t0 = 1_700_000_000.0;
    let start = Instant::now();
    let mut hits = 0usize;
    for i in 0..unique {
        let ip = IpAddr::V4(Ipv4Addr::from(0x0b00_0000u32 + i));
        let api = &apis[(i % 50) as usize];
        let mut inp = EventInput::new(t0 + i as f64 * 0.001, ip, api, "h", api, "POST");
        inp.path = &paths[(i % 1000) as usize];
        inp.status = Some(503);
        inp.login = Some(LoginAttempt {
            username: Some(&users[(i % 1000) as usize]),
            password: Some("pw"),
            outcome: LoginOutcome::Failure,
        });
        eng.observe(&inp, &mut out);
        hits += out.len();
        out.clear();
    }
    let t_unique = start.elapsed().as_secs_f64();
    let keys_peak = eng.tracked_keys();
    let hwm_after_unique = status_kb("VmHWM:");
    let start2 = Instant::now();
    let t1 = t0 + unique as f64 * 0.001;
    for i in 0..steady {
        let ip = IpAddr::V4(Ipv4Addr::new(10, 1, (i % 5000 / 250) as u8, (i % 250) as u8));
        let api = &apis[(i % 50) as usize];
        let mut inp = EventInput::new(t1 + i as f64 * 0.01, ip, api, "h", api, "GET");
        inp.path = &paths[(i % 997) as usize];
        inp.status = Some(200);
        eng.observe(&inp, &mut out);
        hits += out.len();
        out.clear();
    }
    let t_steady = start2.elapsed().as_secs_f64();
    let hwm = status_kb("VmHWM:");
    let rss_end = status_kb("VmRSS:");
    let grown = hwm_after_unique.saturating_sub(rss0) * 1024;
    println!("unique phase: {unique} distinct IPs, {:.0} records/s", unique as f64 / t_unique);
    println!("steady phase: {steady} records from 5000 clients, {:.0} records/s", steady as f64 / t_steady);
    println!("keys tracked at end of unique phase: {keys_peak}; now: {}", eng.tracked_keys());
    println!("RSS before: {} KiB; peak RSS (VmHWM): {} KiB", rss0, hwm);
    println!("bytes per tracked key (peak RSS growth / keys): {:.1}", grown as f64 / keys_peak.max(1) as f64);
    println!(
        "RSS at end: {rss_end} KiB; bytes per tracked key now: {:.1}",
        (rss_end.saturating_sub(rss0) * 1024) as f64 / eng.tracked_keys().max(1) as f64
    );
    println!("hits: {hits}");
}
