//! Tests of the policy module: every field × operator in every context, the limits, error
//! paths, accessors, round trips, and a property test that no input panics the loader.

use super::condition::{self, Context, Names, allowed_ops};
use super::model::{ConditionConfig, Field, Op};
use super::*;
use crate::catalog::{ApiType, Level, Location, Purpose, RiskKind, SensitiveLevel};
use crate::params;
use crate::record::Record;
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

const RECORD: &str = r#"{"ts":1700000000,"client_ip":"203.0.113.9","host":"api.example.com:8443",
 "method":"POST","path":"/v1/users/42","query":"page=2&token=abcdef","scheme":"https",
 "req_headers":{"User-Agent":"Mozilla/5.0 Test","Referer":"https://app.example.com/home",
   "Content-Type":"application/json","Cookie":"sid=s3cr3t; theme=dark","X-Token":"tok-123456"},
 "req_body":"{\"user\":{\"name\":\"alice\"},\"code\":\"X1\"}",
 "resp_headers":{"Content-Type":"application/json; charset=utf-8","Server":"nginx/1.25"},
 "resp_body":"{\"data\":{\"phone\":\"13800138000\"},\"ok\":true}",
 "status":200,"src_country":"US","account":"alice@example.com"}"#;

fn names() -> Names {
    let mut n = Names::default();
    n.purposes.insert("CouponCheck".into());
    n.sensitive.push(("employee-id".into(), 9000, SensitiveLevel::S3));
    n
}

const ALL_CONTEXTS: [Context; 6] = [
    Context::Risk,
    Context::Event,
    Context::Auth,
    Context::Purpose,
    Context::RiskWhitelist,
    Context::EventWhitelist,
];

const ALL_FIELDS: [Field; 33] = {
    use Field::*;
    [
        Domain,
        Api,
        Method,
        UserAgent,
        Referer,
        Protocol,
        ReqContentType,
        ReqLength,
        RespContentType,
        RespLength,
        Status,
        ReqHeader,
        Cookie,
        GetParam,
        PostParam,
        RespHeader,
        RespParam,
        Purpose,
        ServiceObject,
        Authenticated,
        ReqSensitiveTypes,
        ReqSensitiveLevels,
        RespSensitiveTypes,
        RespSensitiveLevels,
        RespSensitiveCount,
        Location,
        Ip,
        Account,
        ReqHeaderNames,
        CookieNames,
        GetParamNames,
        PostParamNames,
        RespParamNames,
    ]
};

/// `(condition, expected result against RECORD)`.
fn cases(req_len: usize, resp_len: usize) -> Vec<(Value, bool)> {
    let mut v: Vec<(Value, bool)> = Vec::new();
    let mut add = |c: Value, want: bool| v.push((c, want));
    let text4 = |field: &str, hit_sub: &str, miss: &str, whole: &str, add: &mut dyn FnMut(Value, bool)| {
        add(json!({"field": field, "op": "contains_any", "values": [miss, hit_sub]}), true);
        add(json!({"field": field, "op": "contains_any", "values": [miss]}), false);
        add(json!({"field": field, "op": "contains_none", "values": [miss]}), true);
        add(json!({"field": field, "op": "contains_none", "values": [hit_sub]}), false);
        add(json!({"field": field, "op": "equals_any", "values": [whole]}), true);
        add(json!({"field": field, "op": "equals_any", "values": [hit_sub]}), false);
        add(json!({"field": field, "op": "equals_none", "values": [hit_sub]}), true);
        add(json!({"field": field, "op": "equals_none", "values": [whole, miss]}), false);
    };
    text4("domain", "example.com", "nope.org", "api.example.com", &mut add);
    text4("api", "/users/", "/orders", "/v1/users/${param}", &mut add);
    text4("user_agent", "Mozilla", "mozilla", "Mozilla/5.0 Test", &mut add);
    text4("referer", "app.example", "evil", "https://app.example.com/home", &mut add);
    text4("account", "alice", "Alice", "alice@example.com", &mut add);
    add(json!({"field": "method", "op": "equals_any", "values": ["GET", "POST"]}), true);
    add(json!({"field": "method", "op": "equals_any", "values": ["post"]}), false);
    add(json!({"field": "method", "op": "equals_none", "values": ["GET"]}), true);
    add(json!({"field": "method", "op": "equals_none", "values": ["POST"]}), false);
    add(json!({"field": "protocol", "op": "eq", "value": "https"}), true);
    add(json!({"field": "protocol", "op": "eq", "value": "http"}), false);
    for (f, hit) in [("req_content_type", "json"), ("resp_content_type", "charset=utf-8")] {
        add(json!({"field": f, "op": "contains_any", "values": [hit]}), true);
        add(json!({"field": f, "op": "contains_any", "values": ["xml"]}), false);
        add(json!({"field": f, "op": "contains_none", "values": ["xml"]}), true);
        add(json!({"field": f, "op": "contains_none", "values": [hit]}), false);
    }
    for (f, n) in [("req_length", req_len as i64), ("resp_length", resp_len as i64)] {
        add(json!({"field": f, "op": "eq", "value": n}), true);
        add(json!({"field": f, "op": "eq", "value": n + 1}), false);
        add(json!({"field": f, "op": "lt", "value": n + 1}), true);
        add(json!({"field": f, "op": "lt", "value": n}), false);
        add(json!({"field": f, "op": "gt", "value": n - 1}), true);
        add(json!({"field": f, "op": "gt", "value": n}), false);
    }
    add(json!({"field": "status", "op": "equals_any", "values": [404, "200"]}), true);
    add(json!({"field": "status", "op": "equals_any", "values": [404]}), false);
    add(json!({"field": "status", "op": "equals_none", "values": [500]}), true);
    add(json!({"field": "status", "op": "equals_none", "values": [200]}), false);
    // (field, name as written, value in RECORD)
    for (f, name, val) in [
        ("req_header", "x-token", "tok-123456"),
        ("cookie", "sid", "s3cr3t"),
        ("get_param", "token", "abcdef"),
        ("post_param", "user.name", "alice"),
        ("resp_header", "Server", "nginx/1.25"),
        ("resp_param", "data.phone", "13800138000"),
    ] {
        let n = val.chars().count() as i64;
        let sub = &val[1..4];
        add(json!({"field": f, "name": name, "op": "exists"}), true);
        add(json!({"field": f, "name": "missing", "op": "exists"}), false);
        add(json!({"field": f, "name": "missing", "op": "not_exists"}), true);
        add(json!({"field": f, "name": name, "op": "not_exists"}), false);
        add(json!({"field": f, "name": name, "op": "length_eq", "value": n}), true);
        add(json!({"field": f, "name": name, "op": "length_eq", "value": n - 1}), false);
        add(json!({"field": f, "name": name, "op": "length_lt", "value": n + 1}), true);
        add(json!({"field": f, "name": name, "op": "length_lt", "value": n}), false);
        add(json!({"field": f, "name": name, "op": "length_gt", "value": n - 1}), true);
        add(json!({"field": f, "name": name, "op": "length_gt", "value": n}), false);
        add(json!({"field": f, "name": name, "op": "contains_any", "values": ["zzz", sub]}), true);
        add(json!({"field": f, "name": name, "op": "contains_any", "values": ["zzz"]}), false);
        add(json!({"field": f, "name": name, "op": "contains_none", "values": ["zzz"]}), true);
        add(json!({"field": f, "name": name, "op": "contains_none", "values": [sub]}), false);
    }
    add(json!({"field": "purpose", "op": "contains_any", "values": ["CouponCheck"]}), true);
    add(json!({"field": "purpose", "op": "contains_any", "values": ["LoginAPI"]}), false);
    add(json!({"field": "purpose", "op": "contains_none", "values": ["LoginAPI"]}), true);
    add(json!({"field": "purpose", "op": "contains_none", "values": ["QueryInfo"]}), false);
    add(json!({"field": "service_object", "op": "contains_any", "values": ["PublicAPI"]}), true);
    add(json!({"field": "service_object", "op": "contains_any", "values": ["InternalAPI"]}), false);
    add(json!({"field": "service_object", "op": "contains_none", "values": ["InternalAPI"]}), true);
    add(json!({"field": "service_object", "op": "contains_none", "values": ["PublicAPI"]}), false);
    add(json!({"field": "authenticated", "op": "eq", "value": true}), true);
    add(json!({"field": "authenticated", "op": "eq", "value": "NO"}), false);
    // Request findings: 1005 (S2) once. Response: 1004 (S2) twice, custom 9000 (S3) once.
    for (f, hit, miss, types) in [
        ("req_sensitive_types", json!("1005"), json!(1004), 1),
        ("resp_sensitive_types", json!("employee-id"), json!("1005"), 2),
    ] {
        for (any, none) in [("contains_any", "contains_none"), ("equals_any", "equals_none")] {
            add(json!({"field": f, "op": any, "values": [miss, hit]}), true);
            add(json!({"field": f, "op": any, "values": [miss]}), false);
            add(json!({"field": f, "op": none, "values": [miss]}), true);
            add(json!({"field": f, "op": none, "values": [hit]}), false);
        }
        add(json!({"field": f, "op": "count_gt", "value": types - 1}), true);
        add(json!({"field": f, "op": "count_gt", "value": types}), false);
    }
    for (f, hit, miss) in [("req_sensitive_levels", "S2", "S3"), ("resp_sensitive_levels", "S3", "S4")] {
        add(json!({"field": f, "op": "contains_any", "values": [miss, hit]}), true);
        add(json!({"field": f, "op": "contains_any", "values": [miss]}), false);
        add(json!({"field": f, "op": "contains_none", "values": [miss]}), true);
        add(json!({"field": f, "op": "contains_none", "values": [hit]}), false);
    }
    add(json!({"field": "resp_sensitive_count", "op": "count_gt", "values": ["1004"], "value": 1}), true);
    add(json!({"field": "resp_sensitive_count", "op": "count_gt", "values": ["1004"], "value": 2}), false);
    add(
        json!({"field": "resp_sensitive_count", "op": "count_gt", "values": [1004, "employee-id"], "value": 2}),
        true,
    );
    add(json!({"field": "location", "op": "eq", "value": "NOT-CN"}), true);
    add(json!({"field": "location", "op": "eq", "value": "CN"}), false);
    add(json!({"field": "ip", "op": "in_cidr", "values": ["10.0.0.0/8,203.0.113.0/24"]}), true);
    add(json!({"field": "ip", "op": "in_cidr", "values": ["10.0.0.0/8", "203.0.113.10"]}), false);
    add(json!({"field": "ip", "op": "not_in_cidr", "values": ["10.0.0.0/8"]}), true);
    add(json!({"field": "ip", "op": "not_in_cidr", "values": ["203.0.0.0/8"]}), false);
    for (f, name, part, miss) in [
        ("req_header_names", "X-Token", "Tok", "token"),
        ("cookie_names", "theme", "hem", "Theme"),
        ("get_param_names", "page", "ag", "size"),
        ("post_param_names", "user.name", "code", "passwd"),
        ("resp_param_names", "data.phone", "phone", "email"),
    ] {
        add(json!({"field": f, "op": "contains_any", "values": [miss, part]}), true);
        add(json!({"field": f, "op": "contains_any", "values": [miss]}), false);
        add(json!({"field": f, "op": "equals_any", "values": [name]}), true);
        add(json!({"field": f, "op": "equals_any", "values": [miss]}), false);
    }
    v
}

fn with_facts(rec_json: &str, check: impl FnOnce(&RecordFacts<'_>, usize, usize)) {
    let rec = Record::from_json(rec_json.as_bytes()).unwrap();
    let params = params::extract(&rec);
    let purposes = vec!["QueryInfo".to_string(), "CouponCheck".to_string()];
    let objects = [ApiType::PublicApi];
    let req_sens = [(1005u16, 1u32)];
    let resp_sens = [(1004u16, 2u32), (9000, 1)];
    let facts = RecordFacts {
        purposes: &purposes,
        service_objects: &objects,
        authenticated: true,
        req_sensitive: &req_sens,
        resp_sensitive: &resp_sens,
        ..RecordFacts::new(&rec, &params, "/v1/users/${param}")
    };
    let req_len = rec.req_body.as_ref().map_or(0, |b| b.len());
    let resp_len = rec.resp_body.as_ref().map_or(0, |b| b.len());
    check(&facts, req_len, resp_len);
}

#[test]
fn every_field_and_operator_in_every_context_evaluates_both_ways() {
    with_facts(RECORD, |facts, req_len, resp_len| {
        let names = names();
        // (context, field, op) -> outcomes seen
        let mut seen: BTreeMap<(String, String, String), BTreeSet<bool>> = BTreeMap::new();
        for (cond, want) in cases(req_len, resp_len) {
            let cfg: ConditionConfig = serde_json::from_value(cond.clone()).unwrap();
            for ctx in ALL_CONTEXTS {
                if !allowed_ops(ctx, cfg.field).contains(&cfg.op) {
                    let e = condition::compile(&cfg, ctx, &names, "c").unwrap_err();
                    assert!(e.path == "c.field" || e.path == "c.op", "{ctx:?} {cond}: {e}");
                    continue;
                }
                let c = condition::compile(&cfg, ctx, &names, "c")
                    .unwrap_or_else(|e| panic!("{ctx:?} {cond}: {e}"));
                assert_eq!(c.matches(facts), want, "{ctx:?} {cond}");
                seen.entry((format!("{ctx:?}"), format!("{:?}", cfg.field), format!("{:?}", cfg.op)))
                    .or_default()
                    .insert(want);
            }
        }
        let mut missing = Vec::new();
        for ctx in ALL_CONTEXTS {
            for f in ALL_FIELDS {
                for op in allowed_ops(ctx, f) {
                    let key = (format!("{ctx:?}"), format!("{f:?}"), format!("{op:?}"));
                    if seen.get(&key).map(|s| s.len()) != Some(2) {
                        missing.push(key);
                    }
                }
            }
        }
        assert!(missing.is_empty(), "field x op without a true and a false case: {missing:?}");
    });
}

#[test]
fn operator_tables_follow_the_reference() {
    use Field as F;
    assert!(allowed_ops(Context::Risk, F::Account).is_empty(), "account is for security events only");
    assert_eq!(allowed_ops(Context::Event, F::Account), &[Op::EqualsAny, Op::EqualsNone]);
    assert_eq!(allowed_ops(Context::Risk, F::Method), &[Op::EqualsAny, Op::EqualsNone]);
    assert!(allowed_ops(Context::Auth, F::RespHeader).is_empty());
    assert!(!allowed_ops(Context::Auth, F::Cookie).contains(&Op::NotExists));
    assert!(allowed_ops(Context::RiskWhitelist, F::Ip).is_empty());
    assert_eq!(allowed_ops(Context::EventWhitelist, F::Ip), &[Op::InCidr, Op::NotInCidr]);
    assert!(allowed_ops(Context::Purpose, F::ReqHeader).is_empty());
    for ctx in ALL_CONTEXTS {
        for f in ALL_FIELDS {
            if ctx != Context::Event && ctx != Context::Risk {
                continue;
            }
            if f != F::Account {
                assert_eq!(allowed_ops(Context::Risk, f), allowed_ops(Context::Event, f), "{f:?}");
            }
        }
    }
}

#[test]
fn absent_items_match_only_negative_operators() {
    let bare = r#"{"ts":1700000000,"client_ip":"::1","host":"h","method":"GET","path":"/"}"#;
    let rec = Record::from_json(bare.as_bytes()).unwrap();
    let params = params::extract(&rec);
    let facts = RecordFacts::new(&rec, &params, "/");
    let names = names();
    for (cond, want) in [
        (json!({"field": "user_agent", "op": "contains_any", "values": ["x"]}), false),
        (json!({"field": "user_agent", "op": "contains_none", "values": ["x"]}), true),
        (json!({"field": "user_agent", "op": "equals_none", "values": ["x"]}), true),
        (json!({"field": "cookie", "name": "sid", "op": "contains_none", "values": ["x"]}), true),
        (json!({"field": "cookie", "name": "sid", "op": "length_lt", "value": 5}), false),
        (json!({"field": "status", "op": "equals_none", "values": [200]}), true),
        (json!({"field": "status", "op": "equals_any", "values": [200]}), false),
        (json!({"field": "resp_length", "op": "lt", "value": 10}), false),
        (json!({"field": "req_length", "op": "eq", "value": 0}), true),
        (json!({"field": "location", "op": "eq", "value": "CN"}), false),
        (json!({"field": "location", "op": "eq", "value": "NOT-CN"}), false),
        (json!({"field": "protocol", "op": "eq", "value": "http"}), false),
        (json!({"field": "ip", "op": "in_cidr", "values": ["::1/128"]}), true),
    ] {
        let cfg: ConditionConfig = serde_json::from_value(cond.clone()).unwrap();
        let c = condition::compile(&cfg, Context::Event, &names, "c").unwrap();
        assert_eq!(c.matches(&facts), want, "{cond}");
    }
}

fn risk_with(conditions: Value) -> String {
    json!({"risk_detection": {"custom": [{"name": "r", "level": "low", "conditions": conditions}]}})
        .to_string()
}

fn load_err(text: &str) -> String {
    Policy::from_json(text).unwrap_err().to_string()
}

#[test]
fn limits_are_enforced_with_exact_paths() {
    let mut custom: Vec<Value> = (0..3)
        .map(|i| json!({"name": format!("r{i}"), "level": "low", "conditions": [{"field": "method", "op": "equals_any", "values": ["GET"]}]}))
        .collect();
    let values: Vec<String> = (0..51).map(|i| format!("v{i}")).collect();
    custom.push(json!({"name": "r3", "level": "low", "conditions": [
        {"field": "method", "op": "equals_any", "values": ["GET"]},
        {"field": "domain", "op": "equals_any", "values": values}]}));
    let text = json!({"risk_detection": {"custom": custom}}).to_string();
    assert_eq!(load_err(&text), "risk_detection.custom[3].conditions[1].values: at most 50 values (got 51)");

    let fifty: Vec<String> = (0..50).map(|i| format!("v{i}")).collect();
    assert!(
        Policy::from_json(&risk_with(json!([{"field": "domain", "op": "equals_any", "values": fifty}])))
            .is_ok()
    );

    let eleven: Vec<Value> =
        (0..11).map(|_| json!({"field": "method", "op": "equals_any", "values": ["GET"]})).collect();
    assert_eq!(
        load_err(&risk_with(json!(eleven))),
        "risk_detection.custom[0].conditions: at most 10 conditions (got 11)"
    );
    assert_eq!(
        load_err(&risk_with(json!([]))),
        "risk_detection.custom[0].conditions: at least 1 condition required"
    );
    for (n, ok) in [(0, true), (8192, true), (8193, false), (-1, false)] {
        let t = risk_with(json!([{"field": "req_length", "op": "gt", "value": n}]));
        assert_eq!(Policy::from_json(&t).is_ok(), ok, "{n}");
        if !ok {
            assert!(load_err(&t).starts_with(
                "risk_detection.custom[0].conditions[0].value: must be an integer from 0 to 8192"
            ));
        }
    }
    let ips: Vec<String> = (0..51).map(|i| format!("10.0.0.{i}")).collect();
    let t = json!({"whitelists": {"event": [{"name": "w", "ignore": ["Event_DataTraverse"],
        "conditions": [{"field": "ip", "op": "in_cidr", "values": [ips.join(",")]}]}]}})
    .to_string();
    assert_eq!(load_err(&t), "whitelists.event[0].conditions[0].values: at most 50 values (got 51)");

    let many = |n: usize, item: &dyn Fn(usize) -> Value| -> Vec<Value> { (0..n).map(item).collect() };
    let cond = json!([{"field": "method", "op": "equals_any", "values": ["GET"]}]);
    let risk = |i: usize| json!({"name": format!("r{i}"), "level": "low", "conditions": cond});
    assert!(Policy::from_json(&json!({"risk_detection": {"custom": many(20, &risk)}}).to_string()).is_ok());
    assert_eq!(
        load_err(&json!({"risk_detection": {"custom": many(21, &risk)}}).to_string()),
        "risk_detection.custom: at most 20 custom risk policies (got 21)"
    );
    let rl = json!({"object": "ip", "period_minutes": 1, "requests": 1});
    let event = |i: usize| json!({"name": format!("e{i}"), "level": "low", "rate_limit": rl});
    assert!(Policy::from_json(&json!({"security_events": {"custom": many(10, &event)}}).to_string()).is_ok());
    assert_eq!(
        load_err(&json!({"security_events": {"custom": many(11, &event)}}).to_string()),
        "security_events.custom: at most 10 custom event policies (got 11)"
    );
    let sens = |i: usize| json!({"name": format!("s{i}"), "level": "S1", "mode": "basic", "chars": ["digit"], "min_len": 6, "max_len": 6});
    assert!(Policy::from_json(&json!({"sensitive_data": {"custom": many(20, &sens)}}).to_string()).is_ok());
    assert_eq!(
        load_err(&json!({"sensitive_data": {"custom": many(21, &sens)}}).to_string()),
        "sensitive_data.custom: at most 20 custom sensitive types (got 21)"
    );
}

#[test]
fn event_rate_limits_and_statistics_are_checked() {
    let ev = |rl: Value, stats: Value| {
        json!({"security_events": {"custom": [{"name": "e", "level": "high", "rate_limit": rl, "statistics": stats}]}})
            .to_string()
    };
    let ok_rl = json!({"object": "account", "period_minutes": 15, "requests": 1});
    assert!(Policy::from_json(&ev(ok_rl.clone(), json!([]))).is_ok());
    assert_eq!(
        load_err(&ev(json!({"object": "ip", "period_minutes": 16, "requests": 1}), json!([]))),
        "security_events.custom[0].rate_limit.period_minutes: must be 1 to 15 minutes (got 16)"
    );
    assert_eq!(
        load_err(&ev(json!({"object": "ip", "period_minutes": 1, "requests": 0}), json!([]))),
        "security_events.custom[0].rate_limit.requests: must be a positive integer (got 0)"
    );
    assert!(
        load_err(&ev(json!({"object": "host", "period_minutes": 1, "requests": 1}), json!([])))
            .starts_with("security_events.custom[0].rate_limit.object: unknown variant `host`")
    );
    for (stat, path) in [
        (json!({"field": "status_count", "status": 99, "op": "gt", "value": 1}), "statistics[0].status"),
        (json!({"field": "status_count", "status": 404, "op": "lt", "value": 1}), "statistics[0].op"),
        (json!({"field": "status_count", "op": "gt", "value": 1}), "statistics[0].status"),
        (json!({"field": "cookie_distinct", "op": "eq", "value": 1}), "statistics[0].name"),
        (
            json!({"field": "get_param_distinct", "name": "q", "op": "gt", "value": 8193}),
            "statistics[0].value",
        ),
        (
            json!({"field": "resp_sensitive_types_distinct", "values": ["9999"], "op": "gt", "value": 1}),
            "statistics[0].values[0]",
        ),
        (
            json!({"field": "resp_sensitive_levels_distinct", "values": ["S5"], "op": "gt", "value": 1}),
            "statistics[0].values[0]",
        ),
        (
            json!({"field": "resp_sensitive_levels_distinct", "values": ["S1"], "op": "eq", "value": 1}),
            "statistics[0].op",
        ),
        (json!({"field": "source_ip_count", "name": "x", "op": "gt", "value": 1}), "statistics[0].name"),
    ] {
        let e = Policy::from_json(&ev(ok_rl.clone(), json!([stat]))).unwrap_err();
        assert_eq!(e.path, format!("security_events.custom[0].{path}"), "{stat}: {e}");
    }
    let stats: Vec<Value> = vec![
        json!({"field": "status_count", "status": 404, "op": "gt", "value": 5}),
        json!({"field": "req_header_distinct", "name": "X-Device", "op": "lt", "value": 2}),
        json!({"field": "cookie_distinct", "name": "sid", "op": "eq", "value": 3}),
        json!({"field": "get_param_distinct", "name": "id", "op": "gt", "value": 50}),
        json!({"field": "post_param_distinct", "name": "code", "op": "gt", "value": 8192}),
        json!({"field": "resp_sensitive_types_distinct", "values": ["1004", 1000], "op": "eq", "value": 2}),
        json!({"field": "resp_sensitive_levels_distinct", "values": ["S3", "S2", "S3"], "op": "gt", "value": 1}),
        json!({"field": "source_ip_count", "op": "gt", "value": 3}),
    ];
    let p = Policy::from_json(&ev(ok_rl, json!(stats))).unwrap();
    let e = &p.custom_events()[0];
    assert_eq!(e.rate_limit, RateLimit { object: StatObject::Account, period_secs: 900, requests: 1 });
    assert_eq!(
        e.statistics,
        vec![
            Statistic::StatusCount { status: 404, greater_than: 5 },
            Statistic::Distinct { of: DistinctOf::ReqHeader("X-Device".into()), cmp: Cmp::Lt, n: 2 },
            Statistic::Distinct { of: DistinctOf::Cookie("sid".into()), cmp: Cmp::Eq, n: 3 },
            Statistic::Distinct { of: DistinctOf::GetParam("id".into()), cmp: Cmp::Gt, n: 50 },
            Statistic::Distinct { of: DistinctOf::PostParam("code".into()), cmp: Cmp::Gt, n: 8192 },
            Statistic::SensitiveTypesDistinct { codes: vec![1000, 1004], cmp: Cmp::Eq, n: 2 },
            Statistic::SensitiveLevelsDistinct {
                levels: vec![SensitiveLevel::S2, SensitiveLevel::S3],
                greater_than: 1
            },
            Statistic::SourceIpCount { greater_than: 3 },
        ]
    );
    let eleven: Vec<Value> =
        (0..11).map(|_| json!({"field": "source_ip_count", "op": "gt", "value": 1})).collect();
    let t = json!({"security_events": {"custom": [{"name": "e", "level": "high",
        "rate_limit": {"object": "ip", "period_minutes": 1, "requests": 1}, "statistics": eleven}]}});
    assert_eq!(
        load_err(&t.to_string()),
        "security_events.custom[0].statistics: at most 10 statistics conditions (got 11)"
    );
}

#[test]
fn condition_shape_errors_name_the_part() {
    for (cond, path, msg) in [
        (json!({"field": "method", "op": "contains_any", "values": ["GET"]}), "op", "does not apply"),
        (
            json!({"field": "account", "op": "equals_any", "values": ["a"]}),
            "field",
            "not a match field of custom risk",
        ),
        (json!({"field": "req_header", "op": "exists"}), "name", "required"),
        (json!({"field": "domain", "name": "x", "op": "equals_any", "values": ["a"]}), "name", "no sub-name"),
        (json!({"field": "domain", "op": "equals_any"}), "values", "at least 1 value"),
        (
            json!({"field": "domain", "op": "equals_any", "values": ["a"], "value": 1}),
            "value",
            "no single value",
        ),
        (json!({"field": "req_length", "op": "gt"}), "value", "required"),
        (json!({"field": "req_length", "op": "gt", "value": 1, "values": [1]}), "values", "no value list"),
        (
            json!({"field": "domain", "op": "contains_any", "values": ["ok", ""]}),
            "values[1]",
            "must not be empty",
        ),
        (json!({"field": "domain", "op": "equals_any", "values": [5]}), "values[0]", "must be a string"),
        (json!({"field": "status", "op": "equals_any", "values": [200, 700]}), "values[1]", "100 to 600"),
        (json!({"field": "protocol", "op": "eq", "value": "ftp"}), "value", "http"),
        (json!({"field": "location", "op": "eq", "value": "cn"}), "value", "CN"),
        (json!({"field": "authenticated", "op": "eq", "value": "maybe"}), "value", "true or false"),
        (
            json!({"field": "purpose", "op": "contains_any", "values": ["Nope"]}),
            "values[0]",
            "unknown business purpose",
        ),
        (
            json!({"field": "service_object", "op": "contains_any", "values": ["publicapi"]}),
            "values[0]",
            "unknown service object",
        ),
        (
            json!({"field": "req_sensitive_types", "op": "contains_any", "values": ["1021"]}),
            "values[0]",
            "unknown sensitive",
        ),
        (
            json!({"field": "resp_sensitive_levels", "op": "contains_any", "values": ["s1"]}),
            "values[0]",
            "S1 to S4",
        ),
        (json!({"field": "ip", "op": "in_cidr", "values": ["1.1.X.X/24"]}), "values[0]", "not an IP"),
        (
            json!({"field": "resp_sensitive_count", "op": "count_gt", "value": 1}),
            "values",
            "at least 1 value",
        ),
    ] {
        let e = Policy::from_json(&risk_with(json!([cond]))).unwrap_err();
        assert_eq!(e.path, format!("risk_detection.custom[0].conditions[0].{path}"), "{cond}: {e}");
        assert!(e.message.contains(msg), "{cond}: {e}");
    }
}

#[test]
fn serde_errors_name_the_path() {
    let typo = r#"{"risk_detection": {"custom": [{"name": "r", "level": "low", "conditions": [
        {"field": "method", "op": "equals_any", "valuse": ["GET"]}]}]}}"#;
    let e = Policy::from_json(typo).unwrap_err();
    assert!(e.path.starts_with("risk_detection.custom[0].conditions[0]"), "{e}");
    assert!(e.message.contains("unknown field `valuse`"), "{e}");
    let e = Policy::from_json(r#"{"risk_detecton": {}}"#).unwrap_err();
    assert!(e.message.contains("unknown field `risk_detecton`"), "{e}");
    let e = Policy::from_json(r#"{"risk_detection": {"builtin": {"Risk_WeakPasswd": {"level": "severe"}}}}"#)
        .unwrap_err();
    assert_eq!(e.path, "risk_detection.builtin.Risk_WeakPasswd.level", "{e}");
    let e = Policy::from_json(r#"{"risk_detection": {"builtin": {"Risk_Nope": {"enabled": false}}}}"#)
        .unwrap_err();
    assert_eq!(e.to_string(), "risk_detection.builtin.Risk_Nope: unknown built-in risk `Risk_Nope`");
    let e = Policy::from_json(r#"{"security_events": {"builtin": {"Event_Nope": {}}}}"#).unwrap_err();
    assert_eq!(e.path, "security_events.builtin.Event_Nope");
    let e = Policy::from_json(r#"{"business_purpose": {"builtin": {"Login": {}}}}"#).unwrap_err();
    assert_eq!(e.path, "business_purpose.builtin.Login");
    let e =
        Policy::from_json(r#"{"sensitive_data": {"builtin": {"1021": {"enabled": false}}}}"#).unwrap_err();
    assert_eq!(e.path, "sensitive_data.builtin.1021");
    let e = Policy::from_json(r#"{"lifecycle": {"mode": "custom", "daily_requests": 5, "days": 32}}"#)
        .unwrap_err();
    assert_eq!(e.to_string(), "lifecycle.days: must be 1 to 31 days (got 32)");
    let e = Policy::from_json(r#"{"lifecycle": {"mode": "custom", "daily_requests": 5, "days": 3, "x": 1}}"#)
        .unwrap_err();
    assert!(e.message.contains("unknown field `x`"), "{e}");
    assert_eq!(Policy::from_json("{} {}").unwrap_err().path, "$");
    assert_eq!(Policy::from_json("[]").unwrap_err().path, "$");
}

#[test]
fn names_follow_the_documented_character_set() {
    for ok in ["abc", "A.b_c-9", "登录接口-v2", "x"] {
        assert!(
            Policy::from_json(
                &json!({"risk_detection": {"custom": [{"name": ok, "level": "low",
            "conditions": [{"field": "method", "op": "equals_any", "values": ["GET"]}]}]}})
                .to_string()
            )
            .is_ok(),
            "{ok}"
        );
    }
    for bad in ["", "a b", "a/b", "a@b", "é", &"x".repeat(65)] {
        let e = Policy::from_json(
            &json!({"risk_detection": {"custom": [{"name": bad, "level": "low",
            "conditions": [{"field": "method", "op": "equals_any", "values": ["GET"]}]}]}})
            .to_string(),
        )
        .unwrap_err();
        assert_eq!(e.path, "risk_detection.custom[0].name", "{bad}");
    }
    let dup = json!({"risk_detection": {"custom": [
        {"name": "a", "level": "low", "conditions": [{"field": "method", "op": "equals_any", "values": ["GET"]}]},
        {"name": "a", "level": "low", "conditions": [{"field": "method", "op": "equals_any", "values": ["GET"]}]}]}});
    assert_eq!(load_err(&dup.to_string()), "risk_detection.custom[1].name: duplicate name `a`");
    let builtin = json!({"risk_detection": {"custom": [
        {"name": "Risk_WeakPasswd", "level": "low", "conditions": [{"field": "method", "op": "equals_any", "values": ["GET"]}]}]}});
    assert!(load_err(&builtin.to_string()).contains("built-in risk's name"));
}

#[test]
fn default_policy_turns_every_builtin_on() {
    let p = Policy::default();
    assert_eq!(p, Policy::from_json("{}").unwrap());
    assert!(RiskKind::ALL.iter().all(|r| p.risk_enabled(*r) && p.risk_level(*r) == r.default_level()));
    assert!(crate::catalog::EventKind::ALL.iter().all(|e| p.event_enabled(*e)));
    assert!(Purpose::ALL.iter().all(|x| p.purpose_enabled(*x)));
    assert!(crate::catalog::SENSITIVE_TYPES.iter().all(|t| p.sensitive_enabled(t.code)));
    assert!(!p.sensitive_enabled(1021) && !p.sensitive_enabled(9000));
    assert!(!p.desensitize());
    assert_eq!(p.lifecycle(), Lifecycle::Builtin);
    assert_eq!(p.log_subscription(), LogSubscription { asset: true, risk: true, event: true });
    assert_eq!(p.object_switches("any.host"), ObjectSwitches::default());
    assert!(p.object_switches("any.host").basic_detection);
    assert!(p.custom_risks().is_empty() && p.custom_events().is_empty() && p.auth_policies().is_empty());
    assert_eq!(serde_json::to_string(&p).unwrap(), "{}");
}

const EXAMPLE: &str = include_str!("../../../examples/policy.json");

#[test]
fn example_policy_exercises_every_section() {
    let p = Policy::from_json(EXAMPLE).unwrap();
    // 1. risks
    assert_eq!(p.risk_level(RiskKind::WeakPasswd), Level::High);
    assert_eq!(p.risk_level(RiskKind::UrlParam), Level::Medium);
    assert!(p.risk_enabled(RiskKind::UrlParam));
    assert!(!p.risk_enabled(RiskKind::PageSize));
    let names: Vec<&str> = p.custom_risks().iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["debug-endpoint-exposed", "unauth-id-cards"], "the disabled one is left out");
    assert_eq!(p.custom_risks()[0].level, Level::High);
    // 2. events
    assert!(!p.event_enabled(crate::catalog::EventKind::AbnormalStatus));
    assert!(p.event_enabled(crate::catalog::EventKind::LoginCollision));
    assert_eq!(p.custom_events().len(), 2);
    assert_eq!(p.custom_events()[0].rate_limit.period_secs, 300);
    assert_eq!(p.custom_events()[1].rate_limit.object, StatObject::Ip);
    // 3. sensitive data
    assert!(p.desensitize());
    assert!(!p.sensitive_enabled(2009) && p.sensitive_enabled(1004));
    let custom: Vec<(&str, u16)> =
        p.custom_sensitive_types().iter().map(|t| (t.name.as_str(), t.code)).collect();
    assert_eq!(custom, [("employee-id", 9000), ("order-token", 9001)]);
    assert_eq!(p.sensitive_level_of(9000), Some(SensitiveLevel::S3));
    assert_eq!(p.sensitive_level_of(1004), Some(SensitiveLevel::S2));
    assert_eq!(p.sensitive_level_of(9002), None);
    assert!(p.sensitive_enabled(9001));
    let mut found = Vec::new();
    p.custom_sensitive_types()[1].find_iter("token=AB12CD34EF56GH78IJ90KL and ab12", &mut found);
    assert_eq!(found, [(6, 28)]);
    // 4. auth
    let auth = p.auth_policies();
    assert_eq!(auth.len(), 2);
    assert_eq!(auth[0].fields(), [(Location::RequestHeader, "X-10086".to_string())]);
    assert_eq!(auth[1].fields(), [(Location::RequestCookie, "sid".to_string())]);
    // 5. purposes
    assert!(!p.purpose_enabled(Purpose::DebugOp) && p.purpose_enabled(Purpose::LoginApi));
    assert_eq!(p.custom_purposes()[0].name, "CouponCheck");
    // 6. whitelists
    assert!(p.risk_whitelisted("a.internal.example.com", "/x", "Risk_InternalAPI"));
    assert!(p.risk_whitelisted("a.internal.example.com", "/x", "debug-endpoint-exposed"));
    assert!(!p.risk_whitelisted("a.internal.example.com", "/x", "Risk_WeakPasswd"));
    assert!(!p.risk_whitelisted("shop.example.com", "/x", "Risk_InternalAPI"));
    let office = "203.0.113.50".parse().unwrap();
    let outside = "198.51.100.1".parse().unwrap();
    assert!(p.event_whitelisted("h", "/a", office, Some("bob"), "Event_AbnormalFrequency"));
    assert!(p.event_whitelisted("h", "/a", office, None, "coupon-scraping"));
    assert!(!p.event_whitelisted("h", "/a", office, Some("guest-7"), "coupon-scraping"));
    assert!(!p.event_whitelisted("h", "/a", outside, Some("bob"), "Event_AbnormalFrequency"));
    assert!(!p.event_whitelisted("h", "/a", office, Some("bob"), "Event_DataTraverse"));
    assert!(p.event_whitelisted("h", "/a", "2001:db8::5".parse().unwrap(), None, "Event_AbnormalFrequency"));
    // 7–9
    assert_eq!(p.lifecycle(), Lifecycle::Custom { daily_requests: 10, days: 14 });
    assert_eq!(p.log_subscription(), LogSubscription { asset: true, risk: true, event: false });
    let all_on = ObjectSwitches { basic_detection: true, compliance_check: true, tracing_auditing: true };
    assert_eq!(p.object_switches("shop.example.com"), all_on);
    assert_eq!(p.object_switches("SHOP.example.com:443"), all_on);
    assert!(!p.object_switches("legacy.example.com").basic_detection);
    let staging = p.object_switches("api.eu.staging.example.com");
    assert!(staging.basic_detection && staging.tracing_auditing && !staging.compliance_check);
    assert_eq!(p.object_switches("staging.example.com"), ObjectSwitches::default());
}

#[test]
fn custom_policies_match_records() {
    let p = Policy::from_json(EXAMPLE).unwrap();
    let rec = Record::from_json(
        br#"{"ts":1700000000,"client_ip":"198.51.100.7","host":"shop.example.com","method":"POST","path":"/api/coupons/check",
        "req_headers":{"Content-Type":"application/json","X-10086":"0123456789abcdefXYZ","Cookie":"sid=1"},
        "req_body":"{\"code\":\"SUMMER\"}","status":200}"#,
    )
    .unwrap();
    let params = params::extract(&rec);
    let facts = RecordFacts::new(&rec, &params, "/api/coupons/check");
    assert!(p.custom_purposes()[0].matches(&facts));
    assert!(p.auth_policies()[0].matches(&facts));
    assert!(p.auth_policies()[1].matches(&facts));
    assert!(
        p.custom_events()[0].matches(&facts),
        "api and method match; counting per account is the engine's job"
    );
    assert!(!p.custom_events()[1].matches(&facts), "no S3/S4 findings in the response");
    let facts2 = RecordFacts { authenticated: false, ..facts };
    assert!(!p.custom_risks()[0].matches(&facts2));
    let dbg = Record::from_json(
        br#"{"ts":1700000000,"client_ip":"198.51.100.7","host":"shop.example.com","method":"GET","path":"/debug/vars","scheme":"http","status":200}"#,
    )
    .unwrap();
    let dp = params::extract(&dbg);
    assert!(p.custom_risks()[0].matches(&RecordFacts::new(&dbg, &dp, "/debug/vars")));
    assert!(!p.custom_risks()[0].matches(&RecordFacts::new(&dbg, &dp, "/api/vars")));
}

#[test]
fn round_trips_preserve_the_document() {
    let p = Policy::from_json(EXAMPLE).unwrap();
    let json = serde_json::to_string(&p).unwrap();
    let q = Policy::from_json(&json).unwrap();
    assert_eq!(p, q);
    assert_eq!(p.config(), q.config());
    assert_eq!(serde_json::to_value(&q).unwrap(), serde_json::to_value(&p).unwrap());
    let original: Value = serde_json::from_str(EXAMPLE).unwrap();
    let back: Value = serde_json::from_str(&p.to_json_pretty()).unwrap();
    // Defaults written out in the example may be dropped; everything else survives.
    assert_eq!(back["risk_detection"]["custom"][0], original["risk_detection"]["custom"][0]);
    assert_eq!(back["security_events"], original["security_events"]);
    assert_eq!(back["whitelists"], original["whitelists"]);
    // Policy deserialises through serde too (validated).
    let r: Policy = serde_json::from_str(EXAMPLE).unwrap();
    assert_eq!(r, p);
    assert!(
        serde_json::from_str::<Policy>(
            r#"{"lifecycle": {"mode": "custom", "daily_requests": 0, "days": 1}}"#
        )
        .is_err()
    );
}

#[test]
fn toml_policies_load_with_the_same_schema() {
    let t = r#"
        [risk_detection.builtin.Risk_WeakPasswd]
        level = "high"
        [[risk_detection.custom]]
        name = "admin-from-outside"
        level = "medium"
        conditions = [
          { field = "api", op = "contains_any", values = ["/admin"] },
          { field = "ip", op = "not_in_cidr", values = ["10.0.0.0/8"] },
        ]
        [lifecycle]
        mode = "custom"
        daily_requests = 3
        days = 31
    "#;
    let p = Policy::from_toml(t).unwrap();
    assert_eq!(p.risk_level(RiskKind::WeakPasswd), Level::High);
    assert_eq!(p.custom_risks()[0].name, "admin-from-outside");
    assert_eq!(p.lifecycle(), Lifecycle::Custom { daily_requests: 3, days: 31 });
    let e = Policy::from_toml("[risk_detection]\nbuiltn = {}\n").unwrap_err();
    assert!(e.message.contains("unknown field `builtn`"), "{e}");
    let e = Policy::from_toml("[lifecycle]\nmode = \"custom\"\ndaily_requests = 3\ndays = 40\n").unwrap_err();
    assert_eq!(e.path, "lifecycle.days");
    assert!(Policy::from_toml("not toml [").is_err());
}

#[test]
fn object_switch_rules() {
    let e = Policy::from_json(r#"{"effective_objects": {"objects": [{"host": "a.com", "basic_detection": false, "compliance_check": true}]}}"#).unwrap_err();
    assert_eq!(e.to_string(), "effective_objects.objects[0].compliance_check: needs basic_detection on");
    let e = Policy::from_json(r#"{"effective_objects": {"groups": [{"name": "g", "hosts": ["a.com"], "basic_detection": false, "tracing_auditing": true}]}}"#).unwrap_err();
    assert_eq!(e.path, "effective_objects.groups[0].tracing_auditing");
    let e = Policy::from_json(r#"{"effective_objects": {"objects": [{"host": "a b"}]}}"#).unwrap_err();
    assert_eq!(e.path, "effective_objects.objects[0].host");
    let e =
        Policy::from_json(r#"{"effective_objects": {"objects": [{"host": "a.com"}, {"host": "A.com"}]}}"#)
            .unwrap_err();
    assert_eq!(e.path, "effective_objects.objects[1].host");
    let p = Policy::from_json(
        r#"{"effective_objects": {
            "objects": [{"host": "*.example.com", "compliance_check": true},
                        {"host": "x.example.com", "basic_detection": false}],
            "groups": [{"name": "g", "hosts": ["y.example.com", "*.deep.example.com"], "tracing_auditing": true}]}}"#,
    )
    .unwrap();
    assert!(!p.object_switches("x.example.com").basic_detection, "exact object beats wildcard");
    assert!(p.object_switches("y.example.com").tracing_auditing, "exact group member beats wildcard object");
    assert!(!p.object_switches("y.example.com").compliance_check);
    assert!(p.object_switches("a.deep.example.com").tracing_auditing, "longest wildcard wins");
    assert!(p.object_switches("z.example.com").compliance_check);
    assert_eq!(p.object_switches("example.com"), ObjectSwitches::default(), "wildcard needs a label");
    assert_eq!(p.object_switches("other.org"), ObjectSwitches::default());
}

#[test]
fn whitelists_and_auth_need_meaningful_content() {
    let e = Policy::from_json(r#"{"whitelists": {"risk": [{"name": "w", "conditions": [{"field": "domain", "op": "equals_any", "values": ["a"]}], "ignore": ["Event_DataTraverse"]}]}}"#).unwrap_err();
    assert_eq!(e.path, "whitelists.risk[0].ignore[0]");
    let e = Policy::from_json(r#"{"whitelists": {"risk": [{"name": "w", "conditions": [{"field": "domain", "op": "equals_any", "values": ["a"]}], "ignore": []}]}}"#).unwrap_err();
    assert_eq!(e.path, "whitelists.risk[0].ignore");
    let e = Policy::from_json(r#"{"whitelists": {"risk": [{"name": "w", "conditions": [{"field": "ip", "op": "in_cidr", "values": ["1.2.3.4"]}], "ignore": ["Risk_AkLeak"]}]}}"#).unwrap_err();
    assert_eq!(e.path, "whitelists.risk[0].conditions[0].field");
    let e = Policy::from_json(r#"{"auth_credentials": {"custom": [{"name": "a", "conditions": [{"field": "domain", "op": "equals_any", "values": ["a"]}]}]}}"#).unwrap_err();
    assert_eq!(e.path, "auth_credentials.custom[0].conditions");
    let e = Policy::from_json(r#"{"auth_credentials": {"custom": [{"name": "a", "conditions": [{"field": "cookie", "name": "s", "op": "not_exists"}]}]}}"#).unwrap_err();
    assert_eq!(e.path, "auth_credentials.custom[0].conditions[0].op");
    let e = Policy::from_json(r#"{"business_purpose": {"custom": [{"name": "LoginAPI", "conditions": [{"field": "api", "op": "equals_any", "values": ["/l"]}]}]}}"#).unwrap_err();
    assert_eq!(e.path, "business_purpose.custom[0].name");
}

fn arb_json() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "risk_detection",
        "security_events",
        "sensitive_data",
        "auth_credentials",
        "business_purpose",
        "whitelists",
        "lifecycle",
        "log_subscription",
        "effective_objects",
        "builtin",
        "custom",
        "name",
        "level",
        "conditions",
        "field",
        "op",
        "values",
        "value",
        "rate_limit",
        "statistics",
        "object",
        "period_minutes",
        "requests",
        "mode",
        "pattern",
        "chars",
        "min_len",
        "max_len",
        "ignore",
        "risk",
        "event",
        "objects",
        "groups",
        "hosts",
        "host",
        "days",
        "daily_requests",
        "status",
        "enabled",
        "Risk_WeakPasswd",
        "1004",
        "desensitize",
        "basic_detection",
        "compliance_check",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-10i64..9000).prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        prop::sample::select(vec![
            "low",
            "high",
            "S3",
            "expert",
            "basic",
            "custom",
            "ip",
            "account",
            "domain",
            "contains_any",
            "equals_any",
            "in_cidr",
            "req_header",
            "status_count",
            "gt",
            "digit",
            "10.0.0.0/8",
            "(a+)+",
            "[0-9]{6}",
            "*.a.com",
            "CN",
            "https",
            "1004",
            "Event_DataTraverse",
        ])
        .prop_map(|s| json!(s)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics_the_loader(v in arb_json()) {
        let text = v.to_string();
        match Policy::from_json(&text) {
            Ok(p) => {
                // A loaded policy serialises and reloads to the same document.
                let again = Policy::from_json(&serde_json::to_string(&p).unwrap()).unwrap();
                prop_assert_eq!(again, p);
            }
            Err(e) => prop_assert!(!e.path.is_empty() && !e.message.is_empty()),
        }
    }

    #[test]
    fn arbitrary_text_never_panics_the_loaders(s in ".{0,200}") {
        let _ = Policy::from_json(&s);
        let _ = Policy::from_toml(&s);
    }
}

/// Every path to a value inside `v` (object keys and array indices).
fn paths(v: &Value, here: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    out.push(here.clone());
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                here.push(PathStep::Key(k.clone()));
                paths(c, here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                here.push(PathStep::Index(i));
                paths(c, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn at_mut<'v>(v: &'v mut Value, path: &[PathStep]) -> Option<&'v mut Value> {
    path.iter().try_fold(v, |v, s| match s {
        PathStep::Key(k) => v.get_mut(k.as_str()),
        PathStep::Index(i) => v.get_mut(*i),
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Replacing any one value of the full example by an arbitrary one either loads (and
    /// round-trips) or fails with a path and a message; it never panics.
    #[test]
    fn mutated_example_never_panics(pick in any::<prop::sample::Index>(), new in arb_json()) {
        let mut doc: Value = serde_json::from_str(EXAMPLE).unwrap();
        let mut all = Vec::new();
        paths(&doc, &mut Vec::new(), &mut all);
        let path = all[pick.index(all.len())].clone();
        if let Some(slot) = at_mut(&mut doc, &path) {
            *slot = new;
        }
        match Policy::from_json(&doc.to_string()) {
            Ok(p) => {
                let again = Policy::from_json(&serde_json::to_string(&p).unwrap()).unwrap();
                prop_assert_eq!(again, p);
            }
            Err(e) => prop_assert!(!e.path.is_empty() && !e.message.is_empty()),
        }
    }
}
