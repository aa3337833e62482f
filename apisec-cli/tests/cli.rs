//! End-to-end tests of the `apisec` binary.

use std::io::Write;
use std::process::{Command, Stdio};

fn apisec() -> Command {
    Command::new(env!("CARGO_BIN_EXE_apisec"))
}

fn tmp(name: &str, content: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("apisec-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

const GOOD: &str = r#"{"ts":1700000000,"client_ip":"203.0.113.5","host":"api.example.com","method":"GET","path":"/v1/items","status":200}"#;

#[test]
fn json_report_has_the_contract_shape_and_lists_rejects() {
    let f = tmp(
        "mixed.jsonl",
        &format!(
            "{GOOD}\nnot json\n\n{}\n",
            r#"{"ts":1700000001,"client_ip":"bad","host":"h","method":"GET","path":"/"}"#
        ),
    );
    let out = apisec().args(["analyze", "--format", "json"]).arg(&f).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for k in ["assets", "risks", "events", "overview", "stats"] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    assert_eq!(v["stats"]["records"], 3);
    assert_eq!(v["stats"]["rejected"], 2);
    let rejects = v["stats"]["rejects"].as_array().unwrap();
    assert_eq!(rejects[0]["line"], 2);
    assert_eq!(rejects[1]["line"], 4);
    assert!(rejects[1]["reason"].as_str().unwrap().starts_with("client_ip:"));
    assert_eq!(v["assets"].as_array().unwrap().len(), 1);
    assert_eq!(v["assets"][0]["service_host"], "api.example.com");
}

#[test]
fn table_report_reads_stdin() {
    let mut child = apisec().arg("analyze").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(format!("{GOOD}\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("records: 1  accepted: 1  rejected: 0"), "{text}");
    assert!(text.contains("/v1/items"), "{text}");
}

#[test]
fn har_input_is_detected() {
    let har = r#"{"log":{"version":"1.2","entries":[{"startedDateTime":"2024-01-01T00:00:00Z","request":{"method":"GET","url":"https://shop.example/cart?x=1","headers":[]},"response":{"status":200,"headers":[],"content":{"text":"{}"}}}]}}"#;
    let f = tmp("in.har", har);
    let out = apisec().args(["analyze", "--format", "json"]).arg(&f).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["assets"][0]["service_host"], "shop.example");
    assert_eq!(v["stats"]["accepted"], 1);
}

#[test]
fn unreadable_file_and_bad_policy_fail_clearly() {
    let out = apisec().args(["analyze", "/definitely/not/here.jsonl"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/definitely/not/here.jsonl"));

    let f = tmp("ok.jsonl", GOOD);
    let p = tmp("bad-policy.json", r#"{"no_such_section": true}"#);
    let out = apisec().args(["analyze", "--policy"]).arg(&p).arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("invalid policy") && err.contains("no_such_section"), "{err}");
}

#[test]
fn policy_files_load_or_fail_with_the_offending_path() {
    let f = tmp("ok2.jsonl", GOOD);
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/policy.json");
    let out = apisec().args(["analyze", "--format", "json", "--policy", example]).arg(&f).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let values: Vec<String> = (0..51).map(|i| format!("\"v{i}\"")).collect();
    let p = tmp(
        "too-many.json",
        &format!(
            r#"{{"risk_detection": {{"custom": [{{"name": "r", "level": "low", "conditions": [
                {{"field": "domain", "op": "equals_any", "values": [{}]}}]}}]}}}}"#,
            values.join(",")
        ),
    );
    let out = apisec().args(["analyze", "--policy"]).arg(&p).arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("risk_detection.custom[0].conditions[0].values: at most 50 values (got 51)"),
        "{err}"
    );

    let t = tmp("p.toml", "[lifecycle]\nmode = \"custom\"\ndaily_requests = 2\ndays = 99\n");
    let out = apisec().args(["analyze", "--policy"]).arg(&t).arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("lifecycle.days: must be 1 to 31 days (got 99)"));
}

#[test]
fn logs_dir_gets_three_streams() {
    let f = tmp("logs.jsonl", &format!("{GOOD}\n"));
    let dir = std::env::temp_dir().join(format!("apisec-cli-logs-{}", std::process::id()));
    let out = apisec().args(["analyze", "--format", "json", "--logs"]).arg(&dir).arg(&f).output().unwrap();
    assert!(out.status.success());
    let asset = std::fs::read_to_string(dir.join("asset.jsonl")).unwrap();
    let first: serde_json::Value = serde_json::from_str(asset.lines().next().unwrap()).unwrap();
    assert_eq!(first["log_type"], "asset");
    assert!(dir.join("risk.jsonl").exists() && dir.join("event.jsonl").exists());
}
