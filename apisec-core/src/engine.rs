//! The engine: takes records one at a time and keeps per-API state; answers queries.
//!
//! `ingest` runs the stages in order — protected-object switch, parameter extraction,
//! inventory (API template), sensitive data, facts (auth, purpose, login outcome), risks,
//! events, log subscription. A record is validated completely before any state changes, so
//! a rejected record leaves the engine exactly as it was.

use crate::error::Error;
use crate::facets::{AssetContext, FacetSettings, RecordFacts};
use crate::inventory::Inventory;
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
    facet_settings: FacetSettings,
    last_facts: RecordFacts,
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
}

impl Engine {
    /// Compiles every detector once from the policy.
    pub fn new(policy: Policy) -> Result<Engine, Error> {
        Ok(Engine {
            policy,
            state: State::default(),
            facet_settings: FacetSettings::default(),
            last_facts: RecordFacts::default(),
        })
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
            let new_day = crate::time::day_of(rec.ts) > crate::time::day_of(st.watermark);
            st.watermark = rec.ts;
            if new_day {
                // Assets idle for over 30 days go (by event time); their risks and events
                // follow once those stages exist.
                let _gone = st.inventory.prune(st.watermark);
            }
        }
        let params = params::extract(rec);
        let api = st.inventory.observe(rec);
        if api.sample.is_none() {
            api.sample = Some(sample_of(rec));
        }
        // Sensitive codes join here once the scanner lands.
        let facts = api.facets.observe(rec, &params, &api.key.template, &self.facet_settings, &[], &[]);
        self.last_facts = facts;
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
            Ok(rec) => {
                self.state.stats.bytes += bytes.len() as u64;
                self.ingest(&rec)
            }
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

    /// Every discovered API, ordered by host, template, method.
    pub fn assets(&self) -> Vec<Asset> {
        let ctx = AssetContext {
            watermark: self.state.watermark,
            global_private_share: self.state.inventory.private_share(),
            settings: &self.facet_settings,
        };
        let mut v: Vec<Asset> = self
            .state
            .inventory
            .apis
            .values()
            .filter(|a| !crate::facets::lifecycle::expired(a.last_ts, self.state.watermark))
            .map(|a| crate::report::asset_in(a, &ctx))
            .collect();
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

    /// The facts the facets found in the last ingested record (authenticated, credential
    /// fields, the record's purposes) — for the stages that run after them.
    pub fn last_facts(&self) -> &RecordFacts {
        &self.last_facts
    }

    /// The settings the asset facets run with.
    pub fn facet_settings(&self) -> &FacetSettings {
        &self.facet_settings
    }

    /// The learned state (read-only).
    pub fn state(&self) -> &State {
        &self.state
    }
}

/// Groups reject reasons by top-level field (`req_headers[3]` → `req_headers`).
fn field_class(field: &str) -> String {
    field.split(['[', '.']).next().unwrap_or(field).to_owned()
}
