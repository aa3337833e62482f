//! Engine-level behaviour: rejected records change nothing, logs drain, any bytes are safe.

use apisec_core::{Engine, Policy};
use proptest::prelude::*;

const REC: &[u8] = br#"{"ts":1700000000,"client_ip":"203.0.113.5","host":"api.example.com","method":"POST","path":"/v1/login","req_headers":{"Content-Type":"application/json"},"req_body":"{\"username\":\"a\",\"password\":\"b\"}","status":200}"#;

#[test]
fn rejected_record_leaves_state_unchanged() {
    let mut e = Engine::new(Policy::default()).unwrap();
    e.ingest_json(REC).unwrap();
    let before = e.state().inventory.clone();
    let err = e.ingest_json(br#"{"ts":1700000001,"client_ip":"203.0.113.5","host":"api.example.com","method":"POST","path":"/v1/other","status":"oops"}"#).unwrap_err();
    assert_eq!(err.kind(), "record");
    assert!(err.to_string().contains("status"), "{err}");
    assert_eq!(e.state().inventory, before);
    assert_eq!((e.stats().accepted, e.stats().rejected, e.stats().records), (1, 1, 2));
    assert_eq!(e.stats().rejects[0].line, 2);
    assert_eq!(e.stats().rejected_by_field["status"], 1);
}

#[test]
fn asset_logs_are_produced_once_per_hour_of_event_time() {
    let mut e = Engine::new(Policy::default()).unwrap();
    let at = |ts: u64| String::from_utf8_lossy(REC).replace("1700000000", &ts.to_string()).into_bytes();
    e.ingest_json(&at(1_700_000_000)).unwrap();
    e.ingest_json(&at(1_700_000_100)).unwrap();
    let assets = |logs: Vec<apisec_core::logs::LogRecord>| {
        logs.into_iter().filter(|l| l.kind == apisec_core::logs::LogKind::Asset).collect::<Vec<_>>()
    };
    let logs = assets(e.drain_logs());
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].body["log_type"], "asset");
    assert!(e.drain_logs().is_empty());
    e.ingest_json(&at(1_700_003_700)).unwrap();
    assert_eq!(assets(e.drain_logs()).len(), 1);
}

#[test]
fn same_input_same_report() {
    let run = || {
        let mut e = Engine::new(Policy::default()).unwrap();
        for i in 0..50u64 {
            let line = String::from_utf8_lossy(REC)
                .replace("/v1/login", &format!("/v1/items/{}", i % 7))
                .replace("1700000000", &(1_700_000_000 + i * 13).to_string());
            e.ingest_json(line.as_bytes()).unwrap();
        }
        serde_json::to_string(&e.report()).unwrap()
    };
    assert_eq!(run(), run());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let mut e = Engine::new(Policy::default()).unwrap();
        let _ = e.ingest_json(&bytes);
        prop_assert_eq!(e.stats().records, 1);
    }

    #[test]
    fn mutated_records_never_panic(cut in 0usize..REC.len(), byte in any::<u8>()) {
        let mut e = Engine::new(Policy::default()).unwrap();
        let mut v = REC.to_vec();
        v[cut] = byte;
        let _ = e.ingest_json(&v);
        let _ = e.ingest_json(&REC[..cut]);
        prop_assert_eq!(e.stats().records, 2);
    }
}

fn engine_with(lines: &[String]) -> Engine {
    let mut e = Engine::new(Policy::default()).unwrap();
    for l in lines {
        let _ = e.ingest_json(l.as_bytes());
    }
    e
}

fn traffic(n: u64, salt: u64) -> Vec<String> {
    (0..n)
        .map(|i| {
            String::from_utf8_lossy(REC)
                .replace("/v1/login", &format!("/v1/items/{}", (i * 7 + salt) % 5))
                .replace("1700000000", &(1_700_000_000 + i * 31 + salt).to_string())
        })
        .collect()
}

#[test]
fn snapshot_restore_changes_nothing() {
    let mut e = engine_with(&traffic(40, 0));
    let _ = e.ingest_json(b"broken");
    let bytes = e.snapshot().unwrap();
    let r = Engine::restore(Policy::default(), &bytes).unwrap();
    assert_eq!(serde_json::to_value(r.report()).unwrap(), serde_json::to_value(e.report()).unwrap());
    assert_eq!(r.state(), e.state());
    assert_eq!(Engine::restore(Policy::default(), b"{}").unwrap_err().kind(), "snapshot");
}

#[test]
fn merge_is_order_independent() {
    let (a, b) = (traffic(30, 1), traffic(25, 2));
    let mut ab = engine_with(&a);
    ab.merge(engine_with(&b)).unwrap();
    let mut ba = engine_with(&b);
    ba.merge(engine_with(&a)).unwrap();
    assert_eq!(serde_json::to_value(ab.report()).unwrap(), serde_json::to_value(ba.report()).unwrap());
    assert_eq!(ab.stats().accepted, 55);
}

fn user_record(body: &str) -> String {
    serde_json::json!({
        "ts": 1_700_000_000, "client_ip": "203.0.113.5", "host": "api.example.com", "method": "GET",
        "path": "/v1/users/7", "status": 200,
        "req_headers": {"Cookie": "sid=abc123"},
        "resp_headers": {"Content-Type": "application/json"},
        "resp_body": body,
    })
    .to_string()
}

#[test]
fn sensitive_types_reach_the_asset_with_the_reference_level() {
    let mut e = Engine::new(Policy::default()).unwrap();
    e.ingest_json(user_record(r#"{"idCard":"11010519491231002X","mobile":"13812345678"}"#).as_bytes())
        .unwrap();
    let a = &e.assets()[0];
    assert!(a.api_sensitive_res.contains(&"1000".to_string()), "{:?}", a.api_sensitive_res);
    assert!(a.api_sensitive_res.contains(&"1004".to_string()));
    assert_eq!(a.api_sensitive_level, apisec_core::ApiSensitiveLevel::High);

    let mut e = Engine::new(Policy::default()).unwrap();
    e.ingest_json(user_record(r#"{"mobile":"13812345678"}"#).as_bytes()).unwrap();
    assert_eq!(e.assets()[0].api_sensitive_level, apisec_core::ApiSensitiveLevel::Moderate);

    let mut e = Engine::new(Policy::default()).unwrap();
    e.ingest_json(user_record(r#"{"ok":true}"#).as_bytes()).unwrap();
    assert_eq!(e.assets()[0].api_sensitive_level, apisec_core::ApiSensitiveLevel::None);
}

#[test]
fn policy_switches_types_off_adds_custom_types_and_masks_samples() {
    let policy = Policy::from_json(
        r#"{"sensitive_data":{"desensitize":true,"builtin":{"1000":{"enabled":false}},
            "custom":[{"name":"employee-id","level":"S3","mode":"expert","pattern":"EMP-[0-9]{6}"}]}}"#,
    )
    .unwrap();
    let mut e = Engine::new(policy).unwrap();
    e.ingest_json(
        user_record(r#"{"idCard":"11010519491231002X","mobile":"13812345678","emp":"EMP-123456"}"#)
            .as_bytes(),
    )
    .unwrap();
    let a = &e.assets()[0];
    assert!(!a.api_sensitive_res.contains(&"1000".to_string()));
    assert!(a.api_sensitive_res.contains(&"9000".to_string()), "{:?}", a.api_sensitive_res);
    assert_eq!(a.api_sensitive_level, apisec_core::ApiSensitiveLevel::High, "custom S3 type");
    assert!(!a.sample.response_body.contains("13812345678"), "{}", a.sample.response_body);
    assert!(a.sample.response_body.contains("{{Phone}}"), "{}", a.sample.response_body);
    assert_eq!(a.sample.request_header["Cookie"], "{{Cookie}}");
}
