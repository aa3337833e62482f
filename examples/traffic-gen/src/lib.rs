//! # apisec-traffic-gen
//!
//! A deterministic generator of realistic HTTP API traffic in the record format of
//! apisec's DESIGN.md §2 (one JSON object per line), for demos, detector tests and
//! benchmarks.
//!
//! Input: a [`Config`] (seed, number of records, days, start time). Output: JSONL lines in
//! `ts` order — four hosts and a few dozen APIs used by shoppers, staff and partners with a
//! daily rhythm ([`benign`]), plus one burst per day of each attack in [`attacks::PLAN`].
//! The same config gives the same bytes on every machine: all randomness comes from a
//! seeded ChaCha8 stream ([`rng`]), time comes from the config (never the clock), JSON is
//! written with a fixed key order ([`json`]), and no hash map is iterated.
//!
//! ```
//! use apisec_traffic_gen::{Config, Generator};
//! let cfg = Config { records: 50, days: 1, ..Config::default() };
//! let lines: Vec<String> = Generator::new(&cfg).collect();
//! assert_eq!(lines.len(), 50);
//! assert_eq!(lines, Generator::new(&cfg).collect::<Vec<_>>());
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod json;
pub mod rec;
pub mod rng;

pub mod attacks;
pub mod benign;
pub mod pii;
pub mod world;

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::{self, Write};

use attacks::Attack;
use benign::Benign;
use rec::Rec;
use world::World;

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Seed of every random choice.
    pub seed: u64,
    /// Number of records to write (attacks first claim their share, ordinary traffic fills
    /// the rest; a budget smaller than the attacks' cuts the run short at that count).
    pub records: u64,
    /// Days of traffic (each day has one burst of every attack).
    pub days: u64,
    /// Start of the first day, unix seconds (UTC).
    pub start: u64,
}

/// 2026-03-02T00:00:00Z.
pub const DEFAULT_START: u64 = 1_772_409_600;

impl Default for Config {
    fn default() -> Config {
        Config { seed: 7, records: 20_000, days: 3, start: DEFAULT_START }
    }
}

enum Source {
    Benign(Benign),
    Attack(Attack),
}

impl Source {
    fn next(&mut self, world: &World) -> Option<Rec> {
        match self {
            Source::Benign(b) => b.next(world),
            Source::Attack(a) => a.next(world),
        }
    }
}

/// An iterator over the generated lines (without newlines), in `ts` order.
pub struct Generator {
    world: World,
    sources: Vec<Source>,
    pending: Vec<Option<Rec>>,
    heap: BinaryHeap<Reverse<(u64, usize)>>,
    left: u64,
}

impl Generator {
    /// Sets up every traffic source for `cfg`.
    pub fn new(cfg: &Config) -> Generator {
        let days = cfg.days.max(1);
        let start_ms = cfg.start.saturating_mul(1000);
        let world = World::new(cfg.seed, start_ms);
        let attack_total = attacks::requests_per_day() * days;
        let mut sources = vec![Source::Benign(Benign::new(
            cfg.seed,
            start_ms,
            days,
            cfg.records.saturating_sub(attack_total),
        ))];
        for day in 0..days {
            for (i, plan) in attacks::PLAN.iter().enumerate() {
                sources.push(Source::Attack(Attack::new(cfg.seed, i, day, start_ms, *plan)));
            }
        }
        let mut g =
            Generator { world, pending: Vec::new(), heap: BinaryHeap::new(), sources, left: cfg.records };
        for idx in 0..g.sources.len() {
            let rec = g.sources[idx].next(&g.world);
            if let Some(r) = &rec {
                g.heap.push(Reverse((r.ts_ms, idx)));
            }
            g.pending.push(rec);
        }
        g
    }

    /// The next record (structured), in `ts` order.
    pub fn next_record(&mut self) -> Option<Rec> {
        if self.left == 0 {
            return None;
        }
        let Reverse((_, idx)) = self.heap.pop()?;
        let rec = self.pending[idx].take()?;
        let next = self.sources[idx].next(&self.world);
        if let Some(r) = &next {
            self.heap.push(Reverse((r.ts_ms, idx)));
        }
        self.pending[idx] = next;
        self.left -= 1;
        Some(rec)
    }
}

impl Iterator for Generator {
    type Item = String;
    fn next(&mut self) -> Option<String> {
        self.next_record().map(|r| r.to_line())
    }
}

/// Writes the traffic of `cfg` as JSONL to `out`; returns the number of records written.
pub fn write_jsonl(cfg: &Config, out: &mut impl Write) -> io::Result<u64> {
    let mut n = 0;
    for line in Generator::new(cfg) {
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
        n += 1;
    }
    Ok(n)
}

/// Generates at least `bytes` bytes of JSONL in memory (whole lines), for benchmarks.
pub fn generate_bytes(seed: u64, bytes: usize) -> Vec<u8> {
    let cfg = Config { seed, records: u64::MAX, days: 30, start: DEFAULT_START };
    let mut out = Vec::with_capacity(bytes + 4096);
    for line in Generator::new(&Config { records: (bytes as u64 / 300).max(1) * 2, ..cfg }) {
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
        if out.len() >= bytes {
            break;
        }
    }
    out
}

/// Parses a start time: unix seconds, or RFC 3339 UTC `YYYY-MM-DDTHH:MM:SSZ`.
pub fn parse_start(s: &str) -> Option<u64> {
    if let Ok(n) = s.parse::<u64>() {
        return Some(n);
    }
    let b = s.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't')
        || b[13] != b':'
        || b[16] != b':'
        || !matches!(b[19], b'Z' | b'z')
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u64>().ok());
    let (y, mo, d, h, mi, se) =
        (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1970..=9999).contains(&y)
        || !(1..=12).contains(&mo)
        || !(1..=31).contains(&d)
        || h > 23
        || mi > 59
        || se > 59
    {
        return None;
    }
    let t = rec::unix_of(y as i64, mo, d, h, mi, se);
    let (cy, cm, cd, ..) = rec::civil(t as u64);
    ((cy, cm, cd) == (y, mo, d)).then_some(t as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_parsing() {
        assert_eq!(parse_start("2026-03-02T00:00:00Z"), Some(DEFAULT_START));
        assert_eq!(parse_start("1772409600"), Some(DEFAULT_START));
        assert_eq!(parse_start("2026-02-30T00:00:00Z"), None);
        assert_eq!(parse_start("yesterday"), None);
    }

    #[test]
    fn output_is_sorted_by_ts_and_sized_as_asked() {
        let cfg = Config { records: 3000, days: 1, ..Config::default() };
        let mut g = Generator::new(&cfg);
        let mut last = 0;
        let mut n = 0;
        while let Some(r) = g.next_record() {
            assert!(r.ts_ms >= last);
            assert!(r.ts_ms >= DEFAULT_START * 1000 && r.ts_ms < (DEFAULT_START + 86_400) * 1000);
            last = r.ts_ms;
            n += 1;
        }
        assert_eq!(n, 3000);
    }

    #[test]
    fn different_seeds_differ() {
        let a: Vec<String> =
            Generator::new(&Config { seed: 1, records: 20, days: 1, ..Config::default() }).collect();
        let b: Vec<String> =
            Generator::new(&Config { seed: 2, records: 20, days: 1, ..Config::default() }).collect();
        assert_ne!(a, b);
    }

    #[test]
    fn generate_bytes_reaches_the_size() {
        let v = generate_bytes(3, 200_000);
        assert!(v.len() >= 200_000);
        assert_eq!(v.last(), Some(&b'\n'));
    }
}
