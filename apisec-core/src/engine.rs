//! The engine: takes records one at a time and keeps per-API state; answers queries.
//!
//! `ingest` runs the stages in order — protected-object switch, parameter extraction,
//! inventory (API template), sensitive data, facts (auth, purpose, login outcome), risks,
//! events, log subscription. A record is validated completely before any state changes, so
//! a rejected record leaves the engine exactly as it was.

use crate::compliance::{AuditSwitches, ComplianceReport, ComplianceTracker, Direction, FlowInput};
use crate::error::Error;
use crate::facets::{AssetContext, FacetSettings, RequestFacts};
use crate::inventory::Inventory;
use crate::logs::{ASSET_INTERVAL, LogKind, LogQueue, LogRecord};
use crate::model::{Asset, Event, Overview, Reject, Report, Risk, Stats};
use crate::params;
use crate::policy::Policy;
use crate::record::Record;
use crate::risks::{RiskEngine, RiskStore};
use crate::sample::sample_of;
use crate::sensitive::{RecordSensitive, SensitiveScanner, mask::mask_sample};
use crate::trace::{TraceIndex, TraceResult};
use serde::{Deserialize, Serialize};

/// The detector. Build it once from a [`Policy`]; feed it records; query it any time.
#[derive(Debug, Clone)]
pub struct Engine {
    policy: Policy,
    scanner: SensitiveScanner,
    state: State,
    /// Audit switches forced on for every protected object ([`Engine::set_audit_switches`]).
    audit: AuditSwitches,
    facet_settings: FacetSettings,
    last_facts: RequestFacts,
    /// The sensitive scanner's buffers and field-name cache, kept across records.
    scratch: ScanCache,
}

/// Scratch space a clone starts afresh (it only holds buffers and a cache of pure results).
#[derive(Debug, Default)]
struct ScanCache(crate::sensitive::Scratch);

impl Clone for ScanCache {
    fn clone(&self) -> Self {
        ScanCache::default()
    }
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
    /// Event detectors' windows and baselines.
    #[serde(default)]
    pub event_windows: crate::events::EventEngine,
    /// Security events.
    #[serde(default)]
    pub events: crate::events::EventStore,
    /// Open risks, one per (API, type).
    #[serde(default)]
    pub risks: RiskStore,
    /// Cross-record state of the risk rules.
    #[serde(default)]
    pub risk_engine: RiskEngine,
    /// Cross-border person counters (compliance check).
    #[serde(default)]
    pub compliance: ComplianceTracker,
    /// Where sensitive values flowed (tracing and auditing).
    #[serde(default)]
    pub trace: TraceIndex,
}

impl Engine {
    /// Compiles every detector once from the policy.
    pub fn new(policy: Policy) -> Result<Engine, Error> {
        let scanner = SensitiveScanner::new(|code| policy.sensitive_enabled(code));
        let facet_settings = FacetSettings::from_policy(&policy);
        Ok(Engine {
            policy,
            scanner,
            state: State::default(),
            facet_settings,
            last_facts: RequestFacts::default(),
            scratch: ScanCache::default(),
            audit: AuditSwitches::default(),
        })
    }

    /// Turns the compliance check and/or tracing and auditing on for every protected object,
    /// on top of the policy's per-object switches (`effective_objects`). Both features are
    /// off by default, as in the product; this is the one-line way to turn them on for a
    /// demo or a test. Not part of a snapshot: set it again after [`Engine::restore`].
    pub fn set_audit_switches(&mut self, switches: AuditSwitches) {
        self.audit = switches;
    }

    /// The audit switches in force for `host`: the policy's object switches (each effective
    /// only where basic detection is on), or-ed with [`Engine::set_audit_switches`].
    pub fn audit_switches(&self, host: &str) -> AuditSwitches {
        audit_switches_of(&self.policy, self.audit, host)
    }

    /// Each feature: true when it is on for at least one protected object.
    fn audit_any(&self) -> AuditSwitches {
        let mut any = self.audit;
        let eo = &self.policy.config().effective_objects;
        let objects = eo.objects.iter().map(|o| (o.basic_detection, o.compliance_check, o.tracing_auditing));
        let groups = eo.groups.iter().map(|g| (g.basic_detection, g.compliance_check, g.tracing_auditing));
        for (basic, comp, trace) in objects.chain(groups) {
            any.compliance_check |= basic && comp;
            any.tracing_auditing |= basic && trace;
        }
        any
    }

    /// Feeds one exchange's sensitive values to the compliance check and the trace index,
    /// each only if its switch is on for the flow's host. [`Engine::ingest`] calls this with
    /// the sensitive scanner's findings; callers with their own detector may call it too.
    pub fn observe_flow(&mut self, flow: &FlowInput<'_>) {
        observe_flow_in(&mut self.state, audit_switches_of(&self.policy, self.audit, flow.host), flow);
    }

    /// The compliance check: persons whose personal information reached clients outside the
    /// Chinese mainland since January 1 of last year, and whether an assessment is due.
    pub fn compliance(&self) -> ComplianceReport {
        self.state.compliance.report(self.audit_any().compliance_check)
    }

    /// Tracing and auditing: where `value` (e.g. a leaked ID or phone number) flowed — APIs,
    /// clients, times, counts — and which events overlap. `enabled` is false, and nothing is
    /// found, while tracing is off everywhere (the default).
    pub fn trace(&self, value: &str) -> TraceResult {
        self.state.trace.result(value, self.audit_any().tracing_auditing, &self.assets(), &self.events())
    }

    /// The policy this engine was built with.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The sensitive data scanner built from the policy (built-in types only; see
    /// [`Engine::scan`] for built-in and custom types together).
    pub fn scanner(&self) -> &SensitiveScanner {
        &self.scanner
    }

    /// Ingests one validated record.
    pub fn ingest(&mut self, rec: &Record<'_>) -> Result<(), Error> {
        let Engine { policy, scanner, state: st, facet_settings, last_facts, audit, scratch } = self;
        st.stats.records += 1;
        st.stats.accepted += 1;
        if rec.ts > st.watermark {
            let new_day = crate::time::day_of(rec.ts) > crate::time::day_of(st.watermark);
            st.watermark = rec.ts;
            if new_day {
                // Assets idle for over 30 days go (by event time); their risks and events
                // follow once those stages exist.
                for id in st.inventory.prune(st.watermark) {
                    st.events.remove_api(&id);
                    st.risks.remove_api(&id);
                }
            }
        }
        let params = params::extract(rec);
        let sensitive = scan_sensitive(scanner, policy, &params, &mut scratch.0);
        let (watermark, global_private_share) = (st.watermark, st.inventory.private_share());
        let resp_sig = crate::discovery::body_signature(params.resp_json.as_ref());
        // Static files and unanswered scans go to a hidden noise state (events still see
        // them; assets never list them). Only a host over its API cap yields nothing.
        let Some(api) = st.inventory.observe_with(rec, resp_sig) else {
            return Ok(());
        };
        api.sensitive.observe_by(&sensitive, |c| policy.sensitive_level_of(c));
        let sw = audit_switches_of(policy, *audit, rec.host_name());
        let audit_api = ((sw.compliance_check || sw.tracing_auditing) && !sensitive.findings.is_empty())
            .then(|| api.id.clone());
        if api.sample.is_none() {
            let mut sample = sample_of(rec);
            if policy.desensitize() {
                mask_sample(&mut sample, scanner);
            }
            api.sample = Some(sample);
        }
        let req_codes: Vec<u16> = sensitive.req.keys().copied().collect();
        let resp_codes: Vec<u16> = sensitive.resp.keys().copied().collect();
        let facts = api.facets.observe(
            rec,
            &params,
            &api.key.template,
            facet_settings,
            policy,
            &req_codes,
            &resp_codes,
        );
        // Risks: the rules see this record with the API's purposes and service objects.
        let mut purposes: Vec<crate::catalog::Purpose> = facts.purposes.iter().collect();
        for p in api.facets.purpose.result().iter() {
            if !purposes.contains(&p) {
                purposes.push(p);
            }
        }
        let service =
            api.facets.api_type(&api.key.host, &api.key.template, global_private_share, api.daily.len());
        let (req_counts, resp_counts) = sensitive_counts(&sensitive, &params, policy);
        let leaks = rec.resp_body.as_deref().map(crate::facts::leaks::scan).unwrap_or_default();
        let input = crate::risks::RiskInput {
            record: rec,
            params: &params,
            api_id: &api.id,
            template: &api.key.template,
            purposes: &purposes,
            service_objects: &service,
            authenticated: facts.authenticated,
            req_sensitive: &req_counts,
            resp_sensitive: &resp_counts,
            desensitize: policy.desensitize(),
            leaks,
        };
        let mut hits = Vec::new();
        st.risk_engine.observe(&input, &|k| policy.risk_enabled(k), &mut hits);
        crate::risks::custom::evaluate(policy, &input, &mut hits);
        for mut h in hits {
            if let Some(kind) = h.kind {
                match crate::risks::admit(policy, kind, &api.key.host, &api.key.template) {
                    Some(level) => h.level = level,
                    None => continue,
                }
            }
            let tag = h.tag.clone();
            let masked = policy.desensitize();
            if st.risks.raise(&api.id, h, rec.ts, || {
                let mut s = sample_of(rec);
                if masked {
                    mask_sample(&mut s, scanner);
                }
                s
            }) && let Some(r) = st.risks.get(&api.id, &tag)
            {
                let view = RiskStore::to_risk(r, Some(api), api.facets.api_tag());
                st.logs.push(LogKind::Risk, serde_json::to_value(view).unwrap_or_default());
            }
        }
        let ev = crate::events::wire::Sinks {
            windows: &mut st.event_windows,
            store: &mut st.events,
            logs: &mut st.logs,
        };
        ev.observe(policy, rec, &params, api, &facts, &sensitive, leaks, global_private_share);
        *last_facts = facts;
        if api.last_logged.is_none_or(|t| rec.ts - t >= ASSET_INTERVAL) {
            api.last_logged = Some(rec.ts);
            let ctx = AssetContext {
                watermark,
                global_private_share,
                settings: facet_settings,
                desensitize: policy.desensitize(),
            };
            let mut asset = crate::report::asset_in(api, &ctx);
            asset.abnormal_num = st.risks.count_for(&api.id) as u32;
            asset.event_num = st.events.count_for(&api.id) as u32;
            st.logs.push(LogKind::Asset, serde_json::to_value(asset).unwrap_or_default());
        }
        if let Some(api_id) = audit_api {
            audit_record(st, sw, rec, &api_id, &params, &sensitive);
        }
        // APIs folded into a template at ingest time take their risks and events along.
        for (from, to) in st.inventory.take_rehomed() {
            st.risks.rehome(&from, &to);
            st.events.rehome(&from, &to);
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
        self.ingest_json_from(bytes, line, None)
    }

    /// Like [`Engine::ingest_json_at`], naming the input (`source`, e.g. a file name) in
    /// the reject reason.
    pub fn ingest_json_from(&mut self, bytes: &[u8], line: u64, source: Option<&str>) -> Result<(), Error> {
        match Record::from_json(bytes) {
            Ok(rec) => self.ingest(&rec),
            Err(e) => {
                self.reject_from(line, &e, source);
                Err(Error::Record(e))
            }
        }
    }

    /// Counts a record rejected before it reached the engine (e.g. a bad HAR entry).
    pub fn reject(&mut self, line: u64, e: &crate::record::RecordError) {
        self.reject_from(line, e, None);
    }

    /// Like [`Engine::reject`]; a `source` prefixes the reason (`"b.jsonl: ts: …"`).
    pub fn reject_from(&mut self, line: u64, e: &crate::record::RecordError, source: Option<&str>) {
        let s = &mut self.state.stats;
        s.records += 1;
        s.rejected += 1;
        *s.rejected_by_field.entry(field_class(&e.field)).or_default() += 1;
        if s.rejects.len() < Stats::MAX_REJECTS {
            let reason = match source {
                Some(src) => format!("{src}: {e}"),
                None => e.to_string(),
            };
            s.rejects.push(Reject { line, reason });
        }
    }

    /// The inventory with re-learned templates (literal paths that turned out to be values
    /// of one parameter folded into it); [`crate::inventory::InventoryView::resolve`] maps an
    /// `api_id` handed out at ingest time to the id of the API it now belongs to.
    pub fn api_view(&self) -> crate::inventory::InventoryView {
        self.state.inventory.view()
    }

    /// Every discovered API (re-learned templates), ordered by host, template, method.
    pub fn assets(&self) -> Vec<Asset> {
        let ctx = AssetContext {
            watermark: self.state.watermark,
            global_private_share: self.state.inventory.private_share(),
            settings: &self.facet_settings,
            desensitize: self.policy.desensitize(),
        };
        let view = self.state.inventory.view();
        // Risks and events were hung on ingest-time ids: count them on the id they resolve to.
        let mut risk_counts: std::collections::BTreeMap<&str, u64> = std::collections::BTreeMap::new();
        let mut seen: std::collections::BTreeSet<(&str, &str)> = std::collections::BTreeSet::new();
        for r in self.state.risks.iter() {
            let id = view.resolve(&r.api_id);
            if seen.insert((id, r.tag.as_str())) {
                *risk_counts.entry(id).or_default() += 1;
            }
        }
        let mut event_counts: std::collections::BTreeMap<&str, u64> = std::collections::BTreeMap::new();
        for (id, n) in self.state.events.counts() {
            *event_counts.entry(view.resolve(id)).or_default() += n;
        }
        let mut v: Vec<Asset> = view
            .apis
            .values()
            .filter(|a| !crate::facets::lifecycle::expired(a.last_ts, self.state.watermark))
            .map(|a| {
                let mut asset = crate::report::asset_in(a, &ctx);
                let n = |m: &std::collections::BTreeMap<&str, u64>| {
                    m.get(a.id.as_str()).copied().unwrap_or(0).min(u32::MAX as u64) as u32
                };
                asset.abnormal_num = n(&risk_counts);
                asset.event_num = n(&event_counts);
                asset
            })
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

    /// Every open risk, ordered by API id and tag. Risks raised on literal paths that were
    /// re-learned as one template are reported once on the template's API (the earliest).
    pub fn risks(&self) -> Vec<Risk> {
        let view = self.state.inventory.view();
        let by_id: std::collections::BTreeMap<&str, &crate::inventory::ApiState> =
            view.apis.values().map(|a| (a.id.as_str(), a)).collect();
        let mut out: std::collections::BTreeMap<(String, String), Risk> = std::collections::BTreeMap::new();
        for r in self.state.risks.iter() {
            let id = view.resolve(&r.api_id);
            // A weakness needs an API: nothing on noise or pruned states.
            let Some(api) = by_id.get(id).copied() else { continue };
            let api = Some(api);
            let mut risk = RiskStore::to_risk(r, api, api.map(|a| a.facets.api_tag()).unwrap_or_default());
            if id != r.api_id {
                risk.api_id = id.to_owned();
                risk.abnormal_id = crate::ids::stable_id(&[id, &r.tag]);
            }
            let k = (risk.api_id.clone(), risk.abnormal_tag.clone());
            match out.get_mut(&k) {
                Some(old)
                    if (risk.abnormal_discover_ts, &risk.abnormal_id)
                        < (old.abnormal_discover_ts, &old.abnormal_id) =>
                {
                    *old = risk
                }
                Some(_) => {}
                None => {
                    out.insert(k, risk);
                }
            }
        }
        out.into_values().collect()
    }

    /// Every event, in start order, on the API its ingest-time id resolves to.
    pub fn events(&self) -> Vec<Event> {
        let mut v = crate::events::wire::events(&self.state, self.policy.desensitize());
        let view = self.state.inventory.view();
        for e in &mut v {
            let id = view.resolve(&e.api_id);
            if id != e.api_id
                && let Some(a) = view.apis.values().find(|a| a.id == id)
            {
                e.api_format = a.key.template.clone();
                e.api_id = id.to_owned();
            }
        }
        v
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

    /// The discovered inventory as an OpenAPI 3.0.3 document.
    pub fn openapi(&self) -> serde_json::Value {
        crate::openapi::openapi(&self.assets(), &crate::openapi::OpenApiOptions::default())
    }

    /// The facts the facets found in the last ingested record (authenticated, credential
    /// fields, the record's purposes) — for the stages that run after them.
    pub fn last_facts(&self) -> &RequestFacts {
        &self.last_facts
    }

    /// The settings the asset facets run with.
    pub fn facet_settings(&self) -> &FacetSettings {
        &self.facet_settings
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

/// Scans a record's parameters for built-in and custom sensitive types.
fn scan_sensitive(
    scanner: &SensitiveScanner,
    policy: &Policy,
    params: &params::Params<'_>,
    sc: &mut crate::sensitive::Scratch,
) -> RecordSensitive {
    let mut out = RecordSensitive::default();
    scanner.scan_params_with(params, sc, &mut out);
    let customs = policy.custom_sensitive_types();
    if !customs.is_empty() {
        let mut spans = Vec::new();
        for p in &params.items {
            for c in customs {
                spans.clear();
                c.find_iter(&p.value, &mut spans);
                if !spans.is_empty() {
                    let side = if p.location.is_request() { &mut out.req } else { &mut out.resp };
                    *side.entry(c.code).or_default() += spans.len() as u32;
                }
            }
        }
    }
    out
}

/// The audit switches of `host`: the policy's object switches where basic detection is on,
/// or-ed with the engine-wide ones.
fn audit_switches_of(policy: &Policy, forced: AuditSwitches, host: &str) -> AuditSwitches {
    let o = policy.object_switches(host);
    AuditSwitches {
        compliance_check: forced.compliance_check || (o.basic_detection && o.compliance_check),
        tracing_auditing: forced.tracing_auditing || (o.basic_detection && o.tracing_auditing),
    }
}

fn observe_flow_in(st: &mut State, sw: AuditSwitches, flow: &FlowInput<'_>) {
    if flow.values.is_empty() {
        return;
    }
    if sw.compliance_check {
        st.compliance.observe(flow);
    }
    if sw.tracing_auditing {
        st.trace.observe(flow);
    }
}

/// Hands the scanner's findings of each side of a record to the audit features.
fn audit_record(
    st: &mut State,
    sw: AuditSwitches,
    rec: &Record<'_>,
    api_id: &str,
    params: &params::Params<'_>,
    sensitive: &RecordSensitive,
) {
    let host = rec.host_name().to_ascii_lowercase();
    let ip = rec.client_ip.to_string();
    let mut req: Vec<(u16, &str)> = Vec::new();
    let mut resp: Vec<(u16, &str)> = Vec::new();
    for pf in &sensitive.findings {
        let Some(p) = params.items.get(pf.param) else { continue };
        let Some(v) = p.value.get(pf.finding.start..pf.finding.end) else { continue };
        let side = if p.location.is_request() { &mut req } else { &mut resp };
        side.push((pf.finding.code, v));
    }
    for (direction, values) in [(Direction::Request, &req), (Direction::Response, &resp)] {
        let flow = FlowInput {
            ts: rec.ts,
            host: &host,
            api_id,
            client_ip: &ip,
            country: rec.src_country.as_deref(),
            account: rec.account.as_deref(),
            direction,
            values,
        };
        observe_flow_in(st, sw, &flow);
    }
}

/// One [`crate::risks::SensitiveCount`] per (code, location) for the request and the response
/// side, with the first value (masked when de-identification is on).
fn sensitive_counts(
    sensitive: &RecordSensitive,
    params: &params::Params<'_>,
    policy: &Policy,
) -> (Vec<crate::risks::SensitiveCount>, Vec<crate::risks::SensitiveCount>) {
    use crate::risks::SensitiveCount;
    let (mut req, mut resp): (Vec<SensitiveCount>, Vec<SensitiveCount>) = (Vec::new(), Vec::new());
    for f in &sensitive.findings {
        let Some(p) = params.items.get(f.param) else { continue };
        let Some(level) = policy.sensitive_level_of(f.finding.code) else { continue };
        let side = if p.location.is_request() { &mut req } else { &mut resp };
        match side.iter_mut().find(|c| c.code == f.finding.code && c.location == p.location) {
            Some(c) => c.count += 1,
            None => {
                let value = p.value.get(f.finding.start..f.finding.end).unwrap_or("");
                let sample = if policy.desensitize() {
                    crate::catalog::sensitive_type(f.finding.code).map(|t| t.mask.to_owned())
                } else {
                    Some(value.to_owned())
                };
                side.push(SensitiveCount {
                    code: f.finding.code,
                    level,
                    location: p.location,
                    count: 1,
                    param: Some(p.name.to_string()),
                    sample,
                });
            }
        }
    }
    // Custom types are counted without spans: one entry per side.
    for (map, side, loc) in [
        (&sensitive.req, &mut req, crate::catalog::Location::RequestBody),
        (&sensitive.resp, &mut resp, crate::catalog::Location::ResponseBody),
    ] {
        for (&code, &n) in map.range(crate::policy::CUSTOM_CODE_BASE..) {
            if let Some(level) = policy.sensitive_level_of(code) {
                side.push(SensitiveCount { code, level, location: loc, count: n, param: None, sample: None });
            }
        }
    }
    (req, resp)
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
        self.risks.merge(other.risks);
        self.risk_engine.merge(other.risk_engine);
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
        self.event_windows.merge(other.event_windows);
        self.events.merge(other.events);
        for r in other.logs.pending {
            self.logs.push(r.kind, r.body);
        }
        self.logs.dropped += other.logs.dropped;
        self.compliance.merge(&other.compliance);
        self.trace.merge(&other.trace);
    }
}

/// Groups reject reasons by top-level field (`req_headers[3]` → `req_headers`).
fn field_class(field: &str) -> String {
    field.split(['[', '.']).next().unwrap_or(field).to_owned()
}
