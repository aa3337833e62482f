//! Wiring of the event stage into the engine: builds an [`EventInput`] from a record, its
//! parameters, the API's facets and the shared facts; runs the [`EventEngine`]; applies
//! the policy (built-in switches, event whitelists) to each hit; records hits in the
//! [`EventStore`] and queues an event log when an event starts or every 10 minutes while
//! it continues. Also renders the stored events for `Engine::events()`.

use super::detect::{EventEngine, EventInput};
use super::signals::RecordSignals;
use super::store::{EventStore, Outcome};
use crate::catalog::{ApiType, Purpose};
use crate::engine::State;
use crate::facets::RequestFacts;
use crate::inventory::ApiState;
use crate::logs::{LogKind, LogQueue};
use crate::model::Event;
use crate::params::Params;
use crate::policy::Policy;
use crate::record::{Record, WafAction};
use crate::sensitive::RecordSensitive;
use std::collections::BTreeMap;

/// The parts of the engine state the event stage writes.
pub struct Sinks<'s> {
    /// Detector windows.
    pub windows: &'s mut EventEngine,
    /// Events.
    pub store: &'s mut EventStore,
    /// Log subscription queue.
    pub logs: &'s mut LogQueue,
}

impl Sinks<'_> {
    /// Runs the event stage on one record.
    #[allow(clippy::too_many_arguments)] // one argument per upstream stage's facts
    pub fn observe(
        self,
        policy: &Policy,
        rec: &Record<'_>,
        params: &Params<'_>,
        api: &ApiState,
        facts: &RequestFacts,
        sensitive: &RecordSensitive,
        leaks: crate::facts::leaks::Leaks,
        global_private_share: f64,
    ) {
        let mut purposes: Vec<Purpose> = facts.purposes.iter().collect();
        for p in api.facets.purpose.result().iter() {
            if !purposes.contains(&p) {
                purposes.push(p);
            }
        }
        let internal = api
            .facets
            .api_type(&api.key.host, &api.key.template, global_private_share, api.daily.len())
            .contains(&ApiType::InternalApi);
        let sig = RecordSignals::of(rec, params, &purposes, leaks);
        let mut inp = EventInput::new(
            rec.ts,
            rec.client_ip,
            &api.id,
            &api.key.host,
            &api.key.template,
            &api.key.method,
        );
        inp.path = &rec.path;
        inp.country = rec.src_country.as_deref();
        inp.account = rec.account.as_deref();
        inp.status = rec.status;
        inp.waf_blocked = rec.waf_action == Some(WafAction::Block);
        inp.waf_rule_type = rec.waf_rule_type.as_deref();
        inp.user_agent = rec.req_headers.get("user-agent");
        inp.purposes = &purposes;
        inp.internal = internal;
        inp.authenticated = facts.authenticated || rec.account.is_some();
        inp.login = sig.login_attempt();
        inp.code = sig.code_attempt();
        inp.registration = sig.registration;
        inp.send_sms = sig.sms_target;
        inp.send_mail = sig.mail_target;
        inp.export = sig.export;
        inp.leaks = sig.leaks;
        inp.params = Some(params);
        let resp_sensitive: Vec<(u16, u32)> = sensitive.resp.iter().map(|(&c, &n)| (c, n)).collect();
        let resp_values: Vec<u32> = sensitive
            .findings
            .iter()
            .filter_map(|f| {
                let p = params.items.get(f.param)?;
                if p.location.is_request() {
                    return None;
                }
                p.value.get(f.finding.start..f.finding.end).map(|v| crate::window::hash32(v.as_bytes()))
            })
            .collect();
        inp.resp_sensitive = &resp_sensitive;
        inp.resp_sensitive_values = &resp_values;
        let mut hits = Vec::new();
        self.windows.observe(&inp, &mut hits);
        let customs = policy.custom_events();
        if !customs.is_empty() {
            let tags: Vec<String> = purposes.iter().map(|p| p.as_str().to_owned()).collect();
            let types = if internal { vec![ApiType::InternalApi] } else { vec![ApiType::PublicApi] };
            let mut f = crate::policy::RecordFacts::new(rec, params, &api.key.template);
            f.purposes = &tags;
            f.service_objects = &types;
            f.authenticated = inp.authenticated;
            f.resp_sensitive = inp.resp_sensitive;
            self.windows.custom.observe(customs, &f, &inp, &mut hits);
        }
        for (api_id, hit) in hits {
            if let Some(k) = hit.kind
                && !policy.event_enabled(k)
            {
                continue;
            }
            if policy.event_whitelisted(
                &api.key.host,
                &api.key.template,
                rec.client_ip,
                inp.account,
                &hit.tag,
            ) {
                continue;
            }
            let (tag, subject) = (hit.tag.clone(), hit.subject.clone());
            let outcome = self.store.record(&api_id, hit);
            if matches!(outcome, Outcome::Started | Outcome::Updated(true))
                && let Some(e) = self.store.latest(&api_id, &tag, &subject)
            {
                let same = e.api_id == api.id;
                let ev =
                    EventStore::to_event(e, same.then_some(api), api.facets.api_tag(), policy.desensitize());
                self.logs.push(LogKind::Event, serde_json::to_value(ev).unwrap_or_default());
            }
        }
    }
}

/// Every stored event in the output schema, in start order.
pub fn events(state: &State, masked: bool) -> Vec<Event> {
    let by_id: BTreeMap<&str, &ApiState> =
        state.inventory.apis.values().map(|a| (a.id.as_str(), a)).collect();
    state
        .events
        .iter()
        .map(|e| {
            let api = by_id.get(e.api_id.as_str()).copied();
            let tags = api.map(|a| a.facets.api_tag()).unwrap_or_default();
            EventStore::to_event(e, api, tags, masked)
        })
        .collect()
}
