//! Python bindings of apisec: the extension module `apisec` (wheel `apisec`, abi3).
//!
//! `apisec.Engine(policy=None)` wraps one `apisec_core::Engine` behind a mutex. Inputs
//! (policy, records) become JSON bytes; outputs are the core's serde output turned into plain
//! dicts and lists by Python's `json` module, so fields the core gains flow through with no
//! code here. The core runs with the GIL released. Each core error kind raises its own
//! subclass of `apisec.ApisecError`. No detection logic lives in this crate.

use apisec_core::compliance::AuditSwitches;
use apisec_core::{DocumentStream, Engine, Error, IngestSummary, Policy};
use pyo3::exceptions::{PyException, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyString};
use std::sync::{Mutex, MutexGuard};

pyo3::create_exception!(apisec, ApisecError, PyException, "Base class of every apisec error.");
pyo3::create_exception!(
    apisec,
    PolicyError,
    ApisecError,
    "The policy is invalid; `path` names the offending value."
);
pyo3::create_exception!(
    apisec,
    RecordError,
    ApisecError,
    "A record was rejected (counted in stats, state unchanged); `field` names the culprit."
);
pyo3::create_exception!(
    apisec,
    InputError,
    ApisecError,
    "A document is not the format it claims (e.g. HAR)."
);
pyo3::create_exception!(apisec, SnapshotError, ApisecError, "A snapshot could not be written or restored.");

/// Records converted per GIL round trip in `ingest_many`.
const BATCH: usize = 4096;

/// Maps a core error to its exception class, with `kind` and the detail attributes set.
fn py_err(py: Python<'_>, e: &Error, line: Option<u64>) -> PyErr {
    let msg = e.to_string();
    let err = match e {
        Error::Policy(_) => PolicyError::new_err(msg),
        Error::Record(_) => RecordError::new_err(msg),
        Error::Input(_) => InputError::new_err(msg),
        Error::Snapshot(_) => SnapshotError::new_err(msg),
        _ => ApisecError::new_err(msg),
    };
    let v = err.value(py);
    let _ = v.setattr("kind", e.kind());
    match e {
        Error::Policy(p) => {
            let _ = v.setattr("path", &p.path);
        }
        Error::Record(r) => {
            let _ = v.setattr("field", &r.field);
            let _ = v.setattr("line", line);
        }
        _ => {}
    }
    err
}

/// JSON bytes of a record or policy given as dict (or any JSON-serialisable object), str or
/// bytes.
fn json_bytes(obj: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(s.to_cow()?.as_bytes().to_vec());
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(b.to_vec());
    }
    if obj.cast::<PyDict>().is_ok() {
        let text = obj.py().import("json")?.call_method1("dumps", (obj,))?;
        return Ok(text.cast::<PyString>()?.to_cow()?.as_bytes().to_vec());
    }
    Err(PyTypeError::new_err(format!("expected a dict, str or bytes, got {}", obj.get_type().name()?)))
}

/// A plain Python value (dict/list/str/...) from a core output type.
fn to_py<'py, T: serde::Serialize>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(v).map_err(|e| ApisecError::new_err(format!("serialising: {e}")))?;
    py.import("json")?.call_method1("loads", (text,))
}

fn summary<'py>(py: Python<'py>, s: IngestSummary) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, &s)
}

/// A policy from None (default), a dict, a JSON string, bytes or a path (str or PathLike).
fn load_policy(py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Policy> {
    let Some(p) = policy else { return Ok(Policy::default()) };
    let text = if let Ok(s) = p.cast::<PyString>() {
        let s = s.to_cow()?.into_owned();
        if s.trim_start().starts_with('{') { s } else { std::fs::read_to_string(&s)? }
    } else if p.cast::<PyDict>().is_ok() || p.cast::<PyBytes>().is_ok() {
        String::from_utf8(json_bytes(p)?).map_err(|e| PolicyError::new_err(e.to_string()))?
    } else {
        let path: std::path::PathBuf = p.extract()?;
        std::fs::read_to_string(path)?
    };
    Policy::from_json(&text).map_err(|e| py_err(py, &Error::from(e), None))
}

/// Streams a JSONL or HAR document from `r` through the core's `DocumentStream` (the
/// reader `apisec analyze` uses too).
fn ingest_reader(e: &mut Engine, mut r: impl std::io::Read) -> std::io::Result<IngestSummary> {
    let mut stream = DocumentStream::new(None);
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match r.read(&mut buf) {
            Ok(0) => return Ok(stream.finish(e)),
            Ok(n) => stream.push(e, &buf[..n]),
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
}

/// The detector: feed it records, query it any time.
#[pyclass(name = "Engine", module = "apisec")]
struct PyEngine {
    inner: Mutex<Engine>,
}

impl PyEngine {
    fn lock(&self) -> PyResult<MutexGuard<'_, Engine>> {
        self.inner.lock().map_err(|_| ApisecError::new_err("engine unusable after an internal panic"))
    }

    /// Runs a read-only query with the GIL released and converts its JSON.
    fn query<'py, T: serde::Serialize + Send>(
        &self,
        py: Python<'py>,
        f: impl FnOnce(&Engine) -> T + Send,
    ) -> PyResult<Bound<'py, PyAny>> {
        let v = py.detach(|| self.lock().map(|e| f(&e)))?;
        to_py(py, &v)
    }
}

#[pymethods]
impl PyEngine {
    /// `policy`: None (every built-in detector on), a dict, a JSON string, or a path to a
    /// JSON file (str or os.PathLike).
    #[new]
    #[pyo3(signature = (policy=None))]
    fn new(py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let engine = Engine::new(load_policy(py, policy)?).map_err(|e| py_err(py, &e, None))?;
        Ok(PyEngine { inner: Mutex::new(engine) })
    }

    /// Rebuilds an engine from `snapshot()` bytes and a policy (as in the constructor).
    #[staticmethod]
    #[pyo3(signature = (snapshot, policy=None))]
    fn restore(py: Python<'_>, snapshot: &[u8], policy: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let policy = load_policy(py, policy)?;
        let engine = py.detach(|| Engine::restore(policy, snapshot)).map_err(|e| py_err(py, &e, None))?;
        Ok(PyEngine { inner: Mutex::new(engine) })
    }

    /// Everything the engine has learned (not the policy), as bytes for `Engine.restore`.
    fn snapshot<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let res = py.detach(|| self.lock().map(|e| e.snapshot()))?;
        Ok(PyBytes::new(py, &res.map_err(|e| py_err(py, &e, None))?))
    }

    /// Folds a copy of another engine's state into this one (shards that saw disjoint
    /// records); `other` is left as it was.
    fn merge(&self, py: Python<'_>, other: PyRef<'_, PyEngine>) -> PyResult<()> {
        let other: &PyEngine = &other;
        let res = py.detach(|| {
            let theirs = other.lock()?.clone();
            Ok::<_, PyErr>(self.lock()?.merge(theirs))
        })?;
        res.map_err(|e| py_err(py, &e, None))
    }

    /// Takes the log-subscription records produced since the last call: a list of dicts.
    fn drain_logs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let logs = py.detach(|| self.lock().map(|mut e| e.drain_logs()))?;
        to_py(py, &logs)
    }

    /// Ingests one record (dict, JSON str or bytes). Raises `RecordError` when rejected.
    fn ingest(&self, py: Python<'_>, record: &Bound<'_, PyAny>) -> PyResult<()> {
        let bytes = json_bytes(record)?;
        let res = py.detach(|| {
            let mut e = self.lock()?;
            Ok::<_, PyErr>(e.ingest_json(&bytes).map_err(|err| (err, e.stats().records)))
        })?;
        res.map_err(|(err, line)| py_err(py, &err, Some(line)))
    }

    /// Ingests every record of an iterable (dicts, str or bytes); rejected records are
    /// counted (with their position from 1) rather than raised. Returns
    /// `{"accepted": n, "rejected": m}`.
    fn ingest_many<'py>(&self, py: Python<'py>, records: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let mut sum = IngestSummary::default();
        let mut batch: Vec<Vec<u8>> = Vec::with_capacity(BATCH);
        let mut first_line = 1u64;
        let mut iter = records.try_iter()?.peekable();
        while iter.peek().is_some() {
            batch.clear();
            for item in iter.by_ref().take(BATCH) {
                batch.push(json_bytes(&item?)?);
            }
            let start = first_line;
            py.detach(|| {
                let mut e = self.lock()?;
                for (i, b) in batch.iter().enumerate() {
                    if e.ingest_json_at(b, start + i as u64).is_ok() {
                        sum.accepted += 1;
                    } else {
                        sum.rejected += 1;
                    }
                }
                Ok::<_, PyErr>(())
            })?;
            first_line += batch.len() as u64;
        }
        summary(py, sum)
    }

    /// Reads and ingests a JSONL or HAR file (detected from its content) with the GIL
    /// released, streaming JSONL in 1 MiB chunks (a multi-GB file is never held whole). Bad lines are counted with their line numbers. Returns
    /// `{"accepted": n, "rejected": m}`; raises `OSError` when the file cannot be read.
    fn ingest_file<'py>(&self, py: Python<'py>, path: std::path::PathBuf) -> PyResult<Bound<'py, PyAny>> {
        let sum = py.detach(|| {
            let file = std::fs::File::open(&path)?;
            let mut e = self.lock()?;
            Ok::<_, PyErr>(ingest_reader(&mut e, file)?)
        })?;
        summary(py, sum)
    }

    /// The API inventory: a list of asset dicts.
    fn assets<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, Engine::assets)
    }

    /// Open risks: a list of risk dicts.
    fn risks<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, Engine::risks)
    }

    /// Events: a list of event dicts.
    fn events<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, Engine::events)
    }

    /// Overview counts: a dict.
    fn overview<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, Engine::overview)
    }

    /// Run statistics (records, rejected, reject reasons with line numbers): a dict.
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, |e| e.stats().clone())
    }

    /// The whole report: `{"assets", "risks", "events", "overview", "stats"}`.
    fn report<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, Engine::report)
    }

    /// The discovered inventory as an OpenAPI 3.0.3 document (a dict).
    fn openapi<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, Engine::openapi)
    }

    /// The compliance check: persons whose personal information reached clients outside the
    /// Chinese mainland, and whether an assessment is due (a dict; `enabled` is False while
    /// the check is off for every protected object, the default).
    fn compliance<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, Engine::compliance)
    }

    /// Tracing and auditing: where `value` (e.g. a leaked ID or phone number) flowed — APIs,
    /// clients, times, counts, overlapping events (a dict; `enabled` is False while tracing is
    /// off everywhere, the default).
    fn trace<'py>(&self, py: Python<'py>, value: String) -> PyResult<Bound<'py, PyAny>> {
        self.query(py, move |e| e.trace(&value))
    }

    /// Turns the compliance check and/or tracing and auditing on for every protected object,
    /// on top of the policy's `effective_objects` switches (both off by default). Not kept in
    /// a snapshot: set it again after `Engine.restore`.
    #[pyo3(signature = (*, compliance_check=false, tracing_auditing=false))]
    fn set_audit_switches(
        &self,
        py: Python<'_>,
        compliance_check: bool,
        tracing_auditing: bool,
    ) -> PyResult<()> {
        let sw = AuditSwitches { compliance_check, tracing_auditing };
        py.detach(|| self.lock().map(|mut e| e.set_audit_switches(sw)))
    }

    /// Sensitive data in one text (str, or bytes repaired as UTF-8 first) with this
    /// engine's policy: a list of `{"code", "name", "level", "start", "end"}` with byte
    /// offsets into the UTF-8 text, exactly as `apisec scan` prints them.
    fn scan<'py>(&self, py: Python<'py>, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let bytes = if let Ok(s) = text.cast::<PyString>() {
            s.to_cow()?.into_owned().into_bytes()
        } else if let Ok(b) = text.cast::<PyBytes>() {
            b.as_bytes().to_vec()
        } else if let Ok(b) = text.cast::<PyByteArray>() {
            b.to_vec()
        } else {
            return Err(PyTypeError::new_err(format!(
                "expected str or bytes, got {}",
                text.get_type().name()?
            )));
        };
        self.query(py, move |e| e.scan_bytes(&bytes))
    }
}

/// The `apisec` extension module.
#[pymodule(name = "apisec")]
fn apisec_py(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<PyEngine>()?;
    m.add("ApisecError", py.get_type::<ApisecError>())?;
    m.add("PolicyError", py.get_type::<PolicyError>())?;
    m.add("RecordError", py.get_type::<RecordError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("SnapshotError", py.get_type::<SnapshotError>())?;
    let all =
        ["__version__", "Engine", "ApisecError", "PolicyError", "RecordError", "InputError", "SnapshotError"];
    m.add("__all__", all.to_vec())?;
    Ok(())
}
