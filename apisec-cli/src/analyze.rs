//! `apisec analyze`: feed files (or stdin) to one engine and print the report.

use crate::{Failure, table};
use apisec_core::{Engine, Policy, har, logs::LogRecord};
use indicatif::{ProgressBar, ProgressStyle};
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;

/// Loads a policy file (TOML when the name ends in `.toml`, JSON otherwise), or the
/// default policy.
pub fn load_policy(path: Option<&Path>) -> Result<Policy, Failure> {
    let Some(p) = path else { return Ok(Policy::default()) };
    let text = std::fs::read_to_string(p)
        .map_err(|e| Failure::usage(format!("cannot read policy {}: {e}", p.display())))?;
    let policy = if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("toml")) {
        Policy::from_toml(&text)
    } else {
        Policy::from_json(&text)
    };
    policy.map_err(|e| Failure::usage(format!("invalid policy {}: {e}", p.display())))
}

/// Runs `apisec analyze`.
pub fn run(
    files: &[std::path::PathBuf],
    json: bool,
    policy: Option<&Path>,
    logs: Option<&Path>,
) -> Result<(), Failure> {
    let policy = load_policy(policy)?;
    let mut engine = Engine::new(policy).map_err(|e| Failure::usage(e.to_string()))?;
    let mut sink = match logs {
        Some(dir) => Some(LogSink::open(dir)?),
        None => None,
    };
    let multi = files.len() > 1;
    if files.is_empty() {
        let stdin = io::stdin();
        feed(&mut engine, stdin.lock(), None, "stdin", false, sink.as_mut())?;
    } else {
        for f in files {
            let file = File::open(f).map_err(|e| Failure::io(format!("cannot read {}: {e}", f.display())))?;
            let len = file.metadata().map(|m| m.len()).ok();
            feed(&mut engine, file, len, &f.display().to_string(), multi, sink.as_mut())?;
        }
    }
    if let Some(s) = sink.as_mut() {
        s.write(engine.drain_logs())?;
        s.finish()?;
    }
    let report = engine.report();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let res = if json {
        serde_json::to_writer(&mut out, &report).map_err(io::Error::other).and_then(|_| writeln!(out))
    } else {
        table::write_report(&mut out, &report)
    };
    res.and_then(|_| out.flush()).map_err(|e| Failure::io(format!("cannot write output: {e}")))
}

/// Reads one input (JSONL or HAR) into the engine.
pub(crate) fn feed(
    engine: &mut Engine,
    input: impl Read,
    len: Option<u64>,
    name: &str,
    multi: bool,
    mut sink: Option<&mut LogSink>,
) -> Result<(), Failure> {
    let mut reader = BufReader::with_capacity(1 << 20, input);
    let head = reader.fill_buf().map_err(|e| Failure::io(format!("cannot read {name}: {e}")))?;
    if har::looks_like_har(head) {
        let mut all = Vec::new();
        reader.read_to_end(&mut all).map_err(|e| Failure::io(format!("cannot read {name}: {e}")))?;
        // A document that starts like HAR but is not one falls through to JSONL.
        if let Ok(records) = har::read_har(&all) {
            for (i, r) in records.into_iter().enumerate() {
                match r {
                    Ok(rec) => {
                        let _ = engine.ingest(&rec);
                    }
                    Err(mut e) => {
                        if multi {
                            e.field = format!("{name}: {}", e.field);
                        }
                        engine.reject(i as u64 + 1, &e);
                    }
                }
            }
            return Ok(());
        }
        return feed_lines(engine, &all[..], None, name, multi, sink.as_deref_mut());
    }
    feed_lines(engine, reader, len, name, multi, sink)
}

fn feed_lines(
    engine: &mut Engine,
    mut reader: impl BufRead,
    len: Option<u64>,
    name: &str,
    multi: bool,
    mut sink: Option<&mut LogSink>,
) -> Result<(), Failure> {
    let bar = match len {
        Some(l) if l > 8 << 20 => {
            let b = ProgressBar::new(l);
            b.set_style(
                ProgressStyle::with_template(
                    "{msg} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            b.set_message(name.to_owned());
            b
        }
        _ => ProgressBar::hidden(),
    };
    let mut buf = Vec::with_capacity(64 * 1024);
    let mut line_no = 0u64;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| Failure::io(format!("cannot read {name}: {e}")))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        bar.inc(n as u64);
        let line = trim_line(&buf);
        if line.is_empty() {
            continue;
        }
        match apisec_core::Record::from_json(line) {
            Ok(rec) => {
                let _ = engine.ingest(&rec);
            }
            Err(mut e) => {
                if multi {
                    e.field = format!("{name}: {}", e.field);
                }
                engine.reject(line_no, &e);
            }
        }
        if line_no.is_multiple_of(65536)
            && let Some(s) = sink.as_deref_mut()
        {
            s.write(engine.drain_logs())?;
        }
    }
    bar.finish_and_clear();
    Ok(())
}

fn trim_line(b: &[u8]) -> &[u8] {
    let mut end = b.len();
    while end > 0 && matches!(b[end - 1], b'\n' | b'\r' | b' ' | b'\t') {
        end -= 1;
    }
    let mut start = 0;
    // A UTF-8 byte-order mark at the start of a file.
    if b[..end].starts_with(&[0xEF, 0xBB, 0xBF]) {
        start = 3;
    }
    &b[start..end]
}

/// The three log-subscription files.
pub(crate) struct LogSink {
    files: [BufWriter<File>; 3],
    dir: std::path::PathBuf,
}

impl LogSink {
    fn open(dir: &Path) -> Result<Self, Failure> {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::io(format!("cannot create {}: {e}", dir.display())))?;
        let open = |n: &str| {
            File::create(dir.join(n))
                .map(BufWriter::new)
                .map_err(|e| Failure::io(format!("cannot write {}: {e}", dir.join(n).display())))
        };
        Ok(LogSink {
            files: [open("asset.jsonl")?, open("risk.jsonl")?, open("event.jsonl")?],
            dir: dir.into(),
        })
    }

    fn write(&mut self, records: Vec<LogRecord>) -> Result<(), Failure> {
        for r in records {
            let i = match r.kind {
                apisec_core::logs::LogKind::Asset => 0,
                apisec_core::logs::LogKind::Risk => 1,
                apisec_core::logs::LogKind::Event => 2,
            };
            let f = &mut self.files[i];
            serde_json::to_writer(&mut *f, &r.body)
                .map_err(io::Error::other)
                .and_then(|_| f.write_all(b"\n"))
                .map_err(|e| Failure::io(format!("cannot write logs in {}: {e}", self.dir.display())))?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), Failure> {
        for f in &mut self.files {
            f.flush()
                .map_err(|e| Failure::io(format!("cannot write logs in {}: {e}", self.dir.display())))?;
        }
        Ok(())
    }
}
