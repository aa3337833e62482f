//! Custom event policies (reference 004 §2): match conditions, a rate limit per IP or
//! account, and data statistics over the same window.
//!
//! Input: the compiled [`CustomEvent`]s of the policy, the policy facts of the record (for
//! the match conditions) and its [`EventInput`]. Output: hits tagged with the policy's name,
//! level and suggestion. A policy fires when, within its period (≤ 15 minutes, anchored at
//! the subject's first matching request), one subject sends more than `requests` matching
//! requests and every statistic holds over those requests; while the subject stays hot,
//! each further matching request updates the same event. Windows live in one
//! [`CappedTable`] keyed by (policy, subject); distinct values are counted with
//! [`Distinct`] (exact while small, a 64-byte HyperLogLog beyond).

use super::detect::EventInput;
use super::store::EventHit;
use crate::catalog::{Location, SensitiveLevel};
use crate::policy::{CustomEvent, DistinctOf, Facts, StatObject, Statistic};
use crate::window::{CappedTable, Distinct, hash64};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// Most (policy, subject) windows kept.
pub const MAX_CUSTOM_KEYS: usize = 50_000;

/// The running value of one statistic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum StatState {
    Count(u32),
    Set(Distinct),
    Mask(u64),
}

/// One (policy, subject) window.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomWin {
    start: u32,
    hot: u32,
    n: u32,
    stats: Vec<StatState>,
}

/// State of the custom event policies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomEvents {
    windows: CappedTable<u64, CustomWin>,
}

impl Default for CustomEvents {
    fn default() -> Self {
        CustomEvents { windows: CappedTable::new(MAX_CUSTOM_KEYS, 1800.0) }
    }
}

fn fresh(stats: &[Statistic]) -> Vec<StatState> {
    stats
        .iter()
        .map(|s| match s {
            Statistic::StatusCount { .. } => StatState::Count(0),
            Statistic::Distinct { .. } | Statistic::SourceIpCount { .. } => {
                StatState::Set(Distinct::default())
            }
            Statistic::SensitiveTypesDistinct { .. } | Statistic::SensitiveLevelsDistinct { .. } => {
                StatState::Mask(0)
            }
        })
        .collect()
}

fn level_bit(l: SensitiveLevel) -> u64 {
    match l {
        SensitiveLevel::S1 => 1,
        SensitiveLevel::S2 => 2,
        SensitiveLevel::S3 => 4,
        SensitiveLevel::S4 => 8,
    }
}

fn update(stat: &Statistic, st: &mut StatState, inp: &EventInput<'_, '_>) {
    match (stat, st) {
        (Statistic::StatusCount { status, .. }, StatState::Count(c)) if inp.status == Some(*status) => {
            *c += 1
        }
        (Statistic::Distinct { of, .. }, StatState::Set(d)) => {
            let Some(p) = inp.params else { return };
            let (loc, name) = match of {
                DistinctOf::ReqHeader(n) => (Location::RequestHeader, n),
                DistinctOf::Cookie(n) => (Location::RequestCookie, n),
                DistinctOf::GetParam(n) => (Location::RequestQuery, n),
                DistinctOf::PostParam(n) => (Location::RequestBody, n),
            };
            let header = loc == Location::RequestHeader;
            for v in
                p.at(loc).filter(|x| if header { x.name.eq_ignore_ascii_case(name) } else { x.name == *name })
            {
                d.add(v.value.as_bytes());
            }
        }
        (Statistic::SourceIpCount { .. }, StatState::Set(d)) => d.add(inp.ip.to_string().as_bytes()),
        (Statistic::SensitiveTypesDistinct { codes, .. }, StatState::Mask(m)) => {
            for (c, _) in inp.resp_sensitive {
                if let Ok(i) = codes.binary_search(c) {
                    *m |= 1u64 << (i % 64);
                }
            }
        }
        (Statistic::SensitiveLevelsDistinct { levels, .. }, StatState::Mask(m)) => {
            for (c, _) in inp.resp_sensitive {
                if let Some(t) = crate::catalog::sensitive_type(*c)
                    && levels.contains(&t.level)
                {
                    *m |= level_bit(t.level);
                }
            }
        }
        _ => {}
    }
}

fn holds(stat: &Statistic, st: &StatState) -> bool {
    match (stat, st) {
        (Statistic::StatusCount { greater_than, .. }, StatState::Count(c)) => *c > *greater_than,
        (Statistic::Distinct { cmp, n, .. }, StatState::Set(d)) => cmp.holds(d.count(), *n as u64),
        (Statistic::SourceIpCount { greater_than }, StatState::Set(d)) => d.count() > *greater_than as u64,
        (Statistic::SensitiveTypesDistinct { cmp, n, .. }, StatState::Mask(m)) => {
            cmp.holds(m.count_ones() as u64, *n as u64)
        }
        (Statistic::SensitiveLevelsDistinct { greater_than, .. }, StatState::Mask(m)) => {
            m.count_ones() > *greater_than
        }
        _ => false,
    }
}

impl CustomEvents {
    /// Windows tracked now.
    pub fn tracked_keys(&self) -> usize {
        self.windows.len()
    }

    /// Evaluates every policy on one record.
    pub fn observe(
        &mut self,
        policies: &[CustomEvent],
        facts: &dyn Facts,
        inp: &EventInput<'_, '_>,
        out: &mut Vec<(String, EventHit)>,
    ) {
        let now = inp.ts.clamp(0.0, u32::MAX as f64) as u32;
        for (i, p) in policies.iter().enumerate() {
            let subject = match p.rate_limit.object {
                StatObject::Ip => inp.ip.to_string(),
                StatObject::Account => match inp.account {
                    Some(a) => format!("acct:{a}"),
                    None => continue,
                },
            };
            if !p.matches(facts) {
                continue;
            }
            let span = p.rate_limit.period_secs.max(1);
            let key = hash64(&[&(i as u32).to_le_bytes(), p.name.as_bytes(), subject.as_bytes()]);
            let w = self.windows.entry(&key, inp.ts, CustomWin::default);
            if w.n == 0 || now > w.start.saturating_add(span) || w.stats.len() != p.statistics.len() {
                let hot = w.hot;
                *w = CustomWin { start: now, hot, n: 0, stats: fresh(&p.statistics) };
            }
            let hot = now <= w.hot;
            w.n += 1;
            for (s, st) in p.statistics.iter().zip(w.stats.iter_mut()) {
                update(s, st, inp);
            }
            let crossed =
                w.n > p.rate_limit.requests && p.statistics.iter().zip(&w.stats).all(|(s, st)| holds(s, st));
            if !(hot || crossed) {
                continue;
            }
            let count = if hot { 1 } else { w.n as u64 };
            let first_ts = (!hot).then_some(w.start as f64);
            w.hot = now.saturating_add(span);
            out.push((
                inp.api_id.to_owned(),
                EventHit {
                    kind: None,
                    tag: p.name.clone(),
                    level: p.level,
                    subject,
                    ts: inp.ts,
                    first_ts,
                    count,
                    ip: inp.ip.to_string(),
                    country: inp.country.unwrap_or("-").to_owned(),
                    account: inp.account.map(str::to_owned),
                    info: json!({"requests": w.n, "threshold": p.rate_limit.requests, "period_s": span}),
                    request_data: json!({}),
                    response_data: json!({"status": inp.status}),
                    suggestion: p.suggestion.clone(),
                },
            ));
        }
    }

    /// Folds another shard's windows in.
    pub fn merge(&mut self, other: CustomEvents) {
        self.windows.merge_with(other.windows, |a, b| {
            a.start = a.start.min(b.start);
            a.hot = a.hot.max(b.hot);
            a.n = a.n.saturating_add(b.n);
            if a.stats.len() == b.stats.len() {
                for (x, y) in a.stats.iter_mut().zip(b.stats) {
                    match (x, y) {
                        (StatState::Count(p), StatState::Count(q)) => *p = p.saturating_add(q),
                        (StatState::Set(p), StatState::Set(q)) => p.merge(&q),
                        (StatState::Mask(p), StatState::Mask(q)) => *p |= q,
                        _ => {}
                    }
                }
            }
        });
    }
}
