//! The API inventory: one [`ApiState`] per (host, method, path template).
//!
//! PLACEHOLDER GROUPING — until the discovery issue lands, the template is the raw path.
//! Holds counters, first/last seen, hosts, ports and one sample per API.

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
    /// When the last asset log of this API was produced (event time).
    pub last_logged: Option<f64>,
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
            last_logged: None,
        }
    }

    /// Counts one record.
    pub fn observe(&mut self, rec: &Record<'_>) {
        self.count += 1;
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

/// All APIs, keyed by identity.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Inventory {
    /// APIs by key (serialised as a list: each state carries its key).
    #[serde(with = "apis_as_list")]
    pub apis: BTreeMap<ApiKey, ApiState>,
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
    /// Folds another inventory into this one, API by API.
    pub fn merge(&mut self, other: Inventory) {
        for (k, v) in other.apis {
            match self.apis.get_mut(&k) {
                Some(mine) => mine.absorb(v),
                None => {
                    self.apis.insert(k, v);
                }
            }
        }
    }

    /// Finds or creates the API a record belongs to and counts the record.
    pub fn observe(&mut self, rec: &Record<'_>) -> &mut ApiState {
        let key = ApiKey {
            host: rec.host_name().to_ascii_lowercase(),
            method: rec.method.to_string(),
            template: rec.path.to_string(),
        };
        let api = self.apis.entry(key.clone()).or_insert_with(|| ApiState::new(key, rec.ts));
        api.observe(rec);
        api
    }
}
