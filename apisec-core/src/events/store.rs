//! The event store: lifecycle, escalation, caps, output.

use crate::catalog::{EventKind, Level};
use crate::inventory::ApiState;
use crate::model::{AttackIp, Event};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Seconds without hits after which a continuing attack is over.
pub const QUIET_GAP: f64 = 1800.0;
/// Most source IPs listed per event (the rest are counted in `attack_cnt` only).
pub const MAX_IPS_PER_EVENT: usize = 32;
/// Most events kept; the oldest finished ones go first.
pub const MAX_EVENTS: usize = 50_000;

/// One threshold crossing reported by a detector.
#[derive(Clone, Debug, PartialEq)]
pub struct EventHit {
    /// A built-in kind, or `None` for a custom policy.
    pub kind: Option<EventKind>,
    /// `Event_*` or the custom policy's name.
    pub tag: String,
    /// Level before escalation.
    pub level: Level,
    /// The subject the window is kept for: an IP, `acct:<name>`, or the API itself.
    pub subject: String,
    /// When (event time).
    pub ts: f64,
    /// When the window that crossed the threshold began, if earlier than `ts`: the event
    /// starts there.
    pub first_ts: Option<f64>,
    /// Requests this hit adds to the attack count.
    pub count: u64,
    /// Source address of the triggering request.
    pub ip: String,
    /// Its country (`-` when unknown).
    pub country: String,
    /// Account, where known.
    pub account: Option<String>,
    /// Evidence (thresholds, observed values).
    pub info: serde_json::Value,
    /// Request data sample.
    pub request_data: serde_json::Value,
    /// Response data sample.
    pub response_data: serde_json::Value,
    /// Suggestion.
    pub suggestion: String,
}

/// One event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventState {
    /// Event id.
    pub event_id: String,
    /// API id.
    pub api_id: String,
    /// Tag.
    pub tag: String,
    /// True for custom policies.
    pub custom: bool,
    /// Subject of the window.
    pub subject: String,
    /// Level (only ever raised).
    pub level: Level,
    /// Start (event time).
    pub start_ts: f64,
    /// Latest hit (event time).
    pub end_ts: f64,
    /// Requests counted.
    pub attack_cnt: u64,
    /// Per-IP counts: ip → (country, count).
    pub ips: BTreeMap<String, (String, u64)>,
    /// Account, where known.
    pub account: Option<String>,
    /// Latest evidence.
    pub info: serde_json::Value,
    /// Request data sample (first hit).
    pub request_data: serde_json::Value,
    /// Response data sample (first hit).
    pub response_data: serde_json::Value,
    /// Suggestion.
    pub suggestion: String,
    /// When the last event log was produced.
    pub last_logged: f64,
}

/// What [`EventStore::record`] did with a hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A new event started (an event log is due).
    Started,
    /// An ongoing event was updated; `true` when a periodic event log is due.
    Updated(bool),
    /// Dropped (store full of ongoing events).
    Dropped,
}

/// Every event, plus an index of the ongoing one per (api, tag, subject).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct EventStore {
    events: Vec<EventState>,
    #[serde(skip)]
    open: BTreeMap<(String, String, String), usize>,
}

/// Equal when the events are (the index is rebuilt on demand).
impl PartialEq for EventStore {
    fn eq(&self, o: &Self) -> bool {
        self.events == o.events
    }
}

fn escalate(base: Level, cnt: u64) -> Level {
    let by_volume = if cnt >= 1000 {
        Level::High
    } else if cnt >= 100 {
        Level::Medium
    } else {
        Level::Low
    };
    base.max(by_volume)
}

impl EventStore {
    fn reindex(&mut self) {
        self.open.clear();
        for (i, e) in self.events.iter().enumerate() {
            let k = (e.api_id.clone(), e.tag.clone(), e.subject.clone());
            match self.open.get(&k) {
                Some(&j) if self.events[j].end_ts >= e.end_ts => {}
                _ => {
                    self.open.insert(k, i);
                }
            }
        }
    }

    /// Applies a hit to the event of its (api, tag, subject).
    pub fn record(&mut self, api_id: &str, hit: EventHit) -> Outcome {
        if self.open.is_empty() && !self.events.is_empty() {
            self.reindex();
        }
        let key = (api_id.to_owned(), hit.tag.clone(), hit.subject.clone());
        if let Some(&i) = self.open.get(&key) {
            let e = &mut self.events[i];
            if hit.ts - e.end_ts <= QUIET_GAP {
                e.end_ts = e.end_ts.max(hit.ts);
                e.start_ts = e.start_ts.min(hit.first_ts.unwrap_or(hit.ts).min(hit.ts));
                e.attack_cnt += hit.count;
                add_ip(&mut e.ips, &hit.ip, &hit.country, hit.count);
                e.level = escalate(e.level.max(hit.level), e.attack_cnt);
                e.info = hit.info;
                let due = hit.ts - e.last_logged >= crate::logs::EVENT_INTERVAL;
                if due {
                    e.last_logged = hit.ts;
                }
                return Outcome::Updated(due);
            }
        }
        if self.events.len() >= MAX_EVENTS && !self.evict(hit.ts) {
            return Outcome::Dropped;
        }
        let event_id = crate::ids::stable_id(&[api_id, &hit.tag, &hit.subject, &format!("{:.3}", hit.ts)]);
        let mut ips = BTreeMap::new();
        add_ip(&mut ips, &hit.ip, &hit.country, hit.count);
        self.events.push(EventState {
            event_id,
            api_id: api_id.to_owned(),
            custom: hit.kind.is_none(),
            tag: hit.tag,
            subject: hit.subject,
            level: escalate(hit.level, hit.count),
            start_ts: hit.first_ts.unwrap_or(hit.ts).min(hit.ts),
            end_ts: hit.ts,
            attack_cnt: hit.count,
            ips,
            account: hit.account,
            info: hit.info,
            request_data: hit.request_data,
            response_data: hit.response_data,
            suggestion: hit.suggestion,
            last_logged: hit.ts,
        });
        self.open.insert(key, self.events.len() - 1);
        Outcome::Started
    }

    /// Drops the finished event that ended earliest; false if all are ongoing.
    fn evict(&mut self, now: f64) -> bool {
        let victim = self
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| now - e.end_ts > QUIET_GAP)
            .min_by(|a, b| a.1.end_ts.total_cmp(&b.1.end_ts).then_with(|| a.1.event_id.cmp(&b.1.event_id)))
            .map(|(i, _)| i);
        match victim {
            Some(i) => {
                self.events.remove(i);
                self.reindex();
                true
            }
            None => false,
        }
    }

    /// The latest event of (api, tag, subject), if any.
    pub fn latest(&mut self, api_id: &str, tag: &str, subject: &str) -> Option<&EventState> {
        if self.open.is_empty() && !self.events.is_empty() {
            self.reindex();
        }
        let i = *self.open.get(&(api_id.to_owned(), tag.to_owned(), subject.to_owned()))?;
        self.events.get(i)
    }

    /// Number of events per API id.
    pub fn counts(&self) -> BTreeMap<&str, u64> {
        let mut m = BTreeMap::new();
        for e in &self.events {
            *m.entry(e.api_id.as_str()).or_default() += 1;
        }
        m
    }

    /// Every event in start order.
    pub fn iter(&self) -> impl Iterator<Item = &EventState> {
        self.events.iter()
    }

    /// Events on one API.
    pub fn count_for(&self, api_id: &str) -> usize {
        self.events.iter().filter(|e| e.api_id == api_id).count()
    }

    /// Moves events of API `from` to `to` (after a template merge).
    pub fn rehome(&mut self, from: &str, to: &str) {
        for e in &mut self.events {
            if e.api_id == from {
                e.api_id = to.to_owned();
            }
        }
        self.reindex();
    }

    /// Drops every event of an API (asset deleted).
    pub fn remove_api(&mut self, api_id: &str) {
        self.events.retain(|e| e.api_id != api_id);
        self.reindex();
    }

    /// Folds another store in (shard merge): events are kept side by side, ordered by
    /// (start, id) so the result does not depend on merge order.
    pub fn merge(&mut self, other: EventStore) {
        self.events.extend(other.events);
        self.events
            .sort_by(|a, b| a.start_ts.total_cmp(&b.start_ts).then_with(|| a.event_id.cmp(&b.event_id)));
        self.events.dedup_by(|a, b| a.event_id == b.event_id);
        self.reindex();
    }

    /// The output view of one event.
    pub fn to_event(e: &EventState, api: Option<&ApiState>, api_tag: Vec<String>, masked: bool) -> Event {
        let mut ips: Vec<AttackIp> = e
            .ips
            .iter()
            .map(|(ip, (c, n))| AttackIp {
                ip: ip.clone(),
                country_id: c.clone(),
                region_id: "-".into(),
                cnt: *n,
            })
            .collect();
        ips.sort_by(|a, b| b.cnt.cmp(&a.cnt).then_with(|| a.ip.cmp(&b.ip)));
        let host = api.map(|a| a.key.host.clone()).unwrap_or_default();
        Event {
            event_id: e.event_id.clone(),
            api_id: e.api_id.clone(),
            service_host: host.clone(),
            host,
            api_format: api.map(|a| a.key.template.clone()).unwrap_or_default(),
            request_method: api.map(|a| a.key.method.clone()).unwrap_or_default(),
            api_tag,
            event_tag: e.tag.clone(),
            event_origin: if e.custom { "custom".into() } else { "default".into() },
            event_level: e.level,
            start_ts: e.start_ts as i64,
            end_ts: e.end_ts as i64,
            attack_cnt: e.attack_cnt,
            attack_ip_info: ips,
            account: e.account.clone(),
            event_info: e.info.clone(),
            request_data: if masked { serde_json::json!({}) } else { e.request_data.clone() },
            response_data: if masked { serde_json::json!({}) } else { e.response_data.clone() },
            suggestion: e.suggestion.clone(),
            log_type: "event".into(),
        }
    }
}

fn add_ip(ips: &mut BTreeMap<String, (String, u64)>, ip: &str, country: &str, n: u64) {
    if let Some(v) = ips.get_mut(ip) {
        v.1 += n;
    } else if ips.len() < MAX_IPS_PER_EVENT {
        ips.insert(ip.to_owned(), (country.to_owned(), n));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(ts: f64, ip: &str, n: u64) -> EventHit {
        EventHit {
            kind: Some(EventKind::LoginPasswdBruteForce),
            tag: EventKind::LoginPasswdBruteForce.as_str().into(),
            level: Level::Medium,
            subject: "acct:bob".into(),
            ts,
            first_ts: None,
            count: n,
            ip: ip.into(),
            country: "US".into(),
            account: Some("bob".into()),
            info: serde_json::json!({}),
            request_data: serde_json::json!({}),
            response_data: serde_json::json!({}),
            suggestion: String::new(),
        }
    }

    #[test]
    fn continuing_attack_updates_one_event_then_a_gap_starts_another() {
        let mut s = EventStore::default();
        assert_eq!(s.record("api", hit(1000.0, "1.1.1.1", 20)), Outcome::Started);
        assert_eq!(s.record("api", hit(1100.0, "1.1.1.2", 90)), Outcome::Updated(false));
        assert_eq!(s.record("api", hit(1700.0, "1.1.1.1", 900)), Outcome::Updated(true));
        let e = s.iter().next().unwrap();
        assert_eq!((e.start_ts, e.end_ts, e.attack_cnt), (1000.0, 1700.0, 1010));
        assert_eq!(e.level, Level::High);
        assert_eq!(e.ips["1.1.1.1"].1, 920);
        assert_eq!(s.record("api", hit(1700.0 + QUIET_GAP + 1.0, "1.1.1.1", 5)), Outcome::Started);
        assert_eq!(s.count_for("api"), 2);
        // Survives a snapshot round trip (the index is rebuilt).
        let mut back: EventStore = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(back.record("api", hit(1700.0 + QUIET_GAP + 60.0, "1.1.1.1", 5)), Outcome::Updated(false));
        assert_eq!(back.count_for("api"), 2);
    }
}
