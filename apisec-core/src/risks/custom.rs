//! Custom risk policies (up to 20, reference 004 §1): each policy's conditions are
//! evaluated per record against the policy facts of the exchange; a match raises a risk
//! named after the policy, at its level, with `abnormal_type` `custom`.
//!
//! Input: the policy and one record's [`RiskInput`]. Output: [`RiskHit`]s (already
//! filtered by the risk whitelist).

use super::{RiskHit, RiskInput};
use crate::policy::{Policy, RecordFacts};
use serde_json::json;

/// Evaluates every enabled custom risk policy on one record.
pub fn evaluate(policy: &Policy, input: &RiskInput<'_, '_>, out: &mut Vec<RiskHit>) {
    let customs = policy.custom_risks();
    if customs.is_empty() {
        return;
    }
    let purposes: Vec<String> = input.purposes.iter().map(|p| p.as_str().to_owned()).collect();
    let req: Vec<(u16, u32)> = input.req_sensitive.iter().map(|s| (s.code, s.count)).collect();
    let resp: Vec<(u16, u32)> = input.resp_sensitive.iter().map(|s| (s.code, s.count)).collect();
    let mut facts = RecordFacts::new(input.record, input.params, input.template);
    facts.purposes = &purposes;
    facts.service_objects = input.service_objects;
    facts.authenticated = input.authenticated;
    facts.req_sensitive = &req;
    facts.resp_sensitive = &resp;
    let host = input.record.host_name();
    for c in customs {
        if c.matches(&facts) && !policy.risk_whitelisted(host, input.template, &c.name) {
            out.push(RiskHit {
                kind: None,
                tag: c.name.clone(),
                level: c.level,
                info: json!({ "policy": c.name, "method": input.record.method,
                    "status": input.record.status, "client_ip": input.record.client_ip.to_string() }),
                suggestion: c.suggestion.clone(),
            });
        }
    }
}
