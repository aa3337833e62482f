//! `apisec analyze`: feed files (or stdin) to one engine and print the report.

use crate::{Failure, table};
use apisec_core::{DocumentStream, Engine, Policy, logs::LogRecord};
use indicatif::{ProgressBar, ProgressStyle};
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
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

/// Reads one input (JSONL or HAR) into the engine through the core's [`DocumentStream`]
/// (what every binding's file ingest uses), so rejects are numbered and counted alike.
/// JSONL is ingested chunk by chunk in memory bounded by the longest line; only a HAR
/// document is held whole.
pub(crate) fn feed(
    engine: &mut Engine,
    mut input: impl Read,
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
    let mut stream = DocumentStream::new(multi.then_some(name));
    let mut buf = vec![0u8; 1 << 20];
    let mut drained_at = 0u64;
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Failure::io(format!("cannot read {name}: {e}"))),
        };
        bar.inc(n as u64);
        stream.push(engine, &buf[..n]);
        // Long runs hand their log records to the files as they go.
        if stream.lines() - drained_at >= 65536
            && let Some(s) = sink.as_deref_mut()
        {
            drained_at = stream.lines();
            s.write(engine.drain_logs())?;
        }
    }
    stream.finish(engine);
    bar.finish_and_clear();
    Ok(())
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
