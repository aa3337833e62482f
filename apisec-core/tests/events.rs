//! Security events end to end: records in, events out, through the public engine API.

use apisec_core::{Engine, Policy};

const T0: f64 = 1_700_006_400.0;

/// A credential-stuffing run: `n` failed logins with distinct e-mail / password pairs from
/// one address, one every half second, starting at `t`.
fn stuffing(engine: &mut Engine, ip: &str, t: f64, n: usize) {
    for i in 0..n {
        let body =
            serde_json::json!({"email": format!("victim{i}@mail.test"), "password": format!("leak-{i}-x")})
                .to_string();
        let rec = serde_json::json!({
            "ts": t + i as f64 * 0.5, "client_ip": ip, "src_country": "US", "host": "shop.example",
            "method": "POST", "path": "/api/v2/user/login",
            "req_headers": {"Content-Type": "application/json", "User-Agent": "Fuzz Faster U Fool v2.1.0"},
            "req_body": body, "status": 401,
            "resp_headers": {"Content-Type": "application/json"},
            "resp_body": "{\"success\":false,\"cause\":\"usernameOrPasswordIncorrect\"}"
        });
        engine.ingest_json(rec.to_string().as_bytes()).expect("valid record");
    }
}

fn tags(engine: &Engine) -> Vec<String> {
    engine.events().into_iter().map(|e| e.event_tag).collect()
}

#[test]
fn credential_stuffing_is_one_growing_event_then_a_new_one_after_a_quiet_gap() {
    let mut e = Engine::new(Policy::default()).unwrap();
    stuffing(&mut e, "203.0.113.21", T0, 300);
    let ev = e.events();
    assert_eq!(tags(&e), vec!["Event_LoginCollision"]);
    let first = &ev[0];
    assert_eq!(first.attack_cnt, 300);
    assert_eq!(first.event_origin, "default");
    assert_eq!(first.attack_ip_info.len(), 1);
    assert_eq!(first.attack_ip_info[0].ip, "203.0.113.21");
    assert_eq!(first.attack_ip_info[0].country_id, "US");
    assert_eq!(first.end_ts - first.start_ts, 149);
    // Not masked by default: the sample shows a username.
    assert!(first.request_data["username"][0].as_str().unwrap().contains("@mail.test"));
    let asset = e.assets().into_iter().find(|a| a.api_format == "/api/v2/user/login").unwrap();
    assert_eq!(asset.event_num, 1);
    // An hour later the same tool comes back: a new event.
    stuffing(&mut e, "203.0.113.21", T0 + 3600.0, 50);
    assert_eq!(tags(&e), vec!["Event_LoginCollision", "Event_LoginCollision"]);
    let asset = e.assets().into_iter().find(|a| a.api_format == "/api/v2/user/login").unwrap();
    assert_eq!(asset.event_num, 2);
    // Event logs were queued.
    assert!(e.drain_logs().iter().any(|l| l.kind == apisec_core::logs::LogKind::Event));
}

#[test]
fn a_disabled_or_whitelisted_event_is_not_reported() {
    let off =
        Policy::from_json(r#"{"security_events":{"builtin":{"Event_LoginCollision":{"enabled":false}}}}"#)
            .unwrap();
    let mut e = Engine::new(off).unwrap();
    stuffing(&mut e, "203.0.113.21", T0, 100);
    assert!(tags(&e).is_empty());

    let wl = Policy::from_json(
        r#"{"whitelists":{"event":[{"name":"pentest","conditions":[{"field":"ip","op":"in_cidr","values":["203.0.113.0/24"]}],"ignore":["Event_LoginCollision"]}]}}"#,
    )
    .unwrap();
    let mut e = Engine::new(wl.clone()).unwrap();
    stuffing(&mut e, "203.0.113.21", T0, 100);
    assert!(tags(&e).is_empty());
    // The whitelist covers its range only.
    let mut e = Engine::new(wl).unwrap();
    stuffing(&mut e, "198.51.100.77", T0, 100);
    assert_eq!(tags(&e), vec!["Event_LoginCollision"]);
}

#[test]
fn desensitized_samples_are_empty_objects() {
    let p = Policy::from_json(r#"{"sensitive_data":{"desensitize":true}}"#).unwrap();
    let mut e = Engine::new(p).unwrap();
    stuffing(&mut e, "203.0.113.21", T0, 100);
    let ev = e.events();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].request_data, serde_json::json!({}));
    assert_eq!(ev[0].response_data, serde_json::json!({}));
}

#[test]
fn custom_event_needs_the_rate_and_every_statistic() {
    let policy = r#"{"security_events":{"custom":[{"name":"coupon-guessing","level":"high",
        "suggestion":"Rate-limit coupon checks.",
        "conditions":[{"field":"api","op":"contains_any","values":["/coupons"]}],
        "rate_limit":{"object":"ip","period_minutes":5,"requests":20},
        "statistics":[{"field":"status_count","status":404,"op":"gt","value":10},
                      {"field":"get_param_distinct","name":"code","op":"gt","value":15}]}]}}"#;
    let run = |codes_vary: bool, status: u16| {
        let mut e = Engine::new(Policy::from_json(policy).unwrap()).unwrap();
        for i in 0..40 {
            let code = if codes_vary { format!("C{i:04}") } else { "SPRING".into() };
            let rec = serde_json::json!({"ts": T0 + i as f64, "client_ip": "192.0.2.5", "host": "shop.example",
                "method": "GET", "path": "/api/coupons/check", "query": format!("code={code}"), "status": status});
            e.ingest_json(rec.to_string().as_bytes()).unwrap();
        }
        e.events()
    };
    let custom = |ev: Vec<apisec_core::Event>| {
        ev.into_iter().filter(|e| e.event_origin == "custom").collect::<Vec<_>>()
    };
    let ev = custom(run(true, 404));
    assert_eq!(ev.len(), 1, "{ev:?}");
    assert_eq!(ev[0].event_tag, "coupon-guessing");
    assert_eq!(ev[0].event_level, apisec_core::Level::High);
    assert_eq!(ev[0].suggestion, "Rate-limit coupon checks.");
    // Every request of the window counts, from the first one on.
    assert_eq!(ev[0].attack_cnt, 40);
    assert_eq!(ev[0].start_ts, T0 as i64);
    // The same rate with one code, or with successful answers, does not fire.
    assert!(custom(run(false, 404)).is_empty());
    assert!(custom(run(true, 200)).is_empty());
}

#[test]
fn snapshot_restore_and_merge_keep_events_and_windows() {
    let mut a = Engine::new(Policy::default()).unwrap();
    stuffing(&mut a, "203.0.113.21", T0, 100);
    let snap = a.snapshot().unwrap();
    let mut b = Engine::restore(Policy::default(), &snap).unwrap();
    assert_eq!(a.events(), b.events());
    // The attack continues after the restore: the same event grows.
    stuffing(&mut b, "203.0.113.21", T0 + 60.0, 10);
    let ev = b.events();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].attack_cnt, 110);

    // Two shards that saw two attackers merge to the same events in either order.
    let mut x = Engine::new(Policy::default()).unwrap();
    stuffing(&mut x, "203.0.113.21", T0, 60);
    let mut y = Engine::new(Policy::default()).unwrap();
    stuffing(&mut y, "203.0.113.22", T0, 60);
    let (mut xy, mut yx) = (x.clone(), y.clone());
    xy.merge(y).unwrap();
    yx.merge(x).unwrap();
    assert_eq!(xy.events(), yx.events());
    assert_eq!(xy.events().len(), 2);
}
