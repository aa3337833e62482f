//! `apisec openapi [FILE...]`: feed traffic files (or stdin) to one engine and print the
//! discovered inventory as an OpenAPI 3.0.3 document (pretty JSON on stdout).

use crate::analyze::feed;
use apisec_core::{Engine, Policy};
use std::fs::File;
use std::io::{self, Write};
use std::path::PathBuf;

/// Runs `apisec openapi`. Rejected records are skipped; an unreadable file is an error.
pub fn run(files: &[PathBuf]) -> Result<(), String> {
    let mut engine = Engine::new(Policy::default()).map_err(|e| e.to_string())?;
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
