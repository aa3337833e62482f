//! The API inventory: one [`ApiState`] per (host, method, path template).
//!
//! Input: validated records. Output: per-API state (counters, first/last seen, hosts,
//! ports, one sample) and, at query time, an [`InventoryView`] with the re-learned
//! templates.
//!
//! A record's API is found at ingest time by the [`PathTemplater`] (strong identifiers are
//! parameters at once: `/users/42` → `/users/${param}`). Static files and paths answered
//! only 404/405/410/501 that no template covers are noise and create no API. At query time
//! [`Inventory::view`] re-learns the templates from sibling statistics and folds the states
//! of literal paths that turned out to be one template into it with [`ApiState::absorb`];
//! the merged API's id is the `api_id` of the template key, and the view's alias map sends
//! every ingest-time id to it, so detectors that kept an old id can resolve it.

use crate::discovery::{PathTemplater, TemplateView, is_static_path};
use crate::ids::stable_id;
use crate::model::Sample;
use crate::record::Record;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Identity of an API: host name (no port), method, template.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ApiKey {
    /// Host name without port, lower case.
    pub host: String,
    /// Method, upper case.
    pub method: String,
    /// Path template (`/users/${param}`).
    pub template: String,
}

impl ApiKey {
    /// The stable `api_id` of this key.
    pub fn api_id(&self) -> String {
        stable_id(&[&self.host, &self.method, &self.template])
    }
}

/// Everything the engine keeps about one API.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiState {
    /// Its identity.
    pub key: ApiKey,
    /// `api_id`.
    pub id: String,
    /// First seen (event time).
    pub first_ts: f64,
    /// Last seen (event time).
    pub last_ts: f64,
    /// Requests seen.
    pub count: u64,
    /// Host names as sent (with case), capped.
    pub hosts: BTreeSet<String>,
    /// Server ports seen, capped.
    pub ports: BTreeSet<u16>,
    /// Requests per UTC day (day number → count), last 40 days.
    pub daily: BTreeMap<i64, u64>,
    /// One sample exchange.
    pub sample: Option<Sample>,
    /// Learned facets: structure, auth fields, purposes, sources.
    #[serde(default)]
    pub facets: crate::facets::ApiFacets,
    /// When the last asset log of this API was produced (event time).
    pub last_logged: Option<f64>,
    /// Requests answered with something other than "not found" (404/405/410/501); an API
    /// that never answered is scanner noise and is left out of the view.
    #[serde(default)]
    pub answered: u64,
    /// Only noise (static files, unanswered paths no template covers) reached this state:
    /// detectors see it, the view never lists it.
    #[serde(default)]
    pub noise: bool,
    /// Sensitive types seen in its requests and responses.
    #[serde(default)]
    pub sensitive: crate::sensitive::ApiSensitive,
}

/// Most distinct host spellings / ports kept per API.
const MAX_HOSTS: usize = 16;
/// Days of daily counts kept per API.
const DAILY_DAYS: i64 = 40;

impl ApiState {
    /// A new API first seen at `ts`.
    pub fn new(key: ApiKey, ts: f64) -> Self {
        let id = key.api_id();
        ApiState {
            key,
            id,
            first_ts: ts,
            last_ts: ts,
            count: 0,
            hosts: BTreeSet::new(),
            ports: BTreeSet::new(),
            daily: BTreeMap::new(),
            sample: None,
            facets: Default::default(),
            last_logged: None,
            answered: 0,
            noise: false,
            sensitive: Default::default(),
        }
    }

    /// Counts one record.
    pub fn observe(&mut self, rec: &Record<'_>) {
        self.count += 1;
        if !is_not_found(rec.status) {
            self.answered += 1;
        }
        self.first_ts = self.first_ts.min(rec.ts);
        self.last_ts = self.last_ts.max(rec.ts);
        if self.hosts.len() < MAX_HOSTS {
            self.hosts.insert(rec.host_name().to_owned());
        }
        if let Some(p) = rec.server_port.or_else(|| port_of(&rec.host))
            && self.ports.len() < MAX_HOSTS
        {
            self.ports.insert(p);
        }
        let day = crate::time::day_of(rec.ts);
        *self.daily.entry(day).or_default() += 1;
        while let Some((&first, _)) = self.daily.first_key_value() {
            if first <= day - DAILY_DAYS {
                self.daily.remove(&first);
            } else {
                break;
            }
        }
    }

    /// Folds another state of the same API into this one (template merges, shard merges).
    pub fn absorb(&mut self, other: ApiState) {
        self.count += other.count;
        self.answered += other.answered;
        self.noise &= other.noise;
        self.first_ts = self.first_ts.min(other.first_ts);
        self.last_ts = self.last_ts.max(other.last_ts);
        for h in other.hosts {
            if self.hosts.len() < MAX_HOSTS {
                self.hosts.insert(h);
            }
        }
        for p in other.ports {
            if self.ports.len() < MAX_HOSTS {
                self.ports.insert(p);
            }
        }
        self.sensitive.absorb(&other.sensitive);
        for (d, c) in other.daily {
            *self.daily.entry(d).or_default() += c;
        }
        // Keep the earliest sample so that merge order does not matter.
        match (&self.sample, other.sample) {
            (None, s) => self.sample = s,
            (Some(a), Some(b))
                if (b.example_timestamp, &b.request_body) < (a.example_timestamp, &a.request_body) =>
            {
                self.sample = Some(b)
            }
            _ => {}
        }
        self.facets.absorb(&other.facets);
        self.last_logged = match (self.last_logged, other.last_logged) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }
}

fn port_of(host: &str) -> Option<u16> {
    let (h, p) = host.rsplit_once(':')?;
    if h.contains(':') && !h.ends_with(']') {
        return None;
    }
    p.parse().ok()
}

/// Statuses that mean "no such resource": scanners probing for paths get these.
fn is_not_found(status: Option<u16>) -> bool {
    matches!(status, Some(404 | 405 | 410 | 501))
}

/// Most APIs kept per host; records of further new APIs of that host are counted as overflow.
pub const MAX_APIS_PER_HOST: usize = 20_000;

/// All APIs, keyed by identity.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Inventory {
    /// APIs by key (serialised as a list: each state carries its key). Keys hold the
    /// ingest-time templates; see [`Inventory::view`] for the re-learned ones.
    #[serde(with = "apis_as_list")]
    pub apis: BTreeMap<ApiKey, ApiState>,
    /// The path template trees.
    #[serde(default)]
    pub templates: PathTemplater,
    /// APIs per host (for the per-host cap).
    #[serde(default)]
    pub per_host: BTreeMap<String, usize>,
    /// Records that belong to no API: static files, unanswered scans, capped floods.
    #[serde(default)]
    pub noise: u64,
    /// Ids of APIs folded into a template at ingest time (a tree node filled up) → the
    /// template's id. Capped at [`MAX_ALIASES`].
    #[serde(default)]
    pub alias: BTreeMap<String, String>,
    /// (old id, new id) of states folded at ingest since [`Inventory::take_rehomed`].
    #[serde(skip)]
    rehomed: Vec<(String, String)>,
    /// Noise states per host (for [`MAX_NOISE_PATHS`]).
    #[serde(default)]
    pub noise_paths: BTreeMap<String, usize>,
    /// Calls seen over all APIs (for the service-object model).
    #[serde(default)]
    pub calls: u64,
    /// Of those, calls from private address ranges.
    #[serde(default)]
    pub private_calls: u64,
}

/// Most hidden noise states keyed by raw path per host.
pub const MAX_NOISE_PATHS: usize = 256;

/// Template of the hidden per-host, per-method state that collects noise records (static
/// files, unanswered scans): detectors see them, [`Inventory::view`] never lists them.
pub const NOISE_TEMPLATE: &str = "/${noise}";

/// Most ingest-time aliases kept.
pub const MAX_ALIASES: usize = 100_000;

/// The inventory with re-learned templates (see [`Inventory::view`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InventoryView {
    /// APIs by re-learned key; states of merged literal paths are folded together.
    pub apis: BTreeMap<ApiKey, ApiState>,
    /// Ingest-time `api_id` → re-learned `api_id`, for ids that changed.
    pub alias: BTreeMap<String, String>,
}

impl InventoryView {
    /// The current id of an API known by an ingest-time id (itself when it did not change).
    pub fn resolve<'s>(&'s self, api_id: &'s str) -> &'s str {
        self.alias.get(api_id).map_or(api_id, |s| s.as_str())
    }
}

mod apis_as_list {
    use super::{ApiKey, ApiState};
    use serde::{Deserialize, Deserializer, Serializer};
    use std::collections::BTreeMap;

    pub fn serialize<S: Serializer>(m: &BTreeMap<ApiKey, ApiState>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(m.values())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<ApiKey, ApiState>, D::Error> {
        let v = Vec::<ApiState>::deserialize(d)?;
        Ok(v.into_iter().map(|a| (a.key.clone(), a)).collect())
    }
}

impl Inventory {
    /// Deletes the APIs idle for more than 30 days at `watermark`; returns their ids so
    /// their risks and events can go too.
    pub fn prune(&mut self, watermark: f64) -> Vec<String> {
        let mut gone = Vec::new();
        let per_host = &mut self.per_host;
        self.apis.retain(|k, a| {
            let keep = !crate::facets::lifecycle::expired(a.last_ts, watermark);
            if !keep {
                gone.push(a.id.clone());
                if let Some(n) = per_host.get_mut(&k.host) {
                    *n = n.saturating_sub(1);
                }
            }
            keep
        });
        gone
    }

    /// The (old id, new id) pairs of APIs folded into a template at ingest time since the
    /// last call, so risks and events can follow them.
    pub fn take_rehomed(&mut self) -> Vec<(String, String)> {
        std::mem::take(&mut self.rehomed)
    }

    /// Share of all calls, over every API, that came from private address ranges.
    pub fn private_share(&self) -> f64 {
        if self.calls == 0 { 0.0 } else { self.private_calls as f64 / self.calls as f64 }
    }

    /// Folds another inventory into this one, API by API.
    pub fn merge(&mut self, other: Inventory) {
        self.calls += other.calls;
        self.private_calls += other.private_calls;
        for (k, v) in other.apis {
            match self.apis.get_mut(&k) {
                Some(mine) => mine.absorb(v),
                None => {
                    *self.per_host.entry(k.host.clone()).or_default() += 1;
                    self.apis.insert(k, v);
                }
            }
        }
        self.templates.merge(other.templates);
        self.noise += other.noise;
        for (k, v) in other.alias {
            if self.alias.len() < MAX_ALIASES {
                self.alias.entry(k).or_insert(v);
            }
        }
    }

    /// Finds or creates the API a record belongs to and counts the record. `None` when the
    /// record is noise (static file, an unanswered path no template covers) or its host is
    /// full; such records are counted in [`Inventory::noise`].
    pub fn observe(&mut self, rec: &Record<'_>) -> Option<&mut ApiState> {
        self.observe_with(rec, 0)
    }

    /// Like [`Inventory::observe`], with the response's
    /// [`body_signature`](crate::discovery::body_signature) as evidence for re-learning.
    pub fn observe_with(&mut self, rec: &Record<'_>, resp_sig: u64) -> Option<&mut ApiState> {
        let host = lower(rec.host_name());
        let learn = !is_not_found(rec.status);
        let mut template = String::with_capacity(rec.path.len() + 8);
        let noise = is_static_path(&rec.path)
            || !self.templates.observe_into(&host, &rec.method, &rec.path, resp_sig, learn, &mut template);
        if noise {
            // Noise still reaches the detectors (scans are events) through hidden states
            // keyed by the raw path (at most MAX_NOISE_PATHS per host, then one shared
            // state), which the view never lists.
            self.noise += 1;
            template.clear();
            let n = self.noise_paths.get(&host).copied().unwrap_or(0);
            if n < MAX_NOISE_PATHS {
                template.push_str(&rec.path);
            } else {
                template.push_str(NOISE_TEMPLATE);
            }
        }
        for h in self.templates.take_relearned() {
            self.rekey(&h);
            if h == host
                && let Some(t) = self.templates.resolve(&host, &template)
            {
                template = t;
            }
        }
        let key = ApiKey { host, method: rec.method.to_ascii_uppercase(), template };
        self.calls += 1;
        if crate::facets::service::is_private(rec.client_ip) {
            self.private_calls += 1;
        }
        if !self.apis.contains_key(&key) {
            let n = self.per_host.get(&key.host).copied().unwrap_or(0);
            if n >= MAX_APIS_PER_HOST {
                self.noise += 1;
                return None;
            }
            *self.per_host.entry(key.host.clone()).or_default() += 1;
            if noise {
                *self.noise_paths.entry(key.host.clone()).or_default() += 1;
            }
            let mut st = ApiState::new(key.clone(), rec.ts);
            st.noise = noise;
            self.apis.insert(key.clone(), st);
        }
        let api = self.apis.get_mut(&key)?;
        if !noise {
            api.noise = false;
        }
        api.observe(rec);
        Some(api)
    }

    /// After a node of `host`'s tree was re-learned for good, moves every state of that
    /// host to its current template, folding states that now share one (their old ids go
    /// to [`Inventory::alias`]).
    fn rekey(&mut self, host: &str) {
        let start = ApiKey { host: host.to_owned(), method: String::new(), template: String::new() };
        let moved: Vec<(ApiKey, String)> = self
            .apis
            .range(start..)
            .take_while(|(k, _)| k.host == host)
            .filter(|(_, st)| !st.noise)
            .filter_map(|(k, _)| {
                let t = self.templates.resolve(host, &k.template)?;
                (t != k.template).then(|| (k.clone(), t))
            })
            .collect();
        for (old, template) in moved {
            let Some(mut st) = self.apis.remove(&old) else { continue };
            let nk = ApiKey { host: old.host.clone(), method: old.method.clone(), template };
            let new_id = nk.api_id();
            if self.alias.len() < MAX_ALIASES {
                self.alias.insert(st.id.clone(), new_id.clone());
            }
            self.rehomed.push((st.id.clone(), new_id.clone()));
            match self.apis.get_mut(&nk) {
                Some(mine) => {
                    mine.absorb(st);
                    if let Some(n) = self.per_host.get_mut(host) {
                        *n = n.saturating_sub(1);
                    }
                }
                None => {
                    st.id = new_id;
                    st.key = nk.clone();
                    self.apis.insert(nk, st);
                }
            }
        }
    }

    /// The re-learned templates (query time; see [`crate::discovery::template`]).
    pub fn templates_view(&self) -> TemplateView {
        self.templates.view()
    }

    /// The inventory as the re-learned templates group it: states of literal paths that are
    /// values of one parameter are folded into the template's state (whose id is the
    /// template key's `api_id`); APIs that never answered are left out. A pure function of
    /// the state, so every query gives the same answer for the same records.
    pub fn view(&self) -> InventoryView {
        let tv = self.templates.view();
        let mut out = InventoryView::default();
        for (key, st) in &self.apis {
            if st.noise {
                continue;
            }
            let template = tv.resolve(&key.host, &key.template).unwrap_or_else(|| key.template.clone());
            let nk = ApiKey { host: key.host.clone(), method: key.method.clone(), template };
            if nk != *key {
                out.alias.insert(st.id.clone(), nk.api_id());
            }
            match out.apis.get_mut(&nk) {
                Some(mine) => mine.absorb(st.clone()),
                None => {
                    let mut s = st.clone();
                    s.id = nk.api_id();
                    s.key = nk.clone();
                    out.apis.insert(nk, s);
                }
            }
        }
        out.apis.retain(|_, s| s.answered > 0);
        // Ids folded at ingest time resolve through the view as well.
        for (old, mid) in &self.alias {
            let fin = out.alias.get(mid).cloned().unwrap_or_else(|| mid.clone());
            out.alias.insert(old.clone(), fin);
        }
        out
    }
}

/// Lower-cases without allocating twice.
fn lower(h: &str) -> String {
    if h.bytes().any(|b| b.is_ascii_uppercase()) { h.to_ascii_lowercase() } else { h.to_owned() }
}
