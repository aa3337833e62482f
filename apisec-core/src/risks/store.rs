//! The risk store: deduplication per (API, tag), policy levels, whitelists, output.

use crate::catalog::{Level, RiskKind};
use crate::inventory::ApiState;
use crate::model::{Risk, Sample};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a detector found on one record.
#[derive(Clone, Debug, PartialEq)]
pub struct RiskHit {
    /// A built-in kind, or `None` for a custom policy.
    pub kind: Option<RiskKind>,
    /// The tag: `Risk_*` or the custom policy's name.
    pub tag: String,
    /// Level to report (already resolved from the policy).
    pub level: Level,
    /// Evidence: what was seen and where.
    pub info: serde_json::Value,
    /// The suggestion shown with the risk.
    pub suggestion: String,
}

/// One open risk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RiskState {
    /// The API's id.
    pub api_id: String,
    /// `Risk_*` or a custom name.
    pub tag: String,
    /// True for custom policies.
    pub custom: bool,
    /// Category (`RiskType_*` or `custom`).
    pub category: String,
    /// Level.
    pub level: Level,
    /// First found (event time).
    pub first_ts: f64,
    /// Last seen (event time).
    pub last_ts: f64,
    /// Records that showed it.
    pub hits: u64,
    /// Latest evidence.
    pub info: serde_json::Value,
    /// Suggestion.
    pub suggestion: String,
    /// The record that first showed it.
    pub sample: Sample,
}

/// Most risks kept per API (there are 38 built-in types + 20 custom).
pub const MAX_RISKS_PER_API: usize = 64;

/// Every open risk, keyed by (api_id, tag).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RiskStore {
    #[serde(with = "list")]
    risks: BTreeMap<(String, String), RiskState>,
}

mod list {
    use super::RiskState;
    use serde::{Deserialize, Deserializer, Serializer};
    use std::collections::BTreeMap;
    pub fn serialize<S: Serializer>(
        m: &BTreeMap<(String, String), RiskState>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(m.values())
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<(String, String), RiskState>, D::Error> {
        Ok(Vec::<RiskState>::deserialize(d)?
            .into_iter()
            .map(|r| ((r.api_id.clone(), r.tag.clone()), r))
            .collect())
    }
}

impl RiskStore {
    /// Records a hit; returns `true` when it opened a new risk (a risk log is due).
    pub fn raise(&mut self, api_id: &str, hit: RiskHit, ts: f64, sample: impl FnOnce() -> Sample) -> bool {
        let key = (api_id.to_owned(), hit.tag.clone());
        if let Some(r) = self.risks.get_mut(&key) {
            r.hits += 1;
            r.last_ts = r.last_ts.max(ts);
            r.first_ts = r.first_ts.min(ts);
            r.info = hit.info;
            r.level = r.level.max(hit.level);
            return false;
        }
        if self.count_for(api_id) >= MAX_RISKS_PER_API {
            return false;
        }
        let category = hit.kind.map(|k| k.category().as_str().to_owned()).unwrap_or_else(|| "custom".into());
        self.risks.insert(
            key,
            RiskState {
                api_id: api_id.to_owned(),
                tag: hit.tag,
                custom: hit.kind.is_none(),
                category,
                level: hit.level,
                first_ts: ts,
                last_ts: ts,
                hits: 1,
                info: hit.info,
                suggestion: hit.suggestion,
                sample: sample(),
            },
        );
        true
    }

    /// The open risk of `tag` on an API.
    pub fn get(&self, api_id: &str, tag: &str) -> Option<&RiskState> {
        self.risks.get(&(api_id.to_owned(), tag.to_owned()))
    }

    /// Open risks of one API.
    pub fn count_for(&self, api_id: &str) -> usize {
        self.risks.range((api_id.to_owned(), String::new())..).take_while(|((a, _), _)| a == api_id).count()
    }

    /// Every open risk, in (api_id, tag) order.
    pub fn iter(&self) -> impl Iterator<Item = &RiskState> {
        self.risks.values()
    }

    /// Moves the risks of `from` to the API `to` (after a template merge).
    pub fn rehome(&mut self, from: &str, to: &str) {
        let moved: Vec<(String, String)> = self
            .risks
            .range((from.to_owned(), String::new())..)
            .take_while(|((a, _), _)| a == from)
            .map(|(k, _)| k.clone())
            .collect();
        for k in moved {
            if let Some(mut r) = self.risks.remove(&k) {
                r.api_id = to.to_owned();
                let nk = (to.to_owned(), k.1);
                match self.risks.get_mut(&nk) {
                    Some(existing) => {
                        existing.hits += r.hits;
                        existing.first_ts = existing.first_ts.min(r.first_ts);
                        existing.last_ts = existing.last_ts.max(r.last_ts);
                    }
                    None => {
                        self.risks.insert(nk, r);
                    }
                }
            }
        }
    }

    /// Drops every risk of an API (asset deleted).
    pub fn remove_api(&mut self, api_id: &str) {
        self.risks.retain(|(a, _), _| a != api_id);
    }

    /// Folds another store in (shard merge); order-independent.
    pub fn merge(&mut self, other: RiskStore) {
        for (k, r) in other.risks {
            match self.risks.get_mut(&k) {
                Some(mine) => {
                    mine.hits += r.hits;
                    if r.first_ts < mine.first_ts {
                        mine.first_ts = r.first_ts;
                        mine.sample = r.sample;
                    }
                    if r.last_ts > mine.last_ts
                        || (r.last_ts == mine.last_ts && {
                            let (a, b) = (r.info.to_string(), mine.info.to_string());
                            a > b
                        })
                    {
                        mine.last_ts = r.last_ts;
                        mine.info = r.info;
                    }
                    mine.level = mine.level.max(r.level);
                }
                None => {
                    self.risks.insert(k, r);
                }
            }
        }
    }

    /// The output view of one risk.
    pub fn to_risk(r: &RiskState, api: Option<&ApiState>, api_tag: Vec<String>) -> Risk {
        Risk {
            abnormal_id: crate::ids::stable_id(&[&r.api_id, &r.tag]),
            api_id: r.api_id.clone(),
            service_host: api.map(|a| a.key.host.clone()).unwrap_or_default(),
            api_format: api.map(|a| a.key.template.clone()).unwrap_or_default(),
            request_method: api.map(|a| a.key.method.clone()).unwrap_or_default(),
            api_tag,
            abnormal_tag: r.tag.clone(),
            abnormal_type: if r.custom { "custom".into() } else { "default".into() },
            abnormal_category: r.category.clone(),
            abnormal_level: r.level,
            abnormal_discover_ts: r.first_ts as i64,
            abnormal_last_ts: r.last_ts as i64,
            abnormal_info: r.info.clone(),
            suggestion: r.suggestion.clone(),
            log_type: "risk".into(),
            sample: r.sample.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(tag: RiskKind, n: i32) -> RiskHit {
        RiskHit {
            kind: Some(tag),
            tag: tag.as_str().into(),
            level: tag.default_level(),
            info: serde_json::json!({ "n": n }),
            suggestion: String::new(),
        }
    }

    #[test]
    fn one_risk_per_api_and_type() {
        let mut s = RiskStore::default();
        assert!(s.raise("a", hit(RiskKind::WeakPasswd, 1), 10.0, Sample::default));
        assert!(!s.raise("a", hit(RiskKind::WeakPasswd, 2), 20.0, Sample::default));
        assert!(s.raise("a", hit(RiskKind::PasswdUrl, 1), 20.0, Sample::default));
        assert!(s.raise("b", hit(RiskKind::WeakPasswd, 1), 30.0, Sample::default));
        assert_eq!(s.count_for("a"), 2);
        let r = s.iter().next().unwrap();
        assert_eq!((r.hits, r.first_ts, r.last_ts), (1, 20.0, 20.0));
        let w = s.iter().find(|r| r.api_id == "a" && r.tag == "Risk_WeakPasswd").unwrap();
        assert_eq!((w.hits, w.info["n"].as_i64()), (2, Some(2)));
        s.rehome("a", "b");
        assert_eq!(s.count_for("a"), 0);
        assert_eq!(s.count_for("b"), 2);
        s.remove_api("b");
        assert_eq!(s.iter().count(), 0);
    }
}
