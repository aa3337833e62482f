//! Risks through the engine: one risk per (API, type) with refreshed evidence, one risk
//! log when first raised, `abnormal_num`, policy switches / levels / whitelists, custom risk
//! policies.

use apisec_core::logs::LogKind;
use apisec_core::{Engine, Level, Policy};

fn login(ts: u64, pw: &str, host: &str) -> String {
    format!(
        r#"{{"ts":{ts},"client_ip":"203.0.113.5","host":"{host}","method":"POST","path":"/v1/login","scheme":"https","req_headers":{{"Content-Type":"application/json"}},"req_body":"{{\"username\":\"alice\",\"password\":\"{pw}\"}}","status":200,"resp_headers":{{"Content-Type":"application/json"}},"resp_body":"{{\"success\":true,\"token\":\"9fK2xQ7vLm3Rt8WbZ1cN4pYs6DhJ0aGe\"}}"}}"#
    )
}

fn run(policy: Policy, lines: &[String]) -> Engine {
    let mut e = Engine::new(policy).unwrap();
    for l in lines {
        e.ingest_json(l.as_bytes()).unwrap();
    }
    e
}

#[test]
fn one_risk_per_api_and_type_with_fresh_evidence_and_one_log() {
    let mut e = Engine::new(Policy::default()).unwrap();
    e.ingest_json(login(1_700_000_000, "123456", "api.example.com").as_bytes()).unwrap();
    e.ingest_json(login(1_700_000_060, "abc", "api.example.com").as_bytes()).unwrap();
    let risks = e.risks();
    let weak: Vec<_> = risks.iter().filter(|r| r.abnormal_tag == "Risk_WeakPasswd").collect();
    assert_eq!(weak.len(), 1);
    let w = weak[0];
    assert_eq!((w.abnormal_type.as_str(), w.abnormal_level), ("default", Level::Low));
    assert_eq!(w.abnormal_category, "RiskType_Account");
    assert_eq!((w.abnormal_discover_ts, w.abnormal_last_ts), (1_700_000_000, 1_700_000_060));
    assert_eq!(w.abnormal_info["length"], 3, "evidence follows the latest record");
    assert_eq!(w.abnormal_info["value"], "a*c", "passwords are masked");
    assert!(!w.suggestion.is_empty());
    assert_eq!(
        (w.service_host.as_str(), w.api_format.as_str(), w.request_method.as_str()),
        ("api.example.com", "/v1/login", "POST")
    );
    let logs = e.drain_logs();
    let risk_logs: Vec<_> = logs.iter().filter(|l| l.kind == LogKind::Risk).collect();
    assert_eq!(risk_logs.len(), risks.len(), "one log per risk, when first raised");
    assert!(risk_logs.iter().all(|l| l.body["log_type"] == "risk"));
    let assets = e.assets();
    assert_eq!(assets.len(), 1);
    assert_eq!(assets[0].abnormal_num as usize, risks.len());
    assert!(risks.iter().any(|r| r.abnormal_tag == "Risk_PasswdUnencrypt"));
}

#[test]
fn policy_disables_and_relevels_builtin_risks() {
    let policy = Policy::from_json(
        r#"{"risk_detection": {"builtin": {
            "Risk_WeakPasswd": {"enabled": true, "level": "high"},
            "Risk_PasswdUnencrypt": {"enabled": false}}}}"#,
    )
    .unwrap();
    let e = run(policy, &[login(1_700_000_000, "123456", "api.example.com")]);
    let risks = e.risks();
    assert!(!risks.iter().any(|r| r.abnormal_tag == "Risk_PasswdUnencrypt"));
    let w = risks.iter().find(|r| r.abnormal_tag == "Risk_WeakPasswd").unwrap();
    assert_eq!(w.abnormal_level, Level::High);
}

#[test]
fn whitelist_silences_chosen_types_on_matching_domains_only() {
    let policy = Policy::from_json(
        r#"{"whitelists": {"risk": [{"name": "lab",
            "conditions": [{"field": "domain", "op": "contains_any", "values": ["lab.example.com"]}],
            "ignore": ["Risk_WeakPasswd"]}]}}"#,
    )
    .unwrap();
    let e = run(
        policy,
        &[
            login(1_700_000_000, "123456", "lab.example.com"),
            login(1_700_000_001, "123456", "api.example.com"),
        ],
    );
    let weak: Vec<_> = e.risks().into_iter().filter(|r| r.abnormal_tag == "Risk_WeakPasswd").collect();
    assert_eq!(weak.len(), 1);
    assert_eq!(weak[0].service_host, "api.example.com");
    assert!(
        e.risks()
            .iter()
            .any(|r| r.service_host == "lab.example.com" && r.abnormal_tag == "Risk_PasswdUnencrypt")
    );
}

#[test]
fn custom_risk_policies_raise_named_risks() {
    let policy = Policy::from_json(
        r#"{"risk_detection": {"custom": [{"name": "login-over-http", "level": "medium",
            "suggestion": "Serve logins over HTTPS only.",
            "conditions": [{"field": "api", "op": "equals_any", "values": ["/v1/login"]},
                           {"field": "protocol", "op": "eq", "value": "http"}]}]}}"#,
    )
    .unwrap();
    let https = login(1_700_000_000, "Tr0ub4dor&3x", "api.example.com");
    let http = https.replace(r#""scheme":"https""#, r#""scheme":"http""#);
    let e = run(policy.clone(), std::slice::from_ref(&https));
    assert!(!e.risks().iter().any(|r| r.abnormal_tag == "login-over-http"));
    let e = run(policy, &[https, http]);
    let c = e.risks().into_iter().find(|r| r.abnormal_tag == "login-over-http").unwrap();
    assert_eq!((c.abnormal_type.as_str(), c.abnormal_category.as_str()), ("custom", "custom"));
    assert_eq!(c.abnormal_level, Level::Medium);
    assert_eq!(c.suggestion, "Serve logins over HTTPS only.");
}

#[test]
fn risks_survive_snapshot_and_merge_in_any_order() {
    let a: Vec<String> = (0..3).map(|i| login(1_700_000_000 + i, "123456", "a.example.com")).collect();
    let b: Vec<String> = (0..3).map(|i| login(1_700_000_100 + i, "abc", "b.example.com")).collect();
    let mut ab = run(Policy::default(), &a);
    ab.merge(run(Policy::default(), &b)).unwrap();
    let mut ba = run(Policy::default(), &b);
    ba.merge(run(Policy::default(), &a)).unwrap();
    let (ra, rb) = (serde_json::to_value(ab.risks()).unwrap(), serde_json::to_value(ba.risks()).unwrap());
    assert_eq!(ra, rb);
    assert!(ab.risks().len() >= 4);
    let restored = Engine::restore(Policy::default(), &ab.snapshot().unwrap()).unwrap();
    assert_eq!(serde_json::to_value(restored.risks()).unwrap(), ra);
}
