//! Compliance check and tracing through the public engine API: switches, joins with the
//! inventory, shards merged, snapshot and restore.

use apisec_core::compliance::{AuditSwitches, Direction, FlowInput};
use apisec_core::{Engine, Policy};

const T0: f64 = 1_717_200_000.0; // 2024-06-01T00:00:00Z

fn record(path: &str, ts: f64) -> String {
    format!(
        r#"{{"ts":{ts},"client_ip":"198.51.100.7","host":"api.example.com","method":"GET","path":"{path}","status":200,"src_country":"US"}}"#
    )
}

/// An engine that has seen two APIs; returns it with their ids (users, export).
fn engine_with_two_apis(sw: AuditSwitches) -> (Engine, String, String) {
    let mut e = Engine::new(Policy::default()).unwrap();
    e.set_audit_switches(sw);
    e.ingest_json(record("/v1/users", T0).as_bytes()).unwrap();
    e.ingest_json(record("/v1/export", T0).as_bytes()).unwrap();
    let assets = e.assets();
    let id = |p: &str| assets.iter().find(|a| a.api_format == p).unwrap().api_id.clone();
    let (u, x) = (id("/v1/users"), id("/v1/export"));
    (e, u, x)
}

fn send(e: &mut Engine, api: &str, ts: f64, country: &str, values: &[(u16, &str)]) {
    e.observe_flow(&FlowInput {
        ts,
        host: "api.example.com",
        api_id: api,
        client_ip: "198.51.100.7",
        country: Some(country),
        account: Some("bob"),
        direction: Direction::Response,
        values,
    });
}

#[test]
fn both_features_are_off_by_default() {
    let (mut e, users, _) = engine_with_two_apis(AuditSwitches::default());
    send(&mut e, &users, T0, "US", &[(1000, "11010519491231002X")]);
    let t = e.trace("11010519491231002X");
    assert!(!t.enabled && !t.found);
    let c = e.compliance();
    assert!(!c.enabled);
    assert_eq!(c.persons_personal, 0);
    assert!(!c.assessment_required);
}

#[test]
fn trace_joins_the_inventory_and_compliance_counts_persons() {
    let (mut e, users, export) = engine_with_two_apis(AuditSwitches::ALL);
    send(&mut e, &users, T0 + 1.0, "US", &[(1000, "11010519491231002X"), (1004, "13800138000")]);
    send(&mut e, &export, T0 + 9.0, "DE", &[(1000, "11010519491231002X")]);
    let t = e.trace("11010519491231002x");
    assert!(t.enabled && t.found);
    let formats: Vec<&str> = t.apis.iter().map(|a| a.api_format.as_str()).collect();
    assert_eq!(formats, ["/v1/export", "/v1/users"]);
    assert!(t.apis.iter().all(|a| a.service_host == "api.example.com" && a.request_method == "GET"));
    assert_eq!(t.countries, ["DE", "US"]);
    assert_eq!((t.first_ts, t.last_ts, t.count), (Some(T0 as i64 + 1), Some(T0 as i64 + 9), 2));
    let c = e.compliance();
    assert!(c.enabled);
    assert_eq!((c.persons_personal, c.persons_sensitive), (1, 1));
    assert_eq!(c.by_host[0].host, "api.example.com");
    // Only the compliance switch on: nothing is indexed for tracing.
    let (mut e2, users, _) =
        engine_with_two_apis(AuditSwitches { compliance_check: true, tracing_auditing: false });
    send(&mut e2, &users, T0, "US", &[(1004, "13800138000")]);
    assert_eq!(e2.compliance().persons_personal, 1);
    assert!(!e2.trace("13800138000").found);
}

#[test]
fn shards_merge_and_snapshots_restore_to_the_same_answers() {
    let (mut one, users, export) = engine_with_two_apis(AuditSwitches::ALL);
    let (mut a, _, _) = engine_with_two_apis(AuditSwitches::ALL);
    let mut b = Engine::new(Policy::default()).unwrap();
    b.set_audit_switches(AuditSwitches::ALL);
    for i in 0..12_000u64 {
        let id = format!("110101199{i:09}");
        let api = if i % 2 == 0 { &users } else { &export };
        let country = if i % 5 == 0 { "CN" } else { "US" };
        let values = [(1000u16, id.as_str())];
        send(&mut one, api, T0 + i as f64, country, &values);
        send(if i % 3 == 0 { &mut a } else { &mut b }, api, T0 + i as f64, country, &values);
    }
    let want = one.compliance();
    assert_eq!(want.persons_sensitive, 9_600);
    a.merge(b).unwrap();
    assert_eq!(a.compliance(), want);
    let probe = "110101199000000007";
    assert_eq!(a.trace(probe), one.trace(probe));
    let restored = {
        let mut r = Engine::restore(Policy::default(), &a.snapshot().unwrap()).unwrap();
        r.set_audit_switches(AuditSwitches::ALL);
        r
    };
    assert_eq!(restored.compliance(), want);
    assert_eq!(restored.trace(probe), one.trace(probe));
}

/// A response carrying an ID number and a phone number to a client in `country`.
fn leaky(ts: f64, path: &str, ip: &str, country: &str) -> String {
    format!(
        r#"{{"ts":{ts},"client_ip":"{ip}","host":"shop.example.com:8443","method":"GET","path":"{path}","status":200,"src_country":"{country}","account":"bob","resp_headers":{{"content-type":"application/json"}},"resp_body":"{{\"user\":{{\"id_card\":\"11010519491231002X\",\"mobile\":\"13800138000\"}}}}"}}"#
    )
}

#[test]
fn ingest_feeds_the_scanner_findings_where_the_policy_switches_them_on() {
    let policy = r#"{"effective_objects":{"objects":[
        {"host":"shop.example.com","compliance_check":true,"tracing_auditing":true}]}}"#;
    let mut e = Engine::new(Policy::from_json(policy).unwrap()).unwrap();
    e.ingest_json(leaky(T0, "/api/profile", "198.51.100.7", "US").as_bytes()).unwrap();
    e.ingest_json(leaky(T0 + 60.0, "/api/export", "203.0.113.9", "CN").as_bytes()).unwrap();
    let t = e.trace("110105 19491231 002X");
    assert!(t.enabled && t.found, "{t:?}");
    assert_eq!(t.code.as_deref(), Some("1000"));
    let formats: Vec<&str> = t.apis.iter().map(|a| a.api_format.as_str()).collect();
    assert_eq!(formats.len(), 2, "{formats:?}");
    assert_eq!(t.ips, ["198.51.100.7", "203.0.113.9"]);
    assert_eq!(t.accounts, ["bob"]);
    assert!(t.occurrences.iter().all(|o| o.direction == Direction::Response));
    assert!(e.trace("13800138000").found);
    // Only the US response counts as cross-border: one person, sensitive (ID number).
    let c = e.compliance();
    assert!(c.enabled);
    assert_eq!((c.persons_personal, c.persons_sensitive), (1, 1));
    assert_eq!(c.domestic_flows, 1);
    assert_eq!(c.by_host.len(), 1);
    assert_eq!(c.by_host[0].host, "shop.example.com");
    // A host the policy does not switch on is not indexed.
    let mut other = leaky(T0, "/x", "198.51.100.8", "US");
    other = other.replace("shop.example.com:8443", "plain.example.com");
    e.ingest_json(other.as_bytes()).unwrap();
    let t = e.trace("11010519491231002X");
    assert!(!t.ips.contains(&"198.51.100.8".to_string()));
}

#[test]
fn with_the_default_policy_ingest_indexes_nothing() {
    let mut e = Engine::new(Policy::default()).unwrap();
    e.ingest_json(leaky(T0, "/api/profile", "198.51.100.7", "US").as_bytes()).unwrap();
    assert!(!e.trace("11010519491231002X").enabled);
    assert!(!e.trace("11010519491231002X").found);
    assert_eq!(e.compliance().cross_border_flows, 0);
    assert!(e.state().trace.is_empty());
}
