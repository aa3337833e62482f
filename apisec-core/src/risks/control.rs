//! Access-control risks (`RiskType_Control`): internal APIs reachable from the internet,
//! and no restriction of sources, clients or rate — each judged against the API's own
//! traffic.
//!
//! Input: a record's [`Ctx`]. Output: evidence. `Risk_InternalAPI` is stateless;
//! [`AccessTracker`] keeps, per API, the regions and client families it serves and each
//! source's per-minute rate, bounded by [`MAX_APIS`] APIs and small per-API caps.

use super::Ctx;
use crate::catalog::RiskKind;
use crate::events::baseline::client_family;
use crate::facets::service::is_private;
use crate::window::CappedTable;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// **What it detects** — an API whose service object is internal (its traffic comes from
/// private networks, or its names say so) answering a request from a public address with
/// success.
///
/// **Why it matters** — internal functions exposed to the internet are open to anyone who
/// finds them, usually with weaker protection than public APIs.
///
/// **Recommendation** — see [`suggestion`].
pub fn internal_api(c: &Ctx<'_, '_>) -> Option<Value> {
    let ip = c.i.record.client_ip;
    (c.i.is_internal() && c.i.ok() && !is_private(ip)).then(|| {
        json!({ "client_ip": ip.to_string(), "src_country": c.i.record.src_country,
            "status": c.i.record.status })
    })
}

/// APIs tracked at once.
pub const MAX_APIS: usize = 8192;
/// Regions / client families kept per API.
pub const MAX_LABELS: usize = 32;
/// Sources whose rate is kept per API.
pub const MAX_RATE_SOURCES: usize = 64;
/// Calls an API needs before its sources and clients form a baseline.
pub const BASELINE_CALLS: u64 = 50;
/// Distinct sources an API needs before its regions and clients form a baseline (one
/// busy client is not a baseline).
pub const BASELINE_SOURCES: usize = 5;
/// Share the dominant region / client family must hold for a baseline.
pub const BASELINE_SHARE: f64 = 0.95;
/// Requests in one minute from one source that count as high frequency.
pub const SPEED_MIN_PER_MINUTE: u32 = 100;
/// How far above the API's usual per-source rate a source must go.
pub const SPEED_FACTOR: f64 = 10.0;

/// One source's rate on one API.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceRate {
    /// Current minute (unix minute).
    pub minute: i64,
    /// Requests in the current minute.
    pub in_minute: u32,
    /// Highest requests in any minute.
    pub peak: u32,
    /// Requests in total.
    pub calls: u64,
    /// Active minutes in total.
    pub minutes: u64,
}

/// What one API's traffic looks like.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiAccess {
    /// Calls seen.
    pub calls: u64,
    /// Active (source, minute) pairs seen.
    pub source_minutes: u64,
    /// A throttling answer was ever seen.
    pub throttled: bool,
    /// Calls per region (`CN`, `US`, `private`, `unknown`).
    pub regions: BTreeMap<String, u64>,
    /// Calls per client family (`browser`, `curl`, `scanner`…).
    pub clients: BTreeMap<String, u64>,
    /// Per-source rate.
    pub rates: BTreeMap<String, SourceRate>,
}

fn bump(m: &mut BTreeMap<String, u64>, k: &str, n: u64) {
    if let Some(v) = m.get_mut(k) {
        *v += n;
    } else if m.len() < MAX_LABELS {
        m.insert(k.to_owned(), n);
    }
}

/// The dominant label and its share, before the current call.
fn dominant(m: &BTreeMap<String, u64>, total: u64) -> Option<(&str, f64)> {
    let (k, v) = m.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))?;
    (total > 0).then(|| (k.as_str(), *v as f64 / total as f64))
}

/// Scripted clients: fine for servers, out of place on an API browsers and apps use.
const SCRIPTED: &[&str] = &["curl", "python", "java", "go", "node", "empty"];

/// `Risk_SourceRestrict`, `Risk_ClientRestrict` and `Risk_SpeedRestrict` state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccessTracker {
    apis: CappedTable<String, ApiAccess>,
}

impl Default for AccessTracker {
    fn default() -> Self {
        Self::new()
    }
}

impl AccessTracker {
    /// Empty state.
    pub fn new() -> Self {
        AccessTracker { apis: CappedTable::new(MAX_APIS, 30.0 * 86400.0) }
    }

    /// Folds one record in; returns the access-control risks it shows.
    ///
    /// **`Risk_SourceRestrict`** — what it detects: an API with a baseline (at least
    /// [`BASELINE_CALLS`] calls from [`BASELINE_SOURCES`] sources, [`BASELINE_SHARE`] of them from one region — a country,
    /// or private networks) answering a request from another region with success. Why it
    /// matters: nothing stops callers from where the API is not meant to be used.
    ///
    /// **`Risk_ClientRestrict`** — what it detects: an attack or scanning tool (sqlmap,
    /// ffuf, nikto…) answered with success, or a scripted client (curl, python…)
    /// answered with success on an API whose baseline clients are browsers or mobile apps.
    /// Why it matters: nothing stops automated tools from crawling or attacking the API.
    ///
    /// **`Risk_SpeedRestrict`** — what it detects: one source sending at least
    /// [`SPEED_MIN_PER_MINUTE`] requests in a minute, [`SPEED_FACTOR`] times or more the
    /// API's usual per-source rate (when other sources give one), on an API that never
    /// answered with a throttle (429, `Retry-After`, rate-limit headers). Why it matters:
    /// unlimited rate allows brute force, scraping and resource exhaustion.
    ///
    /// Recommendations: see [`suggestion`].
    pub fn observe(&mut self, c: &Ctx<'_, '_>, ts: f64) -> Vec<(RiskKind, Value)> {
        let mut out = Vec::new();
        let r = c.i.record;
        let a = self.apis.entry(&c.i.api_id.to_owned(), ts, ApiAccess::default);
        a.throttled |= c.throttled;
        let ip = r.client_ip;
        let region = if is_private(ip) {
            "private".to_owned()
        } else {
            r.src_country.as_deref().unwrap_or("unknown").to_owned()
        };
        let ua = r.req_headers.get("user-agent");
        let family = client_family(ua);
        let ok = c.i.ok();

        // Sources.
        let mature = a.calls >= BASELINE_CALLS && a.rates.len() >= BASELINE_SOURCES;
        if ok
            && mature
            && region != "unknown"
            && let Some((base, share)) = dominant(&a.regions, a.calls)
            && share >= BASELINE_SHARE
            && base != region
        {
            out.push((
                RiskKind::SourceRestrict,
                json!({ "client_ip": ip.to_string(), "region": region, "baseline_region": base,
                    "baseline_share": (share * 1000.0).round() / 1000.0, "status": r.status }),
            ));
        }
        // Clients.
        if ok {
            let base = dominant(&a.clients, a.calls).filter(|(_, s)| mature && *s >= BASELINE_SHARE);
            let off_baseline = base.is_some_and(|(b, _)| matches!(b, "browser" | "mobile-app"))
                && SCRIPTED.contains(&family);
            if family == "scanner" || off_baseline {
                out.push((
                    RiskKind::ClientRestrict,
                    json!({ "client": family, "user_agent": ua.map(|u| super::shorten(u, 120)),
                        "baseline_client": base.map(|b| b.0), "status": r.status }),
                ));
            }
        }
        bump(&mut a.regions, &region, 1);
        bump(&mut a.clients, family, 1);
        a.calls += 1;

        // Rate.
        let key = ip.to_string();
        if !a.rates.contains_key(&key) && a.rates.len() >= MAX_RATE_SOURCES {
            // Forget the quietest source (ties by address): deterministic.
            if let Some(k) = a
                .rates
                .iter()
                .min_by(|x, y| {
                    (x.1.minute, x.1.calls).cmp(&(y.1.minute, y.1.calls)).then_with(|| x.0.cmp(y.0))
                })
                .map(|(k, _)| k.clone())
            {
                a.rates.remove(&k);
            }
        }
        let minute = (ts / 60.0).floor() as i64;
        let s = a.rates.entry(key).or_default();
        if s.calls == 0 || minute > s.minute {
            s.minute = minute;
            s.in_minute = 0;
            s.minutes += 1;
            a.source_minutes += 1;
        }
        if minute >= s.minute {
            s.in_minute += 1;
        }
        s.calls += 1;
        s.peak = s.peak.max(s.in_minute);
        if s.in_minute >= SPEED_MIN_PER_MINUTE && !a.throttled {
            let other_calls = a.calls - s.calls;
            let other_minutes = a.source_minutes - s.minutes;
            let usual = (other_minutes >= 5).then(|| other_calls as f64 / other_minutes as f64);
            if usual.is_none_or(|u| s.in_minute as f64 >= SPEED_FACTOR * u) {
                out.push((
                    RiskKind::SpeedRestrict,
                    json!({ "client_ip": ip.to_string(), "requests_per_minute": s.in_minute,
                        "usual_per_source_minute": usual.map(|u| (u * 10.0).round() / 10.0),
                        "throttle_seen": false }),
                ));
            }
        }
        out
    }

    /// Folds another shard in: counts add, flags OR, per-source peaks keep the larger.
    pub fn merge(&mut self, other: AccessTracker) {
        self.apis.merge_with(other.apis, |a, v| {
            a.calls += v.calls;
            a.source_minutes += v.source_minutes;
            a.throttled |= v.throttled;
            for (r, n) in &v.regions {
                bump(&mut a.regions, r, *n);
            }
            for (f, n) in &v.clients {
                bump(&mut a.clients, f, *n);
            }
            for (ip, s) in v.rates {
                if let Some(m) = a.rates.get_mut(&ip) {
                    m.calls += s.calls;
                    m.minutes += s.minutes;
                    m.peak = m.peak.max(s.peak);
                    if s.minute > m.minute {
                        m.minute = s.minute;
                        m.in_minute = s.in_minute;
                    } else if s.minute == m.minute {
                        m.in_minute += s.in_minute;
                    }
                } else if a.rates.len() < MAX_RATE_SOURCES {
                    a.rates.insert(ip, s);
                }
            }
        });
    }
}

/// The recommendations of this category.
pub fn suggestion(kind: RiskKind) -> Option<&'static str> {
    Some(match kind {
        RiskKind::InternalApi => {
            "Keep internal APIs off the internet, or admit only known networks with an IP \
             allow-list on the gateway or WAF."
        }
        RiskKind::SourceRestrict => {
            "Restrict where the API can be called from: allow-list the networks it serves or \
             block the regions and addresses it has no business with."
        }
        RiskKind::ClientRestrict => {
            "Restrict which clients may call the API: block known attack and scanning tools, and \
             refuse scripted clients on APIs meant for browsers and apps (bot management, \
             client signatures)."
        }
        RiskKind::SpeedRestrict => {
            "Rate-limit the API per source and per account, and answer callers over the limit \
             with 429."
        }
        _ => return None,
    })
}
