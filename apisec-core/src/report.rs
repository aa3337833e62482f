//! Turns engine state into the output types of [`crate::model`].

use crate::catalog::ApiStatus;
use crate::facets::{AssetContext, FacetSettings};
use crate::inventory::ApiState;
use crate::model::{Asset, Event, Overview, Risk};

/// The asset view of one API, judged at its own last activity with default settings.
pub fn asset_of(a: &ApiState) -> Asset {
    let settings = FacetSettings::default();
    let ctx = AssetContext {
        watermark: a.last_ts,
        global_private_share: 0.0,
        settings: &settings,
        desensitize: false,
    };
    asset_in(a, &ctx)
}

/// The asset view of one API in the engine's context (watermark, settings).
pub fn asset_in(a: &ApiState, ctx: &AssetContext<'_>) -> Asset {
    let f = &a.facets;
    let auth_key = f.auth.names();
    let mut sample = a.sample.clone().unwrap_or_default();
    if ctx.desensitize {
        crate::facets::auth::mask_credentials(&mut sample, &auth_key);
    }
    Asset {
        api_id: a.id.clone(),
        service_host: a.key.host.clone(),
        api_format: a.key.template.clone(),
        request_method: a.key.method.clone(),
        api_tag: f.api_tag(),
        api_type: f.api_type(&a.key.host, &a.key.template, ctx.global_private_share, a.daily.len()),
        auth_key,
        api_status: crate::facets::lifecycle::status(
            &a.daily,
            a.first_ts,
            a.last_ts,
            ctx.watermark.max(a.last_ts),
            &ctx.settings.lifecycle,
        ),
        api_sensitive_level: a.sensitive.level(),
        api_sensitive_req: a.sensitive.req_codes(),
        api_sensitive_res: a.sensitive.resp_codes(),
        farthest_ts: a.first_ts as i64,
        lastest_ts: a.last_ts as i64,
        abnormal_num: 0,
        event_num: 0,
        struct_baseline: f.structure.fields(),
        matched_hosts: vec![a.key.host.clone()],
        hosts: a.hosts.iter().cloned().collect(),
        server_port: a.ports.iter().map(|p| p.to_string()).collect(),
        request_count: a.count,
        log_type: "asset".into(),
        sample,
    }
}

/// Overview counts over the query results.
pub fn overview(assets: &[Asset], risks: &[Risk], events: &[Event]) -> Overview {
    let mut o = Overview { api_total: assets.len() as u64, ..Default::default() };
    for a in assets {
        match a.api_status {
            ApiStatus::Offline => o.api_offline += 1,
            ApiStatus::Newborn => {
                o.api_newborn += 1;
                o.api_active += 1
            }
            ApiStatus::Normal => o.api_active += 1,
        }
        *o.api_by_sensitive_level.entry(a.api_sensitive_level.to_string()).or_default() += 1;
        for c in &a.api_sensitive_req {
            *o.sensitive_req_types.entry(c.clone()).or_default() += 1;
        }
        for c in &a.api_sensitive_res {
            *o.sensitive_res_types.entry(c.clone()).or_default() += 1;
        }
        o.first_ts = Some(o.first_ts.map_or(a.farthest_ts, |t| t.min(a.farthest_ts)));
        o.last_ts = Some(o.last_ts.map_or(a.lastest_ts, |t| t.max(a.lastest_ts)));
    }
    o.risk_total = risks.len() as u64;
    for r in risks {
        *o.risk_by_level.entry(r.abnormal_level.to_string()).or_default() += 1;
        *o.risk_by_type.entry(r.abnormal_tag.clone()).or_default() += 1;
        *o.risky_hosts.entry(r.service_host.clone()).or_default() += 1;
    }
    o.event_total = events.len() as u64;
    for e in events {
        *o.event_by_level.entry(e.event_level.to_string()).or_default() += 1;
        *o.event_by_type.entry(e.event_tag.clone()).or_default() += 1;
        *o.attacked_hosts.entry(e.service_host.clone()).or_default() += 1;
    }
    o
}
