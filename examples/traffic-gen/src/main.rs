//! `apisec-traffic-gen --seed 7 --records 20000 --out FILE [--days 3] [--start TS]`
//!
//! Writes deterministic demo traffic as JSONL (see the library docs). `--out -` or no
//! `--out` writes to standard output. `--start` takes unix seconds or
//! `YYYY-MM-DDTHH:MM:SSZ`.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use apisec_traffic_gen::{Config, parse_start, write_jsonl};

const USAGE: &str = "usage: apisec-traffic-gen [--seed N] [--records N] [--days N] [--start TS] [--out FILE]";

fn main() -> ExitCode {
    let mut cfg = Config::default();
    let mut out: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "-h" || a == "--help" {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        let Some(v) = args.next() else {
            eprintln!("{a}: missing value\n{USAGE}");
            return ExitCode::from(2);
        };
        let ok = match a.as_str() {
            "--seed" => v.parse().map(|n| cfg.seed = n).is_ok(),
            "--records" => v.parse().map(|n| cfg.records = n).is_ok(),
            "--days" => v.parse().map(|n: u64| cfg.days = n).is_ok() && (1..=3650).contains(&cfg.days),
            "--start" => parse_start(&v).map(|t| cfg.start = t).is_some(),
            "--out" => {
                out = Some(v.clone());
                true
            }
            _ => {
                eprintln!("unknown option {a}\n{USAGE}");
                return ExitCode::from(2);
            }
        };
        if !ok {
            eprintln!("{a}: invalid value {v:?}\n{USAGE}");
            return ExitCode::from(2);
        }
    }
    let result = match out.as_deref() {
        None | Some("-") => {
            let stdout = std::io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            write_jsonl(&cfg, &mut w).and_then(|n| w.flush().map(|_| n))
        }
        Some(path) => std::fs::File::create(path).and_then(|f| {
            let mut w = BufWriter::new(f);
            write_jsonl(&cfg, &mut w).and_then(|n| w.flush().map(|_| n))
        }),
    };
    match result {
        Ok(n) => {
            eprintln!("wrote {n} records");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
