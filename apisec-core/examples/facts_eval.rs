//! Measures the `facts` detectors against the labelled data sets in `shared/datasets`.
//!
//! Input: the data-set folder (first argument, default `/work/shared/datasets`). Output: a
//! precision / recall table per detector on stdout. It exits quietly with a note when the
//! folder is absent, so the repository never depends on it.
//!
//! ```text
//! cargo run --release -p apisec-core --example facts_eval [-- DATASETS_DIR]
//! ```

use apisec_core::catalog::Location;
use apisec_core::facts::{leaks, login, payload};
use apisec_core::params::{extract, parse_urlencoded};
use apisec_core::record::Record;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

#[derive(Default)]
struct Confusion {
    tp: u64,
    fp: u64,
    fn_: u64,
    tn: u64,
}

impl Confusion {
    fn add(&mut self, truth: bool, pred: bool) {
        match (truth, pred) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }
    fn line(&self, name: &str) -> String {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        format!(
            "{name:<34} precision {:6.2}%  recall {:6.2}%  (tp {} fp {} fn {} tn {})",
            p * 100.0,
            r * 100.0,
            self.tp,
            self.fp,
            self.fn_,
            self.tn
        )
    }
}

/// Splits one CSV line with `"`-quoted fields (`""` escapes a quote).
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn httpparams(dir: &Path, verbose: bool) {
    let Ok(text) = std::fs::read_to_string(dir.join("attacks/httpparams/payload_full.csv")) else {
        println!("httpparams: not found, skipped");
        return;
    };
    let mut per: BTreeMap<&str, Confusion> = BTreeMap::new();
    let mut any = Confusion::default();
    let mut exact = 0u64;
    let mut n = 0u64;
    let mut misses: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let start = Instant::now();
    // Values may span lines inside quotes: join until the quote count is even.
    let mut buf = String::new();
    for line in text.lines().skip(1) {
        if !buf.is_empty() {
            buf.push('\n');
        }
        buf.push_str(line);
        if buf.matches('"').count() % 2 == 1 {
            continue;
        }
        let f = csv_fields(&buf);
        buf.clear();
        if f.len() < 4 {
            continue;
        }
        let (value, label) = (&f[0], f[2].as_str());
        let got = payload::attack(value);
        n += 1;
        for fam in ["sqli", "xss", "path-traversal", "cmdi"] {
            per.entry(fam).or_default().add(label == fam, got.map(|a| a.as_str()) == Some(fam));
        }
        any.add(label != "norm", got.is_some());
        if got.map(|a| a.as_str()).unwrap_or("norm") == label {
            exact += 1;
        } else if verbose {
            let key = format!("{label} -> {}", got.map(|a| a.as_str()).unwrap_or("norm"));
            let v = misses.entry(key).or_default();
            if v.len() < 15 {
                v.push(value.chars().take(100).collect());
            }
        }
    }
    let el = start.elapsed();
    println!("== httpparams payload_full.csv: {n} values, {:.1} µs/value", el.as_secs_f64() * 1e6 / n as f64);
    for (fam, c) in &per {
        println!("{}", c.line(&format!("payload::attack = {fam}")));
    }
    println!("{}", any.line("payload::attack any (anom vs norm)"));
    println!("exact family agreement: {:.2}%", exact as f64 * 100.0 / n as f64);
    for (k, v) in misses {
        println!("  miss {k}: {v:?}");
    }
}

fn crs(dir: &Path, verbose: bool) {
    let Ok(text) = std::fs::read_to_string(dir.join("attacks/crs/crs_tests.jsonl")) else {
        println!("crs: not found, skipped");
        return;
    };
    let fams = [
        ("REQUEST-942-APPLICATION-ATTACK-SQLI", "sqli"),
        ("REQUEST-941-APPLICATION-ATTACK-XSS", "xss"),
        ("REQUEST-930-APPLICATION-ATTACK-LFI", "path-traversal"),
        ("REQUEST-932-APPLICATION-ATTACK-RCE", "cmdi"),
    ];
    let mut per: BTreeMap<&str, Confusion> = BTreeMap::new();
    let mut leak = Confusion::default();
    let mut leak_miss = Vec::new();
    for line in text.lines() {
        let Ok(t) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        let family = t["family"].as_str().unwrap_or("");
        let label = t["label"].as_str().unwrap_or("");
        if label == "other" {
            continue;
        }
        let Some(stage) = t["stages"].get(0) else { continue };
        let data = stage["data"].as_str().unwrap_or("");
        if family.starts_with("RESPONSE-95") && !family.starts_with("RESPONSE-955") {
            // The reflect tests wrap a CRS marker phrase around the leak: drop it.
            let body = match (data.find("[match"), data.find("[/match]")) {
                (Some(a), Some(b)) if b > a => format!("{}{}", &data[..a], &data[b + 8..]),
                _ => data.to_owned(),
            };
            let found = leaks::scan(body.as_bytes());
            let pred = found.db_error.is_some() || found.stack_trace.is_some() || found.server_info.is_some();
            leak.add(label == "positive", pred);
            if label == "positive" && !pred && verbose {
                leak_miss.push(format!("{family}: {}", body.chars().take(140).collect::<String>()));
            }
            continue;
        }
        let Some(&(_, fam)) = fams.iter().find(|(f, _)| *f == family) else { continue };
        let uri = stage["uri"].as_str().unwrap_or("");
        let mut params = Vec::new();
        if let Some((_, q)) = uri.split_once('?') {
            parse_urlencoded(q, Location::RequestQuery, &mut params);
        }
        parse_urlencoded(data, Location::RequestBody, &mut params);
        let mut hit = params.iter().any(|p| {
            payload::attack(&p.value).map(|a| a.as_str()) == Some(fam)
                || payload::attack(&p.name).map(|a| a.as_str()) == Some(fam)
        });
        if !hit && !data.contains('=') && !data.is_empty() {
            hit = payload::attack(data).map(|a| a.as_str()) == Some(fam);
        }
        per.entry(fam).or_default().add(label == "positive", hit);
    }
    println!("== CRS regression tests (request families: any parameter value classified as the family)");
    for (fam, c) in &per {
        println!("{}", c.line(&format!("crs {fam}")));
    }
    println!("{}", leak.line("crs RESPONSE-95x leaks::scan"));
    for m in leak_miss.iter().take(40) {
        println!("  leak miss {m}");
    }
}

fn vapi(dir: &Path, verbose: bool) {
    let Ok(text) = std::fs::read_to_string(dir.join("vapi/records.jsonl")) else {
        println!("vapi: not found, skipped");
        return;
    };
    let mut db500 = Confusion::default();
    let mut probes = Confusion::default();
    let mut outcomes: BTreeMap<(String, u16, String), u64> = BTreeMap::new();
    let mut clean_bytes = 0usize;
    let start = Instant::now();
    for line in text.lines() {
        let Ok(rec) = Record::from_json(line.as_bytes()) else { continue };
        let body = rec.resp_body.as_deref().unwrap_or(b"");
        clean_bytes += body.len();
        let found = leaks::scan(body);
        let sqlmap = rec.req_headers.get("user-agent").is_some_and(|u| u.starts_with("sqlmap"));
        if sqlmap {
            db500.add(rec.status == Some(500), found.db_error.is_some());
        }
        let p = extract(&rec);
        if rec.path.contains("/api8/user/login") && sqlmap {
            let v = p.get(Location::RequestBody, "username").unwrap_or("");
            let hit = payload::attack(v) == Some(payload::Attack::Sqli);
            probes.add(v != "a", hit);
            if verbose && v != "a" && !hit {
                println!("  vapi probe miss: {v}");
            }
        }
        if login::credentials(&p).is_some_and(|c| c.password.is_some()) {
            let o = login::login_outcome(&rec, &p);
            *outcomes
                .entry((rec.path.to_string(), rec.status.unwrap_or(0), format!("{o:?}")))
                .or_default() += 1;
        }
    }
    let el = start.elapsed();
    println!("== vAPI records.jsonl ({:.0} µs/record incl. parsing)", el.as_secs_f64() * 1e6 / 3393.0);
    println!("{}", db500.line("vapi sqlmap: db_error vs status 500"));
    println!("{}", probes.line("vapi sqlmap: username probe = sqli"));
    println!("login outcomes on records with a password field (path, status, outcome: count):");
    for ((path, st, o), n) in outcomes {
        println!("  {path} {st} {o}: {n}");
    }
    let _ = clean_bytes;
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "/work/shared/datasets".into());
    let verbose = std::env::var_os("VERBOSE").is_some();
    let dir = Path::new(&dir);
    if !dir.exists() {
        println!("{} is absent: nothing to measure", dir.display());
        return;
    }
    httpparams(dir, verbose);
    crs(dir, verbose);
    vapi(dir, verbose);
}
