//! The engine: takes records one at a time and keeps per-API state; answers queries.
//!
//! `ingest` runs the stages in order — protected-object switch, parameter extraction,
//! inventory (API template), sensitive data, facts (auth, purpose, login outcome), risks,
//! events, log subscription. A record is validated completely before any state changes, so
//! a rejected record leaves the engine exactly as it was.

use crate::error::Error;
use crate::inventory::Inventory;
use crate::logs::{ASSET_INTERVAL, LogKind, LogQueue, LogRecord};
use crate::model::{Asset, Event, Overview, Reject, Report, Risk, Stats};
use crate::params;
use crate::policy::Policy;
use crate::record::Record;
use crate::sample::sample_of;
use serde::{Deserialize, Serialize};

/// The detector. Build it once from a [`Policy`]; feed it records; query it any time.
#[derive(Debug, Clone)]
pub struct Engine {
    policy: Policy,
    state: State,
}

/// Everything an engine has learned: plain serde data, no hidden globals, so it can be
/// snapshotted, restored and merged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// The API inventory.
    pub inventory: Inventory,
    /// Run counters.
    pub stats: Stats,
    /// Latest event time seen.
    pub watermark: f64,
    /// Log-subscription records waiting to be drained.
    pub logs: LogQueue,
}

impl Engine {
    /// Compiles every detector once from the policy.
    pub fn new(policy: Policy) -> Result<Engine, Error> {
        Ok(Engine { policy, state: State::default() })
    }

    /// The policy this engine was built with.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Ingests one validated record.
    pub fn ingest(&mut self, rec: &Record<'_>) -> Result<(), Error> {
        let st = &mut self.state;
        st.stats.records += 1;
        st.stats.accepted += 1;
        if rec.ts > st.watermark {
            st.watermark = rec.ts;
        }
        let params = params::extract(rec);
        let sig = crate::discovery::body_signature(params.resp_json.as_ref());
        let Some(api) = st.inventory.observe_with(rec, sig) else {
            return Ok(());
        };
        if api.sample.is_none() {
            api.sample = Some(sample_of(rec));
        }
        if api.last_logged.is_none_or(|t| rec.ts - t >= ASSET_INTERVAL) {
            api.last_logged = Some(rec.ts);
            let body = serde_json::to_value(crate::report::asset_of(api)).unwrap_or_default();
            st.logs.push(LogKind::Asset, body);
        }
        Ok(())
    }

    /// Parses, validates and ingests one JSON record. A rejected record is counted with its
    /// reason (its line is the ordinal of this call) and returned as an error; nothing else
    /// changes.
    pub fn ingest_json(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let line = self.state.stats.records + 1;
        self.ingest_json_at(bytes, line)
    }

    /// Like [`Engine::ingest_json`], with the caller's line number for the reject report.
    pub fn ingest_json_at(&mut self, bytes: &[u8], line: u64) -> Result<(), Error> {
        match Record::from_json(bytes) {
            Ok(rec) => self.ingest(&rec),
            Err(e) => {
                self.reject(line, &e);
                Err(Error::Record(e))
            }
        }
    }

    /// Counts a record rejected before it reached the engine (e.g. a bad HAR entry).
    pub fn reject(&mut self, line: u64, e: &crate::record::RecordError) {
        let s = &mut self.state.stats;
        s.records += 1;
        s.rejected += 1;
        *s.rejected_by_field.entry(field_class(&e.field)).or_default() += 1;
        if s.rejects.len() < Stats::MAX_REJECTS {
            s.rejects.push(Reject { line, reason: e.to_string() });
        }
    }

    /// The inventory with re-learned templates; [`crate::inventory::InventoryView::resolve`] maps an `api_id`
    /// handed out at ingest time to the id of the template it now belongs to.
    pub fn api_view(&self) -> crate::inventory::InventoryView {
        self.state.inventory.view()
    }

    /// Every discovered API, ordered by host, template, method.
    pub fn assets(&self) -> Vec<Asset> {
        let view = self.state.inventory.view();
        let mut v: Vec<Asset> = view.apis.values().map(crate::report::asset_of).collect();
        v.sort_by(|a, b| {
            (&a.service_host, &a.api_format, &a.request_method).cmp(&(
                &b.service_host,
                &b.api_format,
                &b.request_method,
            ))
        });
        v
    }

    /// Every open risk.
    pub fn risks(&self) -> Vec<Risk> {
        Vec::new()
    }

    /// Every event.
    pub fn events(&self) -> Vec<Event> {
        Vec::new()
    }

    /// Overview counts.
    pub fn overview(&self) -> Overview {
        crate::report::overview(&self.assets(), &self.risks(), &self.events())
    }

    /// Run statistics.
    pub fn stats(&self) -> &Stats {
        &self.state.stats
    }

    /// The full report (`apisec analyze --format json`).
    pub fn report(&self) -> Report {
        let assets = self.assets();
        let risks = self.risks();
        let events = self.events();
        let overview = crate::report::overview(&assets, &risks, &events);
        Report { assets, risks, events, overview, stats: self.state.stats.clone() }
    }

    /// Takes the log-subscription records produced since the last call, in order.
    pub fn drain_logs(&mut self) -> Vec<LogRecord> {
        self.state.logs.drain()
    }

    /// Serialises everything the engine has learned (not the policy) into bytes that
    /// [`Engine::restore`] reads back. The format is versioned JSON.
    pub fn snapshot(&self) -> Result<Vec<u8>, Error> {
        let snap = Snapshot { format: SNAPSHOT_FORMAT, state: std::borrow::Cow::Borrowed(&self.state) };
        serde_json::to_vec(&snap).map_err(|e| Error::Snapshot(e.to_string()))
    }

    /// Rebuilds an engine from a policy and a [`Engine::snapshot`].
    pub fn restore(policy: Policy, bytes: &[u8]) -> Result<Engine, Error> {
        let snap: Snapshot<'static> = serde_json::from_slice(bytes)
            .map_err(|e| Error::Snapshot(format!("unreadable snapshot: {e}")))?;
        if snap.format != SNAPSHOT_FORMAT {
            return Err(Error::Snapshot(format!(
                "snapshot format {} is not supported (expected {SNAPSHOT_FORMAT})",
                snap.format
            )));
        }
        let mut e = Engine::new(policy)?;
        e.state = snap.state.into_owned();
        Ok(e)
    }

    /// Folds another engine's state into this one (shards that saw disjoint records).
    /// The result does not depend on the order of merging.
    pub fn merge(&mut self, other: Engine) -> Result<(), Error> {
        self.state.merge(other.state);
        Ok(())
    }

    /// The learned state (read-only).
    pub fn state(&self) -> &State {
        &self.state
    }
}

/// Version of the snapshot format.
const SNAPSHOT_FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Snapshot<'a> {
    format: u32,
    state: std::borrow::Cow<'a, State>,
}

impl State {
    /// Folds `other` into `self`; commutative on everything queries report.
    pub fn merge(&mut self, other: State) {
        self.inventory.merge(other.inventory);
        let (a, b) = (&mut self.stats, other.stats);
        a.records += b.records;
        a.accepted += b.accepted;
        a.rejected += b.rejected;
        a.skipped_disabled += b.skipped_disabled;
        for (k, v) in b.rejected_by_field {
            *a.rejected_by_field.entry(k).or_default() += v;
        }
        a.rejects.extend(b.rejects);
        a.rejects.sort_by(|x, y| (x.line, &x.reason).cmp(&(y.line, &y.reason)));
        a.rejects.truncate(Stats::MAX_REJECTS);
        self.watermark = self.watermark.max(other.watermark);
        for r in other.logs.pending {
            self.logs.push(r.kind, r.body);
        }
        self.logs.dropped += other.logs.dropped;
    }
}

/// Groups reject reasons by top-level field (`req_headers[3]` → `req_headers`).
fn field_class(field: &str) -> String {
    field.split(['[', '.']).next().unwrap_or(field).to_owned()
}
