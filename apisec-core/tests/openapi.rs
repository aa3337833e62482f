//! The OpenAPI export keeps the structural rules of OpenAPI 3: every `{name}` in a path
//! is declared as a required path parameter and nothing else is, operationIds are
//! unique, parameters are unique per (name, in), security schemes exist, and learned
//! formats reach the schemas. (Full schema validation: scripts/check_openapi.py.)

use apisec_core::{Engine, Policy};
use serde_json::Value;
use std::collections::BTreeSet;

fn doc() -> Value {
    let text = include_str!("fixtures/openapi_traffic.jsonl");
    let mut e = Engine::new(Policy::default()).unwrap();
    for line in text.lines() {
        e.ingest_json(line.as_bytes()).unwrap();
    }
    e.openapi()
}

fn braces(path: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = path;
    while let Some(i) = rest.find('{') {
        let Some(j) = rest[i..].find('}') else { break };
        out.insert(rest[i + 1..i + j].to_owned());
        rest = &rest[i + j + 1..];
    }
    out
}

#[test]
fn document_keeps_openapi_structural_rules() {
    let d = doc();
    assert_eq!(d["openapi"], "3.0.3");
    assert!(d["info"]["title"].is_string() && d["info"]["version"].is_string());
    let schemes = d["components"]["securitySchemes"].as_object().cloned().unwrap_or_default();
    let paths = d["paths"].as_object().expect("paths");
    assert_eq!(paths.len(), 4, "{:?}", paths.keys().collect::<Vec<_>>());
    let mut ids = BTreeSet::new();
    let mut ops = 0;
    for (path, item) in paths {
        assert!(path.starts_with('/'), "{path}");
        let declared_in_path = braces(path);
        for (method, op) in item.as_object().unwrap() {
            if method == "servers" {
                continue;
            }
            ops += 1;
            let id = op["operationId"].as_str().expect("operationId");
            assert!(ids.insert(id.to_owned()), "duplicate operationId {id}");
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let mut seen = BTreeSet::new();
            let mut path_params = BTreeSet::new();
            for p in &params {
                let (name, place) = (p["name"].as_str().unwrap(), p["in"].as_str().unwrap());
                assert!(["path", "query", "header", "cookie"].contains(&place));
                let ident = if place == "header" { name.to_ascii_lowercase() } else { name.to_owned() };
                assert!(seen.insert((ident, place)), "parameter {name} in {place} twice");
                assert!(p["schema"].is_object());
                if place == "path" {
                    assert_eq!(p["required"], true);
                    path_params.insert(name.to_owned());
                }
            }
            assert_eq!(path_params, declared_in_path, "{method} {path}");
            assert!(op["responses"].as_object().is_some_and(|r| !r.is_empty()));
            for req in op["security"].as_array().cloned().unwrap_or_default() {
                for name in req.as_object().unwrap().keys() {
                    assert!(schemes.contains_key(name), "undeclared security scheme {name}");
                }
            }
        }
    }
    assert_eq!(ops, 5, "GET login is one operation on two hosts");
}

#[test]
fn templates_types_bodies_and_hosts_are_carried_over() {
    let d = doc();
    let orders = &d["paths"]["/api/users/{usersId}/orders/{ordersId}"]["get"];
    let params = orders["parameters"].as_array().unwrap();
    let page = params.iter().find(|p| p["name"] == "page").unwrap();
    assert_eq!((page["in"].as_str(), page["schema"]["type"].as_str()), (Some("query"), Some("integer")));
    assert!(params.iter().any(|p| p["name"] == "X-Request-Id" && p["in"] == "header"));
    assert!(!params.iter().any(|p| p["name"] == "Authorization"), "credentials go to security");
    let items = &orders["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["data"]["properties"]
        ["items"];
    assert_eq!(items["type"], "array");
    assert_eq!(items["items"]["properties"]["id"]["format"], "uuid");
    assert_eq!(items["items"]["properties"]["amount"]["type"], "number");
    assert_eq!(orders["security"][0]["header_Authorization"], serde_json::json!([]));

    let login = &d["paths"]["/api/user/login"]["post"];
    let body = &login["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(body["properties"]["device"]["properties"]["tags"]["type"], "array");
    assert!(body["required"].as_array().unwrap().contains(&"password".into()));
    assert!(login["tags"].as_array().unwrap().contains(&"LoginByUserPasswd".into()));

    let settings = &d["paths"]["/v2/settings/{settingsId}"]["put"];
    let form = &settings["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"];
    assert_eq!(form["properties"]["email"]["format"], "email");
    assert!(
        settings["parameters"].as_array().unwrap().iter().any(|p| p["name"] == "sid" && p["in"] == "cookie")
    );
    assert!(d["paths"]["/odd/%7Bbraces%7D/{bracesId}.json"]["patch"].is_object());

    let servers: Vec<&str> =
        d["servers"].as_array().unwrap().iter().map(|s| s["url"].as_str().unwrap()).collect();
    assert_eq!(
        servers,
        ["https://admin.example.org", "https://shop.example.com", "https://shop.example.com:8443"]
    );
    // The same path served by two hosts lists both.
    let login_servers = d["paths"]["/api/user/login"]["servers"].as_array().unwrap();
    assert_eq!(login_servers.len(), 3);
}

#[test]
fn export_is_deterministic() {
    assert_eq!(serde_json::to_string(&doc()).unwrap(), serde_json::to_string(&doc()).unwrap());
    let empty = Engine::new(Policy::default()).unwrap().openapi();
    assert_eq!(empty["paths"], serde_json::json!({}));
}
