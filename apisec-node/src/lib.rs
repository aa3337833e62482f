//! Node.js bindings of apisec: the npm package `apisec` (napi-rs).
//!
//! `new Engine(policy?)` wraps one `apisec_core::Engine` behind `Arc<Mutex<_>>` so that
//! `ingestFile` can run as an `AsyncTask` on the libuv thread pool. Records come in as
//! objects, JSON strings or Buffers and reach the core as JSON bytes; query results are the
//! core's serde output converted to plain JS values, so new core fields need no code here.
//! Each core error kind becomes an `Error` with its own `code` (`APISEC_POLICY`, …) plus
//! `kind`, `path`, `field` and `line` where they apply. No detection logic lives here.

use apisec_core::compliance::AuditSwitches;
use apisec_core::{DocumentStream, Engine, IngestSummary, Policy};
use napi::bindgen_prelude::*;
use napi::{Env, Task};
use napi_derive::napi;
use std::sync::{Arc, Mutex, MutexGuard};

/// Why a call failed before or inside the core (turned into a JS `Error` by `js_error`).
pub enum Fail {
    /// A core error, with the record's line when it is a rejection.
    Core(apisec_core::Error, Option<u64>),
    /// A file could not be read.
    Io(String),
    /// Should not happen (a poisoned lock, a value JSON cannot hold).
    Bug(String),
}

impl From<apisec_core::Error> for Fail {
    fn from(e: apisec_core::Error) -> Fail {
        Fail::Core(e, None)
    }
}

/// Builds the JS `Error` for a failure, with `code` and the detail properties.
fn js_error(env: &Env, fail: Fail) -> Error {
    let (code, msg) = match &fail {
        Fail::Core(e, _) => (
            match e.kind() {
                "policy" => "APISEC_POLICY",
                "record" => "APISEC_RECORD",
                "input" => "APISEC_INPUT",
                "snapshot" => "APISEC_SNAPSHOT",
                _ => "APISEC_ERROR",
            },
            e.to_string(),
        ),
        Fail::Io(m) => ("APISEC_IO", m.clone()),
        Fail::Bug(m) => ("APISEC_ERROR", m.clone()),
    };
    let build = || -> Result<Error> {
        let mut obj = env.create_error(Error::new(Status::GenericFailure, msg.clone()))?;
        obj.set_named_property("code", code)?;
        if let Fail::Core(e, line) = &fail {
            obj.set_named_property("kind", e.kind())?;
            match e {
                apisec_core::Error::Policy(p) => obj.set_named_property("path", p.path.as_str())?,
                apisec_core::Error::Record(r) => {
                    obj.set_named_property("field", r.field.as_str())?;
                    if let Some(l) = line {
                        obj.set_named_property("line", *l as f64)?;
                    }
                }
                _ => {}
            }
        }
        Ok(Error::from(obj.to_unknown()))
    };
    build().unwrap_or_else(|e| e)
}

/// What one ingest call contributed.
#[napi(object, js_name = "IngestSummary")]
pub struct JsIngestSummary {
    /// Records accepted.
    pub accepted: i64,
    /// Records rejected (their reasons are in `stats().rejects`).
    pub rejected: i64,
}

impl From<IngestSummary> for JsIngestSummary {
    fn from(s: IngestSummary) -> Self {
        JsIngestSummary { accepted: s.accepted as i64, rejected: s.rejected as i64 }
    }
}

/// One sensitive value found by `scan` (the type declaration only; values are built by
/// serde from the core's `ScanFinding`).
#[napi(object, js_name = "ScanFinding")]
pub struct JsScanFinding {
    /// Type code (`"1004"`; custom types from `"9000"`).
    pub code: String,
    /// Type name.
    pub name: String,
    /// Sensitivity level, `S1` to `S4`.
    pub level: String,
    /// Start byte offset into the UTF-8 text (inclusive).
    pub start: u32,
    /// End byte offset (exclusive).
    pub end: u32,
}

/// Which audit features `setAuditSwitches` turns on for every protected object.
#[napi(object, js_name = "AuditSwitches")]
pub struct JsAuditSwitches {
    /// Count cross-border personal information for the compliance check.
    pub compliance_check: Option<bool>,
    /// Index sensitive values for tracing and auditing.
    pub tracing_auditing: Option<bool>,
}

/// A record or policy as JS hands it over: JSON text, JSON bytes, or a plain object.
type JsonInput<'a> = Either3<String, Buffer, Object<'a>>;

fn json_bytes(env: &Env, v: &JsonInput<'_>) -> std::result::Result<Vec<u8>, Fail> {
    Ok(match v {
        Either3::A(s) => s.as_bytes().to_vec(),
        Either3::B(b) => b.to_vec(),
        Either3::C(o) => {
            let v: serde_json::Value = env.from_js_value(*o).map_err(|e| Fail::Bug(e.to_string()))?;
            serde_json::to_vec(&v).map_err(|e| Fail::Bug(e.to_string()))?
        }
    })
}

fn lock(m: &Mutex<Engine>) -> std::result::Result<MutexGuard<'_, Engine>, Fail> {
    m.lock().map_err(|_| Fail::Bug("engine unusable after an internal panic".into()))
}

/// A policy from nothing (default), a JSON string or file path, or an object.
fn load_policy(env: &Env, policy: Option<Either<String, Object<'_>>>) -> std::result::Result<Policy, Fail> {
    let text = match policy {
        None => return Ok(Policy::default()),
        Some(Either::A(s)) if s.trim_start().starts_with('{') => s,
        Some(Either::A(s)) => std::fs::read_to_string(&s).map_err(|e| Fail::Io(format!("{s}: {e}")))?,
        Some(Either::B(o)) => {
            let v: serde_json::Value = env.from_js_value(o).map_err(|e| Fail::Bug(e.to_string()))?;
            v.to_string()
        }
    };
    Ok(Policy::from_json(&text).map_err(apisec_core::Error::from)?)
}

/// The detector: feed it records, query it any time.
#[napi(js_name = "Engine")]
pub struct JsEngine {
    inner: Arc<Mutex<Engine>>,
}

#[napi]
impl JsEngine {
    /// `policy`: absent (every built-in detector on), an object, a JSON string, or the path
    /// of a JSON file.
    #[napi(constructor)]
    pub fn new(env: Env, policy: Option<Either<String, Object<'_>>>) -> Result<Self> {
        let engine =
            load_policy(&env, policy).and_then(|p| Ok(Engine::new(p)?)).map_err(|f| js_error(&env, f))?;
        Ok(JsEngine { inner: Arc::new(Mutex::new(engine)) })
    }

    /// Rebuilds an engine from `snapshot()` bytes and a policy (as in the constructor).
    #[napi(factory)]
    pub fn restore(env: Env, snapshot: Buffer, policy: Option<Either<String, Object<'_>>>) -> Result<Self> {
        let engine = load_policy(&env, policy)
            .and_then(|p| Ok(Engine::restore(p, &snapshot)?))
            .map_err(|f| js_error(&env, f))?;
        Ok(JsEngine { inner: Arc::new(Mutex::new(engine)) })
    }

    /// Everything the engine has learned (not the policy), for `Engine.restore`.
    #[napi]
    pub fn snapshot(&self, env: Env) -> Result<Buffer> {
        let run = || -> std::result::Result<Vec<u8>, Fail> { Ok(lock(&self.inner)?.snapshot()?) };
        run().map(Buffer::from).map_err(|f| js_error(&env, f))
    }

    /// Folds a copy of another engine's state into this one (shards that saw disjoint
    /// records); `other` is left as it was.
    #[napi]
    pub fn merge(&self, env: Env, other: &JsEngine) -> Result<()> {
        let run = || -> std::result::Result<(), Fail> {
            let theirs = lock(&other.inner)?.clone();
            Ok(lock(&self.inner)?.merge(theirs)?)
        };
        run().map_err(|f| js_error(&env, f))
    }

    /// Takes the log-subscription records produced since the last call.
    #[napi(ts_return_type = "Array<Record<string, any>>")]
    pub fn drain_logs(&self, env: Env) -> Result<serde_json::Value> {
        let run = || -> std::result::Result<serde_json::Value, Fail> {
            let logs = lock(&self.inner)?.drain_logs();
            serde_json::to_value(logs).map_err(|err| Fail::Bug(err.to_string()))
        };
        run().map_err(|f| js_error(&env, f))
    }

    /// Ingests one record (object, JSON string or Buffer). Throws an `Error` with code
    /// `APISEC_RECORD` when it is rejected (it is still counted in `stats()`).
    #[napi(ts_args_type = "record: string | Buffer | object")]
    pub fn ingest(&self, env: Env, record: JsonInput<'_>) -> Result<()> {
        let run = || -> std::result::Result<(), Fail> {
            let bytes = json_bytes(&env, &record)?;
            let mut e = lock(&self.inner)?;
            e.ingest_json(&bytes).map_err(|err| Fail::Core(err, Some(e.stats().records)))
        };
        run().map_err(|f| js_error(&env, f))
    }

    /// Ingests an array of records; rejected ones are counted (with their index from 1)
    /// rather than thrown.
    #[napi(ts_args_type = "records: Array<string | Buffer | object>")]
    pub fn ingest_many(&self, env: Env, records: Vec<JsonInput<'_>>) -> Result<JsIngestSummary> {
        let run = || -> std::result::Result<IngestSummary, Fail> {
            let mut sum = IngestSummary::default();
            let mut e = lock(&self.inner)?;
            for (i, r) in records.iter().enumerate() {
                if e.ingest_json_at(&json_bytes(&env, r)?, i as u64 + 1).is_ok() {
                    sum.accepted += 1;
                } else {
                    sum.rejected += 1;
                }
            }
            Ok(sum)
        };
        run().map(Into::into).map_err(|f| js_error(&env, f))
    }

    /// Reads and ingests a JSONL or HAR file off the main thread. Resolves to
    /// `{accepted, rejected}`; rejects with code `APISEC_IO` when the file cannot be read.
    #[napi(ts_return_type = "Promise<IngestSummary>")]
    pub fn ingest_file(&self, path: String) -> AsyncTask<IngestFile> {
        AsyncTask::new(IngestFile { engine: self.inner.clone(), path })
    }

    /// The API inventory: an array of assets.
    #[napi(ts_return_type = "Array<Record<string, any>>")]
    pub fn assets(&self, env: Env) -> Result<serde_json::Value> {
        self.query(&env, Engine::assets)
    }

    /// Open risks: an array of risks.
    #[napi(ts_return_type = "Array<Record<string, any>>")]
    pub fn risks(&self, env: Env) -> Result<serde_json::Value> {
        self.query(&env, Engine::risks)
    }

    /// Events: an array of events.
    #[napi(ts_return_type = "Array<Record<string, any>>")]
    pub fn events(&self, env: Env) -> Result<serde_json::Value> {
        self.query(&env, Engine::events)
    }

    /// Overview counts.
    #[napi(ts_return_type = "Record<string, any>")]
    pub fn overview(&self, env: Env) -> Result<serde_json::Value> {
        self.query(&env, Engine::overview)
    }

    /// Run statistics (records, rejected, reject reasons with line numbers).
    #[napi(ts_return_type = "Record<string, any>")]
    pub fn stats(&self, env: Env) -> Result<serde_json::Value> {
        self.query(&env, |e| e.stats().clone())
    }

    /// The whole report: `{assets, risks, events, overview, stats}`.
    #[napi(ts_return_type = "Record<string, any>")]
    pub fn report(&self, env: Env) -> Result<serde_json::Value> {
        self.query(&env, Engine::report)
    }

    /// The discovered inventory as an OpenAPI 3.0.3 document.
    #[napi(ts_return_type = "Record<string, any>")]
    pub fn openapi(&self, env: Env) -> Result<serde_json::Value> {
        self.query(&env, Engine::openapi)
    }

    /// The compliance check: persons whose personal information reached clients outside the
    /// Chinese mainland, and whether an assessment is due (`enabled` is false while the check
    /// is off for every protected object, the default).
    #[napi(ts_return_type = "Record<string, any>")]
    pub fn compliance(&self, env: Env) -> Result<serde_json::Value> {
        self.query(&env, Engine::compliance)
    }

    /// Tracing and auditing: where `value` (e.g. a leaked ID or phone number) flowed — APIs,
    /// clients, times, counts, overlapping events (`enabled` is false while tracing is off
    /// everywhere, the default).
    #[napi(ts_return_type = "Record<string, any>")]
    pub fn trace(&self, env: Env, value: String) -> Result<serde_json::Value> {
        self.query(&env, |e| e.trace(&value))
    }

    /// Turns the compliance check and/or tracing and auditing on for every protected object,
    /// on top of the policy's `effective_objects` switches (both off by default). Not kept in
    /// a snapshot: set it again after `Engine.restore`.
    #[napi]
    pub fn set_audit_switches(&self, env: Env, switches: JsAuditSwitches) -> Result<()> {
        let sw = AuditSwitches {
            compliance_check: switches.compliance_check.unwrap_or(false),
            tracing_auditing: switches.tracing_auditing.unwrap_or(false),
        };
        let run = || -> std::result::Result<(), Fail> {
            lock(&self.inner)?.set_audit_switches(sw);
            Ok(())
        };
        run().map_err(|f| js_error(&env, f))
    }

    /// Sensitive data in one text (a string, or a Buffer repaired as UTF-8 first) with this
    /// engine's policy: `{code, name, level, start, end}` with byte offsets into the UTF-8
    /// text, exactly as `apisec scan` prints them.
    #[napi(ts_args_type = "text: string | Buffer", ts_return_type = "Array<ScanFinding>")]
    pub fn scan(&self, env: Env, text: Either<String, Buffer>) -> Result<serde_json::Value> {
        match text {
            Either::A(s) => self.query(&env, |e| e.scan(&s)),
            Either::B(b) => self.query(&env, |e| e.scan_bytes(&b)),
        }
    }
}

impl JsEngine {
    fn query<T: serde::Serialize>(
        &self,
        env: &Env,
        f: impl FnOnce(&Engine) -> T,
    ) -> Result<serde_json::Value> {
        let run = || -> std::result::Result<serde_json::Value, Fail> {
            let e = lock(&self.inner)?;
            serde_json::to_value(f(&e)).map_err(|err| Fail::Bug(err.to_string()))
        };
        run().map_err(|f| js_error(env, f))
    }
}

/// `ingestFile`'s work on the thread pool.
pub struct IngestFile {
    engine: Arc<Mutex<Engine>>,
    path: String,
}

impl Task for IngestFile {
    type Output = std::result::Result<IngestSummary, Fail>;
    type JsValue = JsIngestSummary;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok((|| {
            let io = |e: std::io::Error| Fail::Io(format!("{}: {e}", self.path));
            let mut file = std::fs::File::open(&self.path).map_err(io)?;
            let mut e = lock(&self.engine)?;
            // Streams JSONL in 1 MiB chunks through the core's DocumentStream (the reader
            // `apisec analyze` uses too): a multi-GB file is never held whole.
            let mut stream = DocumentStream::new(None);
            let mut buf = vec![0u8; 1 << 20];
            loop {
                match std::io::Read::read(&mut file, &mut buf) {
                    Ok(0) => return Ok(stream.finish(&mut e)),
                    Ok(n) => stream.push(&mut e, &buf[..n]),
                    Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(err) => return Err(io(err)),
                }
            }
        })())
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> Result<Self::JsValue> {
        output.map(Into::into).map_err(|f| js_error(&env, f))
    }
}

/// The library version.
#[napi]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
