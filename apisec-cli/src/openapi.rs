//! `apisec openapi [FILE...]`: feed traffic files (or stdin) to one engine and print the
//! discovered inventory as an OpenAPI 3.0.3 document (pretty JSON on stdout).

use crate::analyze::{feed, load_policy};
use apisec_core::Engine;
use std::fs::File;
use std::io::{self, Write};
use std::path::PathBuf;

/// Runs `apisec openapi` with the policy file's settings (the default policy when `None`).
/// Rejected records are skipped; an unreadable file is an error.
pub fn run(files: &[PathBuf], policy: Option<&std::path::Path>) -> Result<(), String> {
    let policy = load_policy(policy).map_err(|f| f.message)?;
    let mut engine = Engine::new(policy).map_err(|e| e.to_string())?;
    let multi = files.len() > 1;
    if files.is_empty() {
        let stdin = io::stdin();
        feed(&mut engine, stdin.lock(), None, "stdin", false, None).map_err(|f| f.message)?;
    }
    for f in files {
        let file = File::open(f).map_err(|e| format!("cannot read {}: {e}", f.display()))?;
        feed(&mut engine, file, None, &f.display().to_string(), multi, None).map_err(|f| f.message)?;
    }
    let doc = engine.openapi();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    serde_json::to_writer_pretty(&mut out, &doc)
        .map_err(io::Error::other)
        .and_then(|_| writeln!(out))
        .and_then(|_| out.flush())
        .map_err(|e| format!("cannot write output: {e}"))
}
