//! `apisec openapi`: the inventory of a traffic file as an OpenAPI document on stdout.

use std::process::Command;

#[test]
fn openapi_command_prints_one_document_for_the_files() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/../apisec-core/tests/fixtures/openapi_traffic.jsonl");
    let out = Command::new(env!("CARGO_BIN_EXE_apisec")).args(["openapi", fixture]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
    assert!(doc["paths"]["/api/user/login"]["post"]["requestBody"].is_object());
    let missing = Command::new(env!("CARGO_BIN_EXE_apisec"))
        .args(["openapi", "/nonexistent/x.jsonl"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read"));
}
