//! The asset facets through the engine: purposes, auth fields, structure, service object
//! and lifecycle by event time.

use apisec_core::{ApiStatus, ApiType, Engine, Policy};

const T0: f64 = 1_700_000_000.0;
const DAY: f64 = 86_400.0;

fn login(ts: f64, ip: &str, user: &str) -> String {
    format!(
        r#"{{"ts":{ts},"client_ip":"{ip}","host":"shop.example.com","method":"POST","path":"/api/user/login",
        "req_headers":{{"Content-Type":"application/json","User-Agent":"Mozilla/5.0"}},
        "req_body":"{{\"username\":\"{user}\",\"password\":\"s3cret!\"}}","status":200,
        "resp_headers":{{"Content-Type":"application/json"}},"resp_body":"{{\"code\":0,\"token\":\"abc\"}}"}}"#
    )
}

fn profile(ts: f64, ip: &str, authed: bool) -> String {
    let cookie = if authed { r#","Cookie":"JSESSIONID=8F1A2B3C4D5E6F""# } else { "" };
    format!(
        r#"{{"ts":{ts},"client_ip":"{ip}","host":"shop.example.com","method":"GET","path":"/api/profile",
        "query":"uid=42","req_headers":{{"Accept":"application/json"{cookie}}},"status":200}}"#
    )
}

fn engine_with(lines: &[String]) -> Engine {
    let mut e = Engine::new(Policy::default()).unwrap();
    for l in lines {
        e.ingest_json(l.as_bytes()).unwrap();
    }
    e
}

#[test]
fn assets_carry_purpose_auth_structure_and_type() {
    let mut lines: Vec<String> =
        (0..30).map(|i| login(T0 + i as f64, &format!("203.0.113.{}", i + 1), "alice")).collect();
    lines.extend(
        (0..30).map(|i| profile(T0 + 100.0 + i as f64, &format!("198.51.100.{}", i + 1), i % 2 == 0)),
    );
    let e = engine_with(&lines);
    let assets = e.assets();
    assert_eq!(assets.len(), 2);
    let login = assets.iter().find(|a| a.api_format == "/api/user/login").unwrap();
    assert!(login.api_tag.contains(&"LoginByUserPasswd".to_string()), "{:?}", login.api_tag);
    assert!(login.api_tag.contains(&"LoginAPI".to_string()));
    assert_eq!(login.api_type, vec![ApiType::PublicApi]);
    assert!(login.auth_key.is_empty());
    assert_eq!(login.api_status, ApiStatus::Newborn);
    let pw = login.struct_baseline.iter().find(|f| f.key == "password").unwrap();
    assert_eq!(
        (pw.location.as_str(), pw.format.as_str(), pw.required.as_str()),
        ("request_body", "string", "true")
    );

    let prof = assets.iter().find(|a| a.api_format == "/api/profile").unwrap();
    assert_eq!(prof.auth_key, vec!["JSESSIONID".to_string()]);
    assert!(prof.api_tag.contains(&"QueryInfo".to_string()));
    let cookie = prof.struct_baseline.iter().find(|f| f.key == "JSESSIONID").unwrap();
    assert_eq!(cookie.required, "false", "only half the requests carried it");
    let state = &e.state().inventory.apis.values().find(|a| a.key.template == "/api/profile").unwrap().facets;
    assert_eq!((state.auth.requests, state.auth.authenticated), (30, 15));
}

#[test]
fn last_facts_say_whether_the_request_was_authenticated() {
    let mut e = Engine::new(Policy::default()).unwrap();
    e.ingest_json(profile(T0, "203.0.113.1", true).as_bytes()).unwrap();
    assert!(e.last_facts().authenticated);
    assert_eq!(e.last_facts().auth_fields.as_slice(), ["JSESSIONID".to_string()]);
    e.ingest_json(profile(T0 + 1.0, "203.0.113.1", false).as_bytes()).unwrap();
    assert!(!e.last_facts().authenticated);
    e.ingest_json(login(T0 + 2.0, "203.0.113.1", "bob").as_bytes()).unwrap();
    assert!(e.last_facts().purposes.contains(apisec_core::Purpose::LoginByUserPasswd));
}

#[test]
fn lifecycle_follows_event_time_and_idle_assets_are_deleted() {
    let mut lines: Vec<String> =
        (0..10).map(|i| login(T0 + i as f64 * DAY, "203.0.113.9", "alice")).collect();
    lines.push(profile(T0, "203.0.113.9", true));
    let mut e = engine_with(&lines);
    let status =
        |e: &Engine, path: &str| e.assets().iter().find(|a| a.api_format == path).map(|a| a.api_status);
    // Watermark is day 9: the login API, busy since day 0, is normal; the profile API was
    // last called on day 0, nine days ago: offline.
    assert_eq!(status(&e, "/api/user/login"), Some(ApiStatus::Normal));
    assert_eq!(status(&e, "/api/profile"), Some(ApiStatus::Offline));
    // A call on day 31 moves the clock past 30 idle days for the profile API: deleted.
    e.ingest_json(login(T0 + 31.0 * DAY, "203.0.113.9", "alice").as_bytes()).unwrap();
    assert_eq!(status(&e, "/api/profile"), None);
    assert_eq!(e.state().inventory.apis.len(), 1, "pruned from the state, not only hidden");
    // Replaying gives the same answer: nothing depends on the wall clock.
    let mut again = engine_with(&lines);
    again.ingest_json(login(T0 + 31.0 * DAY, "203.0.113.9", "alice").as_bytes()).unwrap();
    assert_eq!(serde_json::to_string(&again.assets()).unwrap(), serde_json::to_string(&e.assets()).unwrap());
}

#[test]
fn private_callers_mark_an_internal_api() {
    let mut lines: Vec<String> =
        (0..30).map(|i| profile(T0 + i as f64, &format!("10.0.0.{}", i % 3 + 1), true)).collect();
    lines.extend((0..60).map(|i| login(T0 + i as f64, &format!("203.0.113.{}", i + 1), "alice")));
    let e = engine_with(&lines);
    let prof = e.assets().into_iter().find(|a| a.api_format == "/api/profile").unwrap();
    assert_eq!(prof.api_type, vec![ApiType::InternalApi]);
}

#[test]
fn policy_custom_credentials_purposes_switches_and_lifecycle_apply() {
    let policy = Policy::from_json(
        r#"{
        "auth_credentials": {"custom": [{"name": "numeric-header", "conditions": [
            {"field": "req_header", "name": "X-10086", "op": "length_gt", "value": 16}]}]},
        "business_purpose": {
            "builtin": {"DebugOp": {"enabled": false}},
            "custom": [{"name": "CouponCheck", "conditions": [
                {"field": "api", "op": "contains_any", "values": ["/coupons"]},
                {"field": "post_param_names", "op": "equals_any", "values": ["code", "coupon_code"]}]}]},
        "lifecycle": {"mode": "custom", "daily_requests": 10, "days": 3}
    }"#,
    )
    .unwrap();
    let mut e = Engine::new(policy).unwrap();
    let coupon = |ts: f64, header: &str| {
        format!(
            r#"{{"ts":{ts},"client_ip":"203.0.113.7","host":"shop.example.com","method":"POST","path":"/api/coupons/check",
            "req_headers":{{"Content-Type":"application/json","X-10086":"{header}"}},"req_body":"{{\"code\":\"SPRING\"}}"}}"#
        )
    };
    e.ingest_json(coupon(T0, "12345678901234567890").as_bytes()).unwrap();
    assert!(e.last_facts().authenticated, "custom credential recognised");
    assert_eq!(e.last_facts().custom_purposes.as_slice(), ["CouponCheck".to_string()]);
    e.ingest_json(coupon(T0 + 1.0, "123").as_bytes()).unwrap();
    assert!(!e.last_facts().authenticated, "too short for the custom credential");
    let debug = r#"{"ts":1700000002,"client_ip":"203.0.113.7","host":"shop.example.com","method":"POST",
        "path":"/api/debug/eval","status":200}"#;
    e.ingest_json(debug.as_bytes()).unwrap();
    let assets = e.assets();
    let c = assets.iter().find(|a| a.api_format == "/api/coupons/check").unwrap();
    assert!(c.api_tag.contains(&"CouponCheck".to_string()), "{:?}", c.api_tag);
    assert_eq!(c.auth_key, vec!["X-10086".to_string()]);
    let d = assets.iter().find(|a| a.api_format == "/api/debug/eval").unwrap();
    assert!(!d.api_tag.contains(&"DebugOp".to_string()), "switched off: {:?}", d.api_tag);
    // Custom lifecycle: under 10 requests a day for 3 days → inactive once 3 days old.
    let d3 = profile(T0 + 3.0 * DAY, "203.0.113.7", true);
    e.ingest_json(d3.as_bytes()).unwrap();
    let c = e.assets().into_iter().find(|a| a.api_format == "/api/coupons/check").unwrap();
    assert_eq!(c.api_status, ApiStatus::Offline);
    // The built-in model would still call it new (silent for only 3 days).
    let mut builtin = Engine::new(Policy::default()).unwrap();
    builtin.ingest_json(coupon(T0, "x").as_bytes()).unwrap();
    builtin.ingest_json(d3.as_bytes()).unwrap();
    let c = builtin.assets().into_iter().find(|a| a.api_format == "/api/coupons/check").unwrap();
    assert_eq!(c.api_status, ApiStatus::Newborn);
}

#[test]
fn samples_hide_credentials_when_desensitize_is_on() {
    let line = profile(T0, "203.0.113.7", true);
    let plain = engine_with(std::slice::from_ref(&line));
    let cookie = |e: &Engine| e.assets()[0].sample.request_header["Cookie"].clone();
    assert_eq!(cookie(&plain), "JSESSIONID=8F1A2B3C4D5E6F");
    let policy = Policy::from_json(r#"{"sensitive_data": {"desensitize": true}}"#).unwrap();
    let mut masked = Engine::new(policy).unwrap();
    masked.ingest_json(line.as_bytes()).unwrap();
    // The reference masks the whole request Cookie header as `{{Cookie}}`.
    assert_eq!(cookie(&masked), "{{Cookie}}");
    assert_eq!(masked.assets()[0].sample.querystring, "?uid=42");
}

mod never_panics {
    use apisec_core::facets::structure::format_of;
    use apisec_core::openapi::path_of;
    use apisec_core::params::ValueKind;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn arbitrary_paths_params_and_values(path in "\\PC{0,80}", name in "\\PC{0,20}", value in "\\PC{0,40}") {
            let _ = format_of(&value, ValueKind::Text);
            let (p, names) = path_of(&path);
            prop_assert!(p.starts_with('/'));
            prop_assert_eq!(p.matches('{').count(), names.len());
            let rec = serde_json::json!({
                "ts": 1_700_000_000, "client_ip": "203.0.113.1", "host": "h.example.com",
                "method": "POST", "path": format!("/{path}"), "query": format!("{name}={value}"),
                "req_headers": {"Content-Type": "application/json", "Cookie": format!("{name}={value}")},
                "req_body": serde_json::json!({ name.clone(): value.clone() }).to_string(),
            });
            let mut e = apisec_core::Engine::new(apisec_core::Policy::default()).unwrap();
            let _ = e.ingest_json(rec.to_string().as_bytes());
            let _ = e.openapi();
        }
    }
}
