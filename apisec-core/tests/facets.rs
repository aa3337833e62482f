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
