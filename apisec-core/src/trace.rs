//! Tracing and auditing: where did a leaked value flow?
//!
//! Input: the same [`FlowInput`]s as the compliance check (sensitive values found in a
//! request or a response, with time, API, client, country, account). [`TraceIndex`] keeps,
//! per distinct value, a small list of [`Occurrence`]s — one per (API, direction, client
//! address, account, country), with first/last time and a count. Output: for a value asked about,
//! a [`TraceResult`] — which APIs returned or received it, to which addresses, accounts and
//! countries, when, how often, and which security events on those APIs (or from those
//! addresses) overlap that time.
//!
//! Values are stored only as [`value_hash`] of their canonical form plus a masked hint
//! (`138****8000`): the index never holds a raw sensitive value. Low-value types are not
//! indexed (level S1 — dates, URLs, provinces… — and gender / ethnicity, whose few values
//! would only churn the index).
//!
//! Memory is bounded: at most [`TraceLimits::values`] values (when full, the least recently
//! seen eighth by event time goes, ties by hash), each with at most
//! [`TraceLimits::per_value`] occurrences (when full, the occurrence last seen earliest
//! goes; its requests stay in the value's totals and in `occurrences_dropped`). With the
//! defaults that is at most 160,000 occurrences of roughly 150 bytes: about 25 MB in the
//! worst case; a flood of a million one-off values leaves 20,000 entries (a 7 MB snapshot,
//! measured by `examples/audit_eval.rs`).

use crate::catalog::{SensitiveLevel, sensitive_type};
use crate::compliance::{Direction, FlowInput, plausible_ts, value_hash};
use crate::model::{Asset, Event};
use crate::window::CappedTable;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Sizes of the trace index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceLimits {
    /// Distinct values kept.
    pub values: usize,
    /// Occurrences kept per value.
    pub per_value: usize,
}

impl Default for TraceLimits {
    fn default() -> Self {
        TraceLimits { values: 20_000, per_value: 8 }
    }
}

/// Where one value was seen: one API, one direction, one client (address, account and
/// country).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Occurrence {
    /// The API.
    pub api_id: String,
    /// Request (the client sent it) or response (the client received it).
    pub direction: Direction,
    /// Client address.
    pub client_ip: String,
    /// Client country, when known.
    pub country: Option<String>,
    /// Account, when known.
    pub account: Option<String>,
    /// First time seen (event time).
    pub first_ts: f64,
    /// Last time seen.
    pub last_ts: f64,
    /// Exchanges that carried it.
    pub count: u64,
}

impl Occurrence {
    fn key(&self) -> (&str, Direction, &str, Option<&str>, Option<&str>) {
        (&self.api_id, self.direction, &self.client_ip, self.account.as_deref(), self.country.as_deref())
    }

    fn absorb(&mut self, o: &Occurrence) {
        self.first_ts = self.first_ts.min(o.first_ts);
        self.last_ts = self.last_ts.max(o.last_ts);
        self.count += o.count;
    }
}

/// Everything kept about one value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValueTrace {
    /// Sensitive type code it was found as (the lowest code if several).
    pub code: u16,
    /// Masked form, for display.
    pub hint: String,
    /// First time seen.
    pub first_ts: f64,
    /// Last time seen.
    pub last_ts: f64,
    /// Exchanges that carried it.
    pub count: u64,
    /// Where, ordered by key.
    pub occurrences: Vec<Occurrence>,
    /// Exchanges whose occurrence was dropped to keep the list short.
    pub dropped: u64,
}

impl ValueTrace {
    fn add(&mut self, occ: Occurrence, cap: usize) {
        self.first_ts = self.first_ts.min(occ.first_ts);
        self.last_ts = self.last_ts.max(occ.last_ts);
        self.count += occ.count;
        self.place(occ, cap);
    }

    /// Puts an occurrence into the list (absorbing an equal key), then trims to `cap`.
    fn place(&mut self, occ: Occurrence, cap: usize) {
        match self.occurrences.binary_search_by(|o| o.key().cmp(&occ.key())) {
            Ok(i) => self.occurrences[i].absorb(&occ),
            Err(i) => self.occurrences.insert(i, occ),
        }
        while self.occurrences.len() > cap.max(1) {
            let oldest = self
                .occurrences
                .iter()
                .enumerate()
                .min_by(|a, b| a.1.last_ts.total_cmp(&b.1.last_ts).then_with(|| a.1.key().cmp(&b.1.key())))
                .map(|(i, _)| i)
                .unwrap_or(0);
            let gone = self.occurrences.remove(oldest);
            self.dropped += gone.count;
        }
    }

    fn merge(&mut self, o: &ValueTrace, cap: usize) {
        self.first_ts = self.first_ts.min(o.first_ts);
        self.last_ts = self.last_ts.max(o.last_ts);
        self.count += o.count;
        self.dropped += o.dropped;
        if o.code < self.code {
            self.code = o.code;
            self.hint.clone_from(&o.hint);
        }
        for occ in &o.occurrences {
            self.place(occ.clone(), cap);
        }
    }
}

/// Distinct sensitive values and where they went: serde data, mergeable, bounded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceIndex {
    limits: TraceLimits,
    table: CappedTable<u64, ValueTrace>,
}

impl Default for TraceIndex {
    fn default() -> Self {
        TraceIndex::new(TraceLimits::default())
    }
}

/// Idle time of index entries: never, for the event times indexed (below 1e11, see
/// [`plausible_ts`]); entries leave only to make room. Finite so that it survives JSON.
const NEVER: f64 = 1e18;

/// True for sensitive types worth tracing (see the module doc).
pub fn traceable(code: u16) -> bool {
    match sensitive_type(code) {
        Some(t) => t.level != SensitiveLevel::S1 && !matches!(code, 1011 | 1012),
        None => true, // a custom type: the user asked for it
    }
}

/// A display form of a value that does not give it away: `138****8000`,
/// `a***@example.com`, `张*`.
pub fn mask_hint(value: &str) -> String {
    let v = value.trim();
    if let Some(at) = v.find('@') {
        let first: String = v[..at].chars().take(1).collect();
        return format!("{first}***{}", &v[at..]);
    }
    let chars: Vec<char> = v.chars().collect();
    let n = chars.len();
    let (head, tail) = match n {
        0 => return String::new(),
        1 => (0, 0),
        2..=3 => (1, 0),
        4..=6 => (1, 1),
        7..=10 => (3, 2),
        _ => (3, 4),
    };
    let mut s: String = chars[..head].iter().collect();
    s.extend(std::iter::repeat_n('*', (n - head - tail).clamp(1, 8)));
    s.extend(&chars[n - tail..]);
    s
}

impl TraceIndex {
    /// An empty index with these sizes.
    pub fn new(limits: TraceLimits) -> Self {
        TraceIndex { limits, table: CappedTable::new(limits.values.max(1), NEVER) }
    }

    /// Indexes the traceable values of one flow.
    pub fn observe(&mut self, f: &FlowInput<'_>) {
        if !plausible_ts(f.ts) {
            return;
        }
        let cap = self.limits.per_value;
        for &(code, value) in f.values {
            if !traceable(code) || value.trim().is_empty() {
                continue;
            }
            let h = value_hash(value);
            let entry = self.table.entry(&h, f.ts, || ValueTrace {
                code,
                hint: mask_hint(value),
                first_ts: f.ts,
                last_ts: f.ts,
                count: 0,
                occurrences: Vec::new(),
                dropped: 0,
            });
            if code < entry.code {
                entry.code = code;
                entry.hint = mask_hint(value);
            }
            // The common case — the same client again — updates in place, allocation-free.
            let key = (f.api_id, f.direction, f.client_ip, f.account, f.country);
            if let Ok(i) = entry.occurrences.binary_search_by(|o| o.key().cmp(&key)) {
                let o = &mut entry.occurrences[i];
                o.first_ts = o.first_ts.min(f.ts);
                o.last_ts = o.last_ts.max(f.ts);
                o.count += 1;
                entry.first_ts = entry.first_ts.min(f.ts);
                entry.last_ts = entry.last_ts.max(f.ts);
                entry.count += 1;
                continue;
            }
            entry.add(
                Occurrence {
                    api_id: f.api_id.to_owned(),
                    direction: f.direction,
                    client_ip: f.client_ip.to_owned(),
                    country: f.country.map(str::to_owned),
                    account: f.account.map(str::to_owned),
                    first_ts: f.ts,
                    last_ts: f.ts,
                    count: 1,
                },
                cap,
            );
        }
    }

    /// What is known about `value` (any formatting of it).
    pub fn get(&self, value: &str) -> Option<&ValueTrace> {
        self.table.get(&value_hash(value))
    }

    /// Distinct values indexed now.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// Values dropped to make room so far.
    pub fn evicted(&self) -> u64 {
        self.table.evicted()
    }

    /// The most occurrences any value holds (bounded by the per-value cap).
    pub fn max_occurrences(&self) -> usize {
        self.table.sorted().iter().map(|(_, v)| v.occurrences.len()).max().unwrap_or(0)
    }

    /// Folds another index (a shard) into this one. Below the caps the result is the index
    /// one engine would have built from all the flows.
    pub fn merge(&mut self, other: &TraceIndex) {
        let cap = self.limits.per_value;
        for (h, v) in other.table.sorted() {
            let mut fresh = None;
            let e = self.table.entry(h, v.last_ts, || {
                fresh = Some(());
                v.clone()
            });
            if fresh.is_none() {
                e.merge(v, cap);
            }
        }
    }

    /// The answer for `value`: its occurrences joined with the API inventory and the
    /// events. `enabled` says whether tracing is on for any protected object.
    pub fn result(&self, value: &str, enabled: bool, assets: &[Asset], events: &[Event]) -> TraceResult {
        let mut r = TraceResult {
            enabled,
            found: false,
            value_masked: mask_hint(value),
            code: None,
            type_name: None,
            first_ts: None,
            last_ts: None,
            count: 0,
            occurrences_dropped: 0,
            apis: Vec::new(),
            ips: Vec::new(),
            accounts: Vec::new(),
            countries: Vec::new(),
            occurrences: Vec::new(),
            related_events: Vec::new(),
        };
        let Some(v) = self.get(value) else { return r };
        r.found = true;
        r.code = Some(v.code.to_string());
        r.type_name = sensitive_type(v.code).map(|t| t.name.to_owned());
        r.first_ts = Some(v.first_ts.floor() as i64);
        r.last_ts = Some(v.last_ts.floor() as i64);
        r.count = v.count;
        r.occurrences_dropped = v.dropped;
        let by_id: BTreeMap<&str, &Asset> = assets.iter().map(|a| (a.api_id.as_str(), a)).collect();
        let mut apis = BTreeSet::new();
        let (mut ips, mut accounts, mut countries) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
        for o in &v.occurrences {
            let a = by_id.get(o.api_id.as_str());
            apis.insert(o.api_id.as_str());
            ips.insert(o.client_ip.clone());
            accounts.extend(o.account.clone());
            countries.extend(o.country.clone());
            r.occurrences.push(TraceOccurrence {
                api_id: o.api_id.clone(),
                service_host: a.map(|a| a.service_host.clone()).unwrap_or_default(),
                api_format: a.map(|a| a.api_format.clone()).unwrap_or_default(),
                request_method: a.map(|a| a.request_method.clone()).unwrap_or_default(),
                direction: o.direction,
                client_ip: o.client_ip.clone(),
                country: o.country.clone(),
                account: o.account.clone(),
                first_ts: o.first_ts.floor() as i64,
                last_ts: o.last_ts.floor() as i64,
                count: o.count,
            });
        }
        r.occurrences.sort_by(|a, b| {
            (a.first_ts, &a.api_id, a.direction, &a.client_ip, &a.account, &a.country).cmp(&(
                b.first_ts,
                &b.api_id,
                b.direction,
                &b.client_ip,
                &b.account,
                &b.country,
            ))
        });
        for e in events {
            let overlaps = |first: i64, last: i64| e.start_ts <= last && e.end_ts >= first;
            let on_api =
                r.occurrences.iter().any(|o| o.api_id == e.api_id && overlaps(o.first_ts, o.last_ts));
            let from_ip = r.occurrences.iter().any(|o| {
                overlaps(o.first_ts, o.last_ts) && e.attack_ip_info.iter().any(|a| a.ip == o.client_ip)
            });
            if on_api || from_ip {
                r.related_events.push(RelatedEvent {
                    event_id: e.event_id.clone(),
                    event_tag: e.event_tag.clone(),
                    event_level: e.event_level.as_str().to_owned(),
                    api_id: e.api_id.clone(),
                    start_ts: e.start_ts,
                    end_ts: e.end_ts,
                    relation: if on_api { "same_api" } else { "same_client_ip" }.to_owned(),
                });
            }
        }
        r.related_events.sort_by(|a, b| (a.start_ts, &a.event_id).cmp(&(b.start_ts, &b.event_id)));
        r.apis = apis
            .into_iter()
            .map(|id| {
                let a = by_id.get(id);
                TraceApi {
                    api_id: id.to_owned(),
                    service_host: a.map(|a| a.service_host.clone()).unwrap_or_default(),
                    api_format: a.map(|a| a.api_format.clone()).unwrap_or_default(),
                    request_method: a.map(|a| a.request_method.clone()).unwrap_or_default(),
                }
            })
            .collect();
        r.apis.sort_by(|a, b| {
            (&a.service_host, &a.api_format, &a.request_method, &a.api_id).cmp(&(
                &b.service_host,
                &b.api_format,
                &b.request_method,
                &b.api_id,
            ))
        });
        r.ips = ips.into_iter().collect();
        r.accounts = accounts.into_iter().collect();
        r.countries = countries.into_iter().collect();
        r
    }
}

/// One API a traced value went through.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceApi {
    /// The API.
    pub api_id: String,
    /// Its host (empty if the API is no longer in the inventory).
    pub service_host: String,
    /// Its template.
    pub api_format: String,
    /// Its method.
    pub request_method: String,
}

/// One occurrence of a traced value, joined with its API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceOccurrence {
    /// The API.
    pub api_id: String,
    /// Its host.
    pub service_host: String,
    /// Its template.
    pub api_format: String,
    /// Its method.
    pub request_method: String,
    /// `request`: the client sent the value; `response`: the client received it.
    pub direction: Direction,
    /// Client address.
    pub client_ip: String,
    /// Client country, when known.
    pub country: Option<String>,
    /// Account, when known.
    pub account: Option<String>,
    /// First time (unix seconds).
    pub first_ts: i64,
    /// Last time.
    pub last_ts: i64,
    /// Exchanges.
    pub count: u64,
}

/// A security event that overlaps a traced value's flow in time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelatedEvent {
    /// The event.
    pub event_id: String,
    /// Its type (`Event_*` or a custom policy's name).
    pub event_tag: String,
    /// Its level.
    pub event_level: String,
    /// Its API.
    pub api_id: String,
    /// Start.
    pub start_ts: i64,
    /// End.
    pub end_ts: i64,
    /// `same_api` (the event is on an API the value went through) or `same_client_ip`
    /// (an address that got the value attacked elsewhere at that time).
    pub relation: String,
}

/// The answer of [`crate::Engine::trace`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceResult {
    /// False when tracing and auditing is off for every protected object (the default):
    /// nothing was indexed.
    pub enabled: bool,
    /// True when the value was seen.
    pub found: bool,
    /// The value asked about, masked.
    pub value_masked: String,
    /// Its sensitive type code.
    pub code: Option<String>,
    /// Its sensitive type name.
    pub type_name: Option<String>,
    /// First time seen.
    pub first_ts: Option<i64>,
    /// Last time seen.
    pub last_ts: Option<i64>,
    /// Exchanges that carried it.
    pub count: u64,
    /// Exchanges whose details were dropped to bound memory.
    pub occurrences_dropped: u64,
    /// APIs that returned or received it, by host, template, method.
    pub apis: Vec<TraceApi>,
    /// Client addresses involved.
    pub ips: Vec<String>,
    /// Accounts involved.
    pub accounts: Vec<String>,
    /// Client countries involved.
    pub countries: Vec<String>,
    /// Each occurrence, oldest first.
    pub occurrences: Vec<TraceOccurrence>,
    /// Security events overlapping those flows.
    pub related_events: Vec<RelatedEvent>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Level;
    use crate::model::AttackIp;

    #[allow(clippy::too_many_arguments)]
    fn flow<'a>(
        ts: f64,
        api: &'a str,
        ip: &'a str,
        country: Option<&'a str>,
        account: Option<&'a str>,
        direction: Direction,
        values: &'a [(u16, &'a str)],
    ) -> FlowInput<'a> {
        FlowInput {
            ts,
            host: "api.example.com",
            api_id: api,
            client_ip: ip,
            country,
            account,
            direction,
            values,
        }
    }

    fn event(id: &str, api: &str, start: i64, end: i64, ip: &str) -> Event {
        Event {
            event_id: id.into(),
            api_id: api.into(),
            service_host: "api.example.com".into(),
            host: "api.example.com".into(),
            api_format: "/x".into(),
            request_method: "GET".into(),
            api_tag: vec![],
            event_tag: "Event_DataCrawling".into(),
            event_origin: "default".into(),
            event_level: Level::High,
            start_ts: start,
            end_ts: end,
            attack_cnt: 10,
            attack_ip_info: vec![AttackIp {
                ip: ip.into(),
                country_id: "US".into(),
                region_id: "-".into(),
                cnt: 10,
            }],
            account: None,
            event_info: serde_json::Value::Null,
            request_data: serde_json::Value::Null,
            response_data: serde_json::Value::Null,
            suggestion: String::new(),
            log_type: "event".into(),
        }
    }

    const T0: f64 = 1_717_200_000.0;
    const ID: &str = "11010519491231002X";

    #[test]
    fn a_value_seen_on_two_apis_is_traced_to_both_with_clients_times_and_events() {
        let mut ix = TraceIndex::default();
        let v: &[(u16, &str)] = &[(1000, ID), (1004, "13800138000")];
        let resp = Direction::Response;
        ix.observe(&flow(T0, "api-users", "198.51.100.7", Some("US"), Some("bob"), resp, v));
        ix.observe(&flow(T0 + 60.0, "api-users", "198.51.100.7", Some("US"), Some("bob"), resp, v));
        ix.observe(&flow(T0 + 600.0, "api-export", "203.0.113.9", Some("SG"), None, resp, &v[..1]));
        let req = Direction::Request;
        ix.observe(&flow(T0 + 30.0, "api-login", "192.0.2.1", Some("CN"), Some("alice"), req, &v[1..]));
        let events = [
            event("e-same-api", "api-export", (T0 + 500.0) as i64, (T0 + 900.0) as i64, "192.0.2.200"),
            event("e-too-late", "api-users", (T0 + 5_000.0) as i64, (T0 + 6_000.0) as i64, "192.0.2.200"),
            event("e-same-ip", "api-other", (T0 + 50.0) as i64, (T0 + 70.0) as i64, "198.51.100.7"),
        ];
        // Any formatting of the value finds it.
        let r = ix.result("110105 19491231 002x", true, &[], &events);
        assert!(r.enabled && r.found);
        assert_eq!(r.code.as_deref(), Some("1000"));
        assert_eq!(r.value_masked, "110********002x");
        assert_eq!(r.count, 3);
        assert_eq!((r.first_ts, r.last_ts), (Some(T0 as i64), Some(T0 as i64 + 600)));
        let apis: Vec<&str> = r.apis.iter().map(|a| a.api_id.as_str()).collect();
        assert_eq!(apis, ["api-export", "api-users"]);
        assert_eq!(r.ips, ["198.51.100.7", "203.0.113.9"]);
        assert_eq!(r.accounts, ["bob"]);
        assert_eq!(r.countries, ["SG", "US"]);
        assert_eq!(r.occurrences.len(), 2);
        assert_eq!(r.occurrences[0].count, 2);
        assert_eq!(r.occurrences[0].last_ts, T0 as i64 + 60);
        let rel: Vec<(&str, &str)> =
            r.related_events.iter().map(|e| (e.event_id.as_str(), e.relation.as_str())).collect();
        assert_eq!(rel, [("e-same-ip", "same_client_ip"), ("e-same-api", "same_api")]);
        // The phone went both ways.
        let p = ix.result("+86 13800138000", true, &[], &[]);
        assert_eq!(p.count, 3);
        assert!(
            p.occurrences.iter().any(|o| o.direction == Direction::Request && o.client_ip == "192.0.2.1")
        );
        // Unknown value.
        let n = ix.result("13900000000", true, &[], &events);
        assert!(!n.found && n.occurrences.is_empty() && n.related_events.is_empty());
    }

    #[test]
    fn no_raw_value_is_kept() {
        let mut ix = TraceIndex::default();
        let secret = "alice.wonder@example.com";
        let id = "110105194912310021";
        ix.observe(&flow(
            T0,
            "a",
            "192.0.2.1",
            None,
            None,
            Direction::Response,
            &[(1005, secret), (1000, id)],
        ));
        let j = serde_json::to_string(&ix).unwrap();
        assert!(!j.contains("alice.wonder") && !j.contains(id), "{j}");
        assert!(j.contains("a***@example.com"));
        assert_eq!(mask_hint("13800138000"), "138****8000");
        assert_eq!(mask_hint("张三"), "张*");
        assert_eq!(mask_hint("x"), "*");
    }

    #[test]
    fn low_value_types_are_not_indexed() {
        let mut ix = TraceIndex::default();
        let v: &[(u16, &str)] =
            &[(2009, "2024-01-01"), (1011, "male"), (1013, "Beijing"), (2015, "https://x.y")];
        ix.observe(&flow(T0, "a", "192.0.2.1", None, None, Direction::Response, v));
        assert!(ix.is_empty());
    }

    #[test]
    fn memory_stays_bounded_under_a_flood_of_distinct_values() {
        let limits = TraceLimits { values: 1_000, per_value: 4 };
        let mut ix = TraceIndex::new(limits);
        let keep = "13800138000";
        for i in 0..50_000u64 {
            let v = format!("139{i:08}");
            let ip = format!("10.0.{}.{}", (i / 256) % 256, i % 256);
            let values = [(1004u16, v.as_str()), (1004u16, keep)];
            ix.observe(&flow(T0 + i as f64, "a", &ip, None, None, Direction::Response, &values));
            assert!(ix.len() <= 1_000);
        }
        assert!(ix.evicted() >= 49_000);
        assert!(ix.max_occurrences() <= 4);
        // The value seen all along survives, with its totals intact.
        let r = ix.result(keep, true, &[], &[]);
        assert_eq!(r.count, 50_000);
        assert_eq!(r.occurrences.len(), 4);
        assert_eq!(r.occurrences_dropped, 49_996);
        assert_eq!(r.last_ts, Some(T0 as i64 + 49_999));
        // Early one-off values are gone, the latest are there.
        assert!(ix.get("13900000000").is_none());
        assert!(ix.get("13900049999").is_some());
    }

    #[test]
    fn shards_merge_to_the_single_index() {
        let mut one = TraceIndex::default();
        let mut shards = [TraceIndex::default(), TraceIndex::default()];
        for i in 0..2_000u64 {
            let v = format!("139{:08}", i % 300);
            let ip = format!("192.0.2.{}", i % 3);
            let values = [(1004u16, v.as_str())];
            let api = if i % 2 == 0 { "a" } else { "b" };
            let f = flow(T0 + i as f64, api, &ip, Some("US"), None, Direction::Response, &values);
            one.observe(&f);
            shards[(i % 7 == 0) as usize].observe(&f);
        }
        let mut ab = shards[0].clone();
        ab.merge(&shards[1]);
        let mut ba = shards[1].clone();
        ba.merge(&shards[0]);
        for v in ["13900000000", "13900000299", "13900000150"] {
            let want = one.result(v, true, &[], &[]);
            assert!(want.found);
            assert_eq!(ab.result(v, true, &[], &[]), want);
            assert_eq!(ba.result(v, true, &[], &[]), want);
        }
        assert_eq!(ab.len(), one.len());
        let back: TraceIndex = serde_json::from_str(&serde_json::to_string(&ab).unwrap()).unwrap();
        assert_eq!(back.result("13900000007", true, &[], &[]), one.result("13900000007", true, &[], &[]));
    }
}
