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

/// The CLI reads files through the same core input code as the bindings: its report on
/// every shared conformance case equals that case's expected JSON (which the Python, Node
/// and C suites also check), rejects and their line numbers included.
#[test]
fn analyze_agrees_with_every_conformance_vector() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance");
    let mut cases: Vec<_> =
        std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    assert!(cases.len() >= 4);
    for case in cases {
        let input =
            ["records.jsonl", "records.har"].iter().map(|n| case.join(n)).find(|p| p.exists()).unwrap();
        let mut cmd = apisec();
        cmd.args(["analyze", "--format", "json"]);
        if case.join("policy.json").exists() {
            cmd.arg("--policy").arg(case.join("policy.json"));
        }
        let out = cmd.arg(&input).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let want: serde_json::Value =
            serde_json::from_slice(&std::fs::read(case.join("expected.json")).unwrap()).unwrap();
        for k in ["assets", "risks", "events", "overview", "stats"] {
            assert_eq!(got[k], want[k], "{}: `{k}` differs from expected.json", case.display());
        }
        // `apisec openapi` prints the export every binding's openapi() returns.
        let mut cmd = apisec();
        cmd.arg("openapi");
        if case.join("policy.json").exists() {
            cmd.arg("--policy").arg(case.join("policy.json"));
        }
        let out = cmd.arg(&input).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc, want["openapi"], "{}: `apisec openapi` differs from expected.json", case.display());
    }
}

#[test]
fn rejects_name_their_file_when_several_are_analysed() {
    let a = tmp("first.jsonl", &format!("{GOOD}\n"));
    let b = tmp("second.jsonl", &format!("{GOOD}\n{{\"ts\":1}}\n"));
    let out = apisec().args(["analyze", "--format", "json"]).arg(&a).arg(&b).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = &v["stats"]["rejects"][0];
    assert_eq!(r["line"], 2);
    let reason = r["reason"].as_str().unwrap();
    assert!(reason.starts_with(&format!("{}: ", b.display())), "{reason}");
    // The file name is not taken for the record's field.
    assert!(v["stats"]["rejected_by_field"].as_object().unwrap().keys().all(|k| !k.contains("second")));
}

#[test]
fn scan_uses_the_policy_and_prints_what_the_engine_returns() {
    let texts = "tel 13812345678 badge EMP-123456\nnone\n";
    let input = tmp("texts.txt", texts);
    let policy_text = r#"{"sensitive_data":{"custom":[{"name":"employee-id","level":"S3","mode":"expert","pattern":"EMP-[0-9]{6}"}]}}"#;
    let policy = tmp("scan-policy.json", policy_text);
    let out = apisec().args(["scan", "--policy"]).arg(&policy).arg(&input).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let engine = apisec_core::Engine::new(apisec_core::Policy::from_json(policy_text).unwrap()).unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    for (i, (got, src)) in lines.iter().zip(texts.lines()).enumerate() {
        assert_eq!(got["line"], i as u64 + 1);
        assert_eq!(got["findings"], serde_json::to_value(engine.scan(src)).unwrap());
    }
    let codes: Vec<&str> =
        lines[0]["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["1004", "9000"]);
}

/// Two responses that hand one ID number and phone to clients abroad and at home.
fn leaky_records() -> String {
    let rec = |ts: u64, path: &str, ip: &str, cc: &str| {
        format!(
            r#"{{"ts":{ts},"client_ip":"{ip}","host":"shop.example.com","method":"GET","path":"{path}","status":200,"src_country":"{cc}","resp_headers":{{"content-type":"application/json"}},"resp_body":"{{\"id_card\":\"11010519491231002X\",\"mobile\":\"13800138000\"}}"}}"#
        )
    };
    format!(
        "{}\n{}\n",
        rec(1717200000, "/api/profile", "198.51.100.7", "US"),
        rec(1717200060, "/api/export", "203.0.113.9", "CN")
    )
}

#[test]
fn trace_is_off_by_default_and_finds_both_apis_when_enabled() {
    let f = tmp("leaky.jsonl", &leaky_records());
    let out = apisec().args(["trace", "11010519491231002X"]).arg(&f).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["enabled"], false);
    assert_eq!(v["found"], false);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--enable"));

    let out = apisec().args(["trace", "110105 19491231 002x", "--enable"]).arg(&f).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["enabled"], true);
    assert_eq!(v["found"], true);
    assert_eq!(v["code"], "1000");
    let formats: Vec<&str> =
        v["apis"].as_array().unwrap().iter().map(|a| a["api_format"].as_str().unwrap()).collect();
    assert_eq!(formats.len(), 2, "{formats:?}");
    assert_eq!(v["ips"], serde_json::json!(["198.51.100.7", "203.0.113.9"]));
    assert_eq!(v["count"], 2);
    // The raw value is never echoed back.
    assert!(!String::from_utf8_lossy(&out.stdout).contains("11010519491231002"));
}

#[test]
fn trace_with_a_policy_that_switches_the_object_on() {
    let f = tmp("leaky2.jsonl", &leaky_records());
    let p = tmp(
        "trace-policy.json",
        r#"{"effective_objects":{"objects":[{"host":"shop.example.com","tracing_auditing":true}]}}"#,
    );
    let out = apisec().args(["trace", "13800138000", "--policy"]).arg(&p).arg(&f).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["found"], true);
    assert_eq!(v["value_masked"], "138****8000");
    assert_eq!(v["countries"], serde_json::json!(["CN", "US"]));
}
