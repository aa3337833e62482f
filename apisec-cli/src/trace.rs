//! `apisec trace VALUE [FILE...]`: where did a leaked value flow?
//!
//! Reads the traffic files (JSONL or HAR; stdin when none) into one engine and prints one
//! JSON document: the engine's `TraceResult` for VALUE — the APIs that returned or received
//! it, the client addresses, accounts and countries, first and last time, counts, and the
//! security events that overlap. Tracing and auditing is off by default, as in the product:
//! turn it on per protected object in the policy (`effective_objects`), or for every object
//! with `--enable`. While it is off the document says `"enabled": false` and a note goes to
//! stderr.

use crate::analyze::{feed, load_policy};
use apisec_core::Engine;
use apisec_core::compliance::AuditSwitches;
use apisec_core::trace::TraceResult;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Runs `apisec trace` with the policy's switches only.
pub fn run(value: &str, files: &[PathBuf], policy: Option<&Path>) -> Result<(), String> {
    run_with(value, files, policy, false)
}

/// Runs `apisec trace`; `enable_all` turns tracing on for every protected object.
pub fn run_with(
    value: &str,
    files: &[PathBuf],
    policy: Option<&Path>,
    enable_all: bool,
) -> Result<(), String> {
    let result = trace_files(value, files, policy, enable_all)?;
    if !result.enabled {
        eprintln!(
            "apisec: tracing and auditing is off for every protected object; switch it on in the \
             policy (effective_objects) or pass --enable"
        );
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    serde_json::to_writer_pretty(&mut out, &result)
        .map_err(io::Error::other)
        .and_then(|_| writeln!(out))
        .and_then(|_| out.flush())
        .map_err(|e| format!("cannot write output: {e}"))
}

/// Feeds the files to an engine and traces `value`.
pub fn trace_files(
    value: &str,
    files: &[PathBuf],
    policy: Option<&Path>,
    enable_all: bool,
) -> Result<TraceResult, String> {
    let policy = load_policy(policy).map_err(|f| f.message)?;
    let mut engine = Engine::new(policy).map_err(|e| e.to_string())?;
    if enable_all {
        engine.set_audit_switches(AuditSwitches { compliance_check: false, tracing_auditing: true });
    }
    let multi = files.len() > 1;
    if files.is_empty() {
        feed(&mut engine, io::stdin().lock(), None, "stdin", false, None).map_err(|f| f.message)?;
    }
    for f in files {
        let file = File::open(f).map_err(|e| format!("cannot read {}: {e}", f.display()))?;
        let len = file.metadata().map(|m| m.len()).ok();
        feed(&mut engine, file, len, &f.display().to_string(), multi, None).map_err(|f| f.message)?;
    }
    Ok(engine.trace(value))
}
