//! API discovery end to end: records in, templates (assets) out, for each traffic shape the
//! template learner must get right, plus invariants (idempotence, order independence, caps).

use apisec_core::discovery::{Limits, PathTemplater};
use apisec_core::{Engine, Policy};
use proptest::prelude::*;
use std::collections::BTreeSet;

fn rec(i: u64, method: &str, path: &str, status: u16, resp: &str) -> String {
    serde_json::json!({
        "ts": 1_700_000_000 + i, "client_ip": "203.0.113.7", "host": "api.example.com",
        "method": method, "path": path, "status": status,
        "resp_headers": {"content-type": "application/json"}, "resp_body": resp,
    })
    .to_string()
}

/// Runs records through an engine; returns the set of "METHOD template" of its assets.
fn templates(lines: &[String]) -> BTreeSet<String> {
    let mut e = Engine::new(Policy::default()).unwrap();
    for l in lines {
        e.ingest_json(l.as_bytes()).unwrap();
    }
    e.assets().into_iter().map(|a| format!("{} {}", a.request_method, a.api_format)).collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// Synthetic user names: words that look like nothing but words.
const NAMES: [&str; 12] =
    ["alice", "bruno", "chidi", "dagny", "elif", "farid", "gosia", "hana", "ivo", "jun", "kemal", "lupe"];

#[test]
fn typed_identifiers_become_parameters_at_once() {
    let lines = vec![
        rec(1, "GET", "/api/v3/pet/17", 200, "{}"),
        rec(2, "GET", "/orders/3fa85f64-5717-4562-b3fc-2c963f66afa6", 200, "{}"),
        rec(3, "GET", "/docs/507f1f77bcf86cd799439011/raw", 200, "{}"),
        rec(4, "GET", "/v1/customers/cus_9s8dXa2kQ7pLm", 200, "{}"),
        rec(5, "GET", "/blobs/3f9a1c2b", 200, "{}"),
        rec(6, "GET", "/people/ana%40example.com", 200, "{}"),
    ];
    assert_eq!(
        templates(&lines),
        set(&[
            "GET /api/v3/pet/${param}",
            "GET /orders/${param}",
            "GET /docs/${param}/raw",
            "GET /v1/customers/${param}",
            "GET /blobs/${param}",
            "GET /people/${param}",
        ])
    );
}

#[test]
fn user_names_merge_by_cardinality_and_fixed_sibling_stays() {
    let mut lines = Vec::new();
    for (i, n) in NAMES.iter().enumerate() {
        lines.push(rec(i as u64, "GET", &format!("/users/{n}"), 200, r#"{"login":"x","id":1}"#));
    }
    for i in 0..10 {
        lines.push(rec(100 + i, "GET", "/users/me", 200, r#"{"login":"x","id":1,"plan":"pro"}"#));
    }
    assert_eq!(templates(&lines), set(&["GET /users/${param}", "GET /users/me"]));
}

#[test]
fn slugs_with_shared_sub_paths_merge() {
    let mut lines = Vec::new();
    let slugs = ["red-fox", "blue-owl", "green-bee", "gold-elk", "pink-yak", "teal-emu"];
    for (i, s) in slugs.iter().enumerate() {
        lines.push(rec(i as u64, "GET", &format!("/posts/{s}/comments"), 200, r#"{"items":[]}"#));
        lines.push(rec(50 + i as u64, "DELETE", &format!("/posts/{s}"), 204, ""));
    }
    assert_eq!(templates(&lines), set(&["GET /posts/${param}/comments", "DELETE /posts/${param}"]));
}

#[test]
fn dates_and_versions_are_not_parameters() {
    let mut lines = Vec::new();
    for i in 0..5u64 {
        let call = format!("CA{:032x}", 0xabcdef1234_u64 + i * 7919);
        lines.push(rec(
            i,
            "GET",
            &format!("/2010-04-01/Accounts/AC{:032x}/Calls/{call}.json", 77 + i),
            200,
            "{}",
        ));
        lines.push(rec(10 + i, "GET", "/v1/status", 200, "{}"));
        lines.push(rec(20 + i, "GET", "/v2/status", 200, "{}"));
        lines.push(rec(30 + i, "GET", "/v3/status", 200, "{}"));
    }
    assert_eq!(
        templates(&lines),
        set(&[
            "GET /2010-04-01/Accounts/${param}/Calls/${param}.json",
            "GET /v1/status",
            "GET /v2/status",
            "GET /v3/status",
        ])
    );
}

#[test]
fn static_siblings_beside_a_template_stay_literal() {
    let mut lines = Vec::new();
    for i in 0..3u64 {
        lines.push(rec(i, "GET", &format!("/pet/{}", 10 + i), 200, r#"{"id":1,"name":"x"}"#));
        lines.push(rec(10 + i, "GET", "/pet/findByStatus", 200, "[]"));
        lines.push(rec(20 + i, "GET", "/pet/findByTags", 200, "[]"));
        lines.push(rec(30 + i, "POST", &format!("/pet/{}/uploadImage", 10 + i), 200, "{}"));
    }
    assert_eq!(
        templates(&lines),
        set(&[
            "GET /pet/${param}",
            "GET /pet/findByStatus",
            "GET /pet/findByTags",
            "POST /pet/${param}/uploadImage"
        ])
    );
}

#[test]
fn rpc_method_names_never_merge() {
    // camelCase operation names, each seen once.
    let names = ["getUserInfo", "listOrders", "createInvoice", "deleteCart", "updateProfile", "searchItems"];
    let lines: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, n)| rec(i as u64, "POST", &format!("/api/{n}"), 200, "{}"))
        .collect();
    let want: BTreeSet<String> = names.iter().map(|n| format!("POST /api/{n}")).collect();
    assert_eq!(templates(&lines), want);
    // Lower-case names seen once each, answering with different keys.
    let lines = vec![
        rec(1, "GET", "/app/user/login", 200, r#"{"success":"true","msg":"in"}"#),
        rec(2, "GET", "/app/user/key", 200, r#"{"id":2,"username":"","authkey":"00"}"#),
        rec(3, "GET", "/app/user/profile", 200, r#"{"name":"a","email":"b","phone":"c"}"#),
    ];
    assert_eq!(
        templates(&lines),
        set(&["GET /app/user/login", "GET /app/user/key", "GET /app/user/profile"])
    );
}

#[test]
fn fixed_endpoints_hit_repeatedly_never_merge() {
    let mut lines = Vec::new();
    for round in 0..3u64 {
        for (j, n) in ["login", "signup", "logout", "refresh"].iter().enumerate() {
            lines.push(rec(round * 10 + j as u64, "POST", &format!("/auth/{n}"), 200, r#"{"ok":true}"#));
        }
    }
    assert_eq!(
        templates(&lines),
        set(&["POST /auth/login", "POST /auth/signup", "POST /auth/logout", "POST /auth/refresh"])
    );
}

#[test]
fn noise_creates_no_assets_but_real_404s_count() {
    let mut lines = vec![
        rec(1, "GET", "/.env", 404, ""),
        rec(2, "GET", "/wp-login.php", 404, ""),
        rec(3, "GET", "/static/js/main.3f9a1c2b.js", 200, ""),
        rec(4, "GET", "/favicon.ico", 200, ""),
        rec(5, "GET", "/assets/fonts/inter.woff2", 200, ""),
        rec(6, "GET", "/api/items/41/backup.old", 404, ""),
    ];
    lines.push(rec(7, "GET", "/api/items/41", 200, "{}"));
    lines.push(rec(8, "GET", "/api/items/99999", 404, "{}"));
    let mut e = Engine::new(Policy::default()).unwrap();
    for l in &lines {
        e.ingest_json(l.as_bytes()).unwrap();
    }
    let assets = e.assets();
    assert_eq!(assets.len(), 1, "{assets:?}");
    assert_eq!(assets[0].api_format, "/api/items/${param}");
    assert_eq!(assets[0].request_count, 2, "the 404 on a known template is the API's");
    assert_eq!(e.state().inventory.noise, 6);
}

#[test]
fn relearned_merge_combines_states_and_keeps_ids_resolvable() {
    let mut e = Engine::new(Policy::default()).unwrap();
    for (i, n) in NAMES.iter().take(6).enumerate() {
        e.ingest_json(rec(i as u64 * 100, "GET", &format!("/users/{n}/repos"), 200, "[]").as_bytes())
            .unwrap();
    }
    // Ingest-time states are literal; the view folds them into one template.
    assert_eq!(e.state().inventory.apis.len(), 6);
    let view = e.api_view();
    let assets = e.assets();
    assert_eq!(assets.len(), 1);
    let a = &assets[0];
    assert_eq!(a.api_format, "/users/${param}/repos");
    assert_eq!(a.request_count, 6);
    assert_eq!(a.farthest_ts, 1_700_000_000);
    assert_eq!(a.lastest_ts, 1_700_000_500);
    let key = apisec_core::inventory::ApiKey {
        host: "api.example.com".into(),
        method: "GET".into(),
        template: "/users/${param}/repos".into(),
    };
    assert_eq!(a.api_id, key.api_id());
    for st in e.state().inventory.apis.values() {
        assert_eq!(view.resolve(&st.id), a.api_id);
    }
    // More traffic of the same template keeps the id.
    e.ingest_json(rec(900, "GET", "/users/zed/repos", 200, "[]").as_bytes()).unwrap();
    e.ingest_json(rec(901, "GET", "/users/yuki/repos", 200, "[]").as_bytes()).unwrap();
    let again = e.assets();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].api_id, a.api_id);
    assert_eq!(again[0].request_count, 8);
}

#[test]
fn shard_merge_learns_the_same_templates() {
    let lines: Vec<String> = NAMES
        .iter()
        .enumerate()
        .map(|(i, n)| rec(i as u64, "GET", &format!("/users/{n}"), 200, r#"{"id":1}"#))
        .collect();
    let mut a = Engine::new(Policy::default()).unwrap();
    let mut b = Engine::new(Policy::default()).unwrap();
    for (i, l) in lines.iter().enumerate() {
        let e = if i % 2 == 0 { &mut a } else { &mut b };
        e.ingest_json(l.as_bytes()).unwrap();
    }
    a.merge(b).unwrap();
    let got: BTreeSet<String> =
        a.assets().into_iter().map(|x| format!("{} {}", x.request_method, x.api_format)).collect();
    assert_eq!(got, templates(&lines));
    assert_eq!(got, set(&["GET /users/${param}"]));
}

/// A small mixed workload: ids, names, fixed siblings, nested paths.
fn workload() -> Vec<(String, String, u16)> {
    let mut v = Vec::new();
    for i in 0..4u64 {
        v.push(("GET".to_string(), format!("/shop/items/{}", 100 + i * 37), 200));
        v.push(("GET".to_string(), "/shop/items/featured".to_string(), 200));
        v.push(("GET".to_string(), format!("/shop/users/{}/cart", NAMES[i as usize]), 200));
        v.push(("GET".to_string(), format!("/shop/users/{}/cart", NAMES[4 + i as usize]), 200));
        v.push(("POST".to_string(), "/shop/checkout".to_string(), 200));
        v.push(("GET".to_string(), format!("/shop/orders/{:024x}", 0xfeed_u64 * (i + 3)), 200));
        v.push(("GET".to_string(), "/.git/config".to_string(), 404));
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Same records, any interleaving: same templates.
    #[test]
    fn interleaving_does_not_change_templates(perm in Just(workload()).prop_shuffle()) {
        let lines: Vec<String> =
            perm.iter().enumerate().map(|(i, (m, p, s))| rec(i as u64, m, p, *s, "{}")).collect();
        let base: Vec<String> =
            workload().iter().enumerate().map(|(i, (m, p, s))| rec(i as u64, m, p, *s, "{}")).collect();
        prop_assert_eq!(templates(&lines), templates(&base));
    }

    /// Templating a template gives the template: feeding the learned templates back as
    /// paths, and resolving them in the view, changes nothing.
    #[test]
    fn templating_is_idempotent(perm in Just(workload()).prop_shuffle()) {
        let mut t = PathTemplater::default();
        let mut firsts = Vec::new();
        for (m, p, s) in &perm {
            if let Some(tpl) = t.observe("h", m, p, *s != 404) {
                firsts.push((m.clone(), tpl));
            }
        }
        let view = t.view();
        for (m, tpl) in &firsts {
            let relearned = view.resolve("h", tpl).unwrap();
            prop_assert_eq!(view.resolve("h", &relearned).unwrap(), relearned.clone());
            let mut again = t.clone();
            prop_assert_eq!(again.observe("h", m, tpl, true).unwrap(), tpl.clone());
        }
    }

    /// A flood of distinct paths stays under the caps.
    #[test]
    fn path_flood_stays_under_caps(segs in proptest::collection::vec("[a-z]{1,6}(/[a-z0-9]{1,5}){0,4}", 1..400)) {
        let lim = Limits { max_hosts: 3, max_nodes_per_host: 64, max_total_nodes: 150, max_children: 8, max_depth: 6 };
        let mut t = PathTemplater::new(lim);
        for (i, s) in segs.iter().enumerate() {
            let host = format!("h{}", i % 4);
            let _ = t.observe(&host, "GET", &format!("/{s}"), true);
        }
        prop_assert!(t.host_count() <= 3);
        for h in ["h0", "h1", "h2"] {
            prop_assert!(t.node_count(h) <= 64);
        }
        prop_assert!(t.total_nodes() <= 150);
        prop_assert_eq!(t.total_nodes(), ["h0", "h1", "h2"].iter().map(|h| t.node_count(h)).sum::<usize>());
        // The view adds at most one parameter node per node.
        let v = t.view();
        prop_assert!(v.resolve("h0", "/").is_some());
    }
}

#[test]
fn a_full_node_is_relearned_for_good_at_ingest() {
    let mut e = Engine::new(Policy::default()).unwrap();
    // 600 distinct user names, each seen once: the node fills up (256 literal children).
    let name = |i: u64| {
        let letters: String = format!("{i:03}").bytes().map(|d| (b'a' + (d - b'0')) as char).collect();
        format!("user{letters}")
    };
    for i in 0..600u64 {
        e.ingest_json(rec(i, "GET", &format!("/members/{}", name(i)), 200, r#"{"id":1}"#).as_bytes())
            .unwrap();
    }
    // The ingest-time states were folded into the template: memory stays bounded.
    let inv = &e.state().inventory;
    assert!(inv.apis.len() < 260, "{} states", inv.apis.len());
    let key = apisec_core::inventory::ApiKey {
        host: "api.example.com".into(),
        method: "GET".into(),
        template: "/members/${param}".into(),
    };
    assert_eq!(inv.apis[&key].count, 600);
    assert!(!inv.alias.is_empty());
    assert!(inv.alias.values().all(|v| *v == key.api_id()));
    let assets = e.assets();
    assert_eq!(assets.len(), 1);
    assert_eq!(assets[0].api_id, key.api_id());
    // A new value now maps to the template at ingest time.
    e.ingest_json(rec(700, "GET", "/members/zzz", 200, r#"{"id":1}"#).as_bytes()).unwrap();
    assert_eq!(e.state().inventory.apis[&key].count, 601);
}

#[test]
fn rpc_names_with_a_shared_envelope_stay_apart() {
    let lines = vec![
        rec(1, "POST", "/gw/user/login", 200, r#"{"code":0,"msg":"ok","data":{"token":"t","expires":3600}}"#),
        rec(2, "POST", "/gw/user/register", 200, r#"{"code":0,"msg":"ok","data":{"uid":7,"created":"x"}}"#),
        rec(
            3,
            "POST",
            "/gw/user/profile",
            200,
            r#"{"code":0,"msg":"ok","data":{"nick":"n","avatar":"a","level":3}}"#,
        ),
        rec(4, "POST", "/gw/user/logout", 200, r#"{"code":0,"msg":"ok","data":{"bye":true}}"#),
    ];
    assert_eq!(
        templates(&lines),
        set(&[
            "POST /gw/user/login",
            "POST /gw/user/register",
            "POST /gw/user/profile",
            "POST /gw/user/logout"
        ])
    );
}

#[test]
fn low_traffic_fixed_siblings_without_bodies_stay_literal() {
    let lines = vec![
        rec(1, "POST", "/api/coupons/check", 200, ""),
        rec(2, "POST", "/api/debug/eval", 200, ""),
        rec(3, "GET", "/api/profile", 200, ""),
        rec(4, "GET", "/api/orders", 200, ""),
    ];
    assert_eq!(
        templates(&lines),
        set(&["POST /api/coupons/check", "POST /api/debug/eval", "GET /api/profile", "GET /api/orders"])
    );
}
