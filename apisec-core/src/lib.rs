//! # apisec-core
//!
//! Finds API security problems in HTTP traffic. Hand the [`Engine`] request/response
//! records (DESIGN.md §2, JSON or HAR) and ask it for:
//!
//! - **assets** — the API inventory: path templates, business purpose, service object, auth
//!   fields, lifecycle, parameter structure, sensitive data types and sensitivity level;
//! - **risks** — weaknesses of an API, one per (API, type);
//! - **events** — attacks and abuse over time windows, per IP or account;
//! - **compliance** — natural persons whose personal information reached clients outside
//!   the Chinese mainland, against the security-assessment thresholds ([`compliance`]);
//! - **trace** — where a leaked value flowed: APIs, clients, times, overlapping events
//!   ([`trace`]); both off by default, per protected object;
//! - an overview, run statistics and log-subscription records.
//!
//! The pipeline, one record at a time: [`record`] (parse + validate, borrowing from the
//! input) → [`params`] (every named value of the exchange) → [`inventory`] (which API) →
//! detectors → [`model`] (output types). Time is the records' own `ts`, so the same input
//! always gives the same output.
//!
//! ```
//! use apisec_core::{Engine, Policy};
//! let mut engine = Engine::new(Policy::default()).unwrap();
//! engine.ingest_json(br#"{"ts":1700000000,"client_ip":"203.0.113.9","host":"api.example.com",
//!     "method":"GET","path":"/v1/users/42","status":200}"#).unwrap();
//! assert!(engine.ingest_json(b"{\"ts\":\"yesterday\"}").is_err()); // counted, state unchanged
//! assert_eq!(engine.assets().len(), 1);
//! assert_eq!(engine.stats().rejected, 1);
//! ```
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod catalog;
pub mod compliance;
pub mod discovery;
pub mod engine;
pub mod error;
pub mod events;
pub mod facets;
pub mod facts;
pub mod har;
pub mod ids;
pub mod input;
pub mod inventory;
pub mod lexicon;
pub mod logs;
pub mod model;
pub mod openapi;
pub mod params;
pub mod policy;
pub mod record;
pub mod report;
pub mod risks;
pub mod sample;
pub mod scan;
pub mod sensitive;
pub mod time;
pub mod trace;
pub mod window;

pub use catalog::{
    ApiSensitiveLevel, ApiStatus, ApiType, EventKind, Level, Location, Purpose, RiskKind, SensitiveLevel,
};
pub use engine::Engine;
pub use error::Error;
pub use input::{DocumentStream, IngestSummary, JsonlStream, LineOutcome};
pub use model::{Asset, Event, Overview, Report, Risk, Stats};
pub use policy::{Policy, PolicyError};
pub use record::{Record, RecordError};
pub use scan::ScanFinding;

/// The repository README's Rust example, compiled and run as a doctest so it always matches
/// the API (only when rustdoc collects doctests: the packaged crate does not need the file).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
