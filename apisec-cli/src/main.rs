//! `apisec` — analyse HTTP traffic files for API security problems.
//!
//! - `apisec analyze [FILE...]` reads JSONL records or HAR files (stdin when no file) and
//!   prints a report: a table for a person, or one JSON document (`--format json`).
//! - `apisec openapi [FILE...]` prints the discovered inventory as an OpenAPI 3 document.
//! - `--policy FILE` loads a policy (invalid → exit 2 with the offending path).
//! - `--logs DIR` writes the log-subscription streams `asset.jsonl`, `risk.jsonl`,
//!   `event.jsonl`.
//! - `apisec scan [FILE]` prints the sensitive data found in each input line.
//! - `apisec trace VALUE [FILE...]` prints where a sensitive value flowed (tracing and
//!   auditing; `--enable` turns it on for every protected object).
//!
//! Rejected records are listed in `stats` with their line and reason; they never change
//! the exit code. An unreadable file exits 1.

mod analyze;
mod openapi;
mod scan;
mod table;
mod trace;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "apisec", version, about = "Find API security problems in HTTP traffic")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Table,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse traffic (JSONL records or HAR files; stdin when no file is given).
    Analyze {
        /// Input files (JSONL, one record per line, or HAR 1.2).
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Policy file (JSON).
        #[arg(long)]
        policy: Option<PathBuf>,
        /// Write asset.jsonl, risk.jsonl and event.jsonl into this directory.
        #[arg(long)]
        logs: Option<PathBuf>,
    },
    /// Find sensitive data in text: one JSON line of findings per input line.
    Scan {
        /// Input file (stdin when omitted).
        file: Option<PathBuf>,
        /// Policy file (JSON or TOML): built-in types switched off, custom types.
        #[arg(long)]
        policy: Option<PathBuf>,
    },
    /// Print the discovered inventory as an OpenAPI 3 document.
    Openapi {
        /// Input files (JSONL or HAR); stdin when none is given.
        files: Vec<PathBuf>,
        /// Policy file (JSON or TOML).
        #[arg(long)]
        policy: Option<PathBuf>,
    },
    /// Trace where a sensitive value (a leaked ID or phone number…) flowed.
    Trace {
        /// The value to trace.
        value: String,
        /// Input files (JSONL or HAR; stdin when none).
        files: Vec<PathBuf>,
        /// Policy file (JSON or TOML).
        #[arg(long)]
        policy: Option<PathBuf>,
        /// Turn tracing and auditing on for every protected object (off by default).
        #[arg(long)]
        enable: bool,
    },
}

/// A CLI failure: message and exit code.
pub struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    fn usage(message: impl Into<String>) -> Self {
        Failure { code: 2, message: message.into() }
    }
    fn io(message: impl Into<String>) -> Self {
        Failure { code: 1, message: message.into() }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze { files, format, policy, logs } => {
            analyze::run(&files, format == Format::Json, policy.as_deref(), logs.as_deref())
        }
        Command::Scan { file, policy } => analyze::load_policy(policy.as_deref())
            .and_then(|p| apisec_core::Engine::new(p).map_err(|e| Failure::usage(e.to_string())))
            .and_then(|engine| scan::run(file.as_deref(), &engine).map_err(Failure::io)),
        Command::Openapi { files, policy } => openapi::run(&files, policy.as_deref()).map_err(Failure::io),
        Command::Trace { value, files, policy, enable } => {
            let policy = policy.as_deref();
            let r = if enable {
                trace::run_with(&value, &files, policy, true)
            } else {
                trace::run(&value, &files, policy)
            };
            r.map_err(Failure::usage)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("apisec: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}
