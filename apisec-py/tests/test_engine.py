"""Round trips through the Python API: inputs of every accepted shape, typed errors, files."""

import json
import threading

import apisec
import pytest


def test_ingest_dict_str_bytes_give_the_same_asset(good_record):
    outs = []
    for shape in (good_record, json.dumps(good_record), json.dumps(good_record).encode()):
        e = apisec.Engine()
        e.ingest(shape)
        outs.append(e.assets())
    assert outs[0] == outs[1] == outs[2]
    assert len(outs[0]) == 1
    a = outs[0][0]
    assert a["service_host"] == "api.example"
    assert a["request_method"] == "GET"
    assert a["log_type"] == "asset"
    assert isinstance(a["api_id"], str) and a["api_id"]


def test_rejected_record_raises_record_error_and_is_counted(good_record):
    e = apisec.Engine()
    e.ingest(good_record)
    bad = dict(good_record, client_ip="nope")
    with pytest.raises(apisec.RecordError) as info:
        e.ingest(bad)
    err = info.value
    assert isinstance(err, apisec.ApisecError)
    assert err.kind == "record"
    assert err.field == "client_ip"
    assert err.line == 2
    stats = e.stats()
    assert (stats["accepted"], stats["rejected"]) == (1, 1)
    assert stats["rejects"][0]["line"] == 2
    assert len(e.assets()) == 1


def test_wrong_python_type_is_a_type_error():
    with pytest.raises(TypeError):
        apisec.Engine().ingest(42)


def test_policy_as_dict_string_bytes_and_path(tmp_path):
    p = tmp_path / "policy.json"
    p.write_text("{}")
    for policy in ({}, "{}", b"{}", str(p), p):
        assert apisec.Engine(policy).assets() == []


def test_invalid_policy_raises_policy_error_with_path():
    with pytest.raises(apisec.PolicyError) as info:
        apisec.Engine({"no_such_option": 1})
    assert info.value.kind == "policy"
    assert isinstance(info.value.path, str)
    assert "no_such_option" in str(info.value)


def test_missing_policy_file_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        apisec.Engine(str(tmp_path / "absent.json"))


def test_ingest_many_counts_rejects_with_positions(good_record):
    e = apisec.Engine()
    recs = (dict(good_record, path=f"/v1/items/{i}") if i != 3 else "{" for i in range(10))
    assert e.ingest_many(recs) == {"accepted": 9, "rejected": 1}
    assert e.stats()["rejects"][0]["line"] == 4
    assert e.stats()["records"] == 10


def test_ingest_file_reads_jsonl_and_har(tmp_path, good_record):
    jl = tmp_path / "a.jsonl"
    jl.write_text(json.dumps(good_record) + "\n\nnot json\n")
    e = apisec.Engine()
    assert e.ingest_file(jl) == {"accepted": 1, "rejected": 1}
    assert e.stats()["rejects"][0]["line"] == 3
    har = tmp_path / "b.har"
    har.write_text('{"log":{"entries":[{"startedDateTime":"2023-11-15T00:00:00Z",'
                   '"request":{"method":"POST","url":"https://h.test/x"},"response":{"status":201}}]}}')
    assert e.ingest_file(str(har)) == {"accepted": 1, "rejected": 0}
    assert {a["service_host"] for a in e.assets()} == {"api.example", "h.test"}
    broken = tmp_path / "c.har"
    broken.write_text('{"log":{"entries":7}}')
    # Starts like HAR but is not: read as one JSONL line, and rejected.
    assert e.ingest_file(broken) == {"accepted": 0, "rejected": 1}
    with pytest.raises(FileNotFoundError):
        e.ingest_file(tmp_path / "missing.jsonl")


def test_report_holds_every_query(good_record):
    e = apisec.Engine()
    e.ingest(good_record)
    r = e.report()
    assert r["assets"] == e.assets()
    assert r["risks"] == e.risks()
    assert r["events"] == e.events()
    assert r["overview"] == e.overview()
    assert r["stats"] == e.stats()
    assert r["overview"]["api_total"] == 1


def test_threads_share_one_engine(good_record):
    e = apisec.Engine()

    def work(k):
        e.ingest_many(dict(good_record, path=f"/t{k}/{i}") for i in range(200))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert e.stats()["accepted"] == 800
    # Paths fold into learned templates; every request is still counted exactly once.
    assert sum(a["request_count"] for a in e.assets()) == 800


def test_snapshot_restore_gives_the_same_answers(good_record):
    e = apisec.Engine()
    e.ingest_many(dict(good_record, path=f"/v1/users/{i}") for i in range(5))
    snap = e.snapshot()
    assert isinstance(snap, bytes) and snap
    r = apisec.Engine.restore(snap)
    assert r.report() == e.report()
    r.ingest(dict(good_record, path="/v1/new"))
    assert len(r.assets()) == len(e.assets()) + 1
    with pytest.raises(apisec.SnapshotError) as info:
        apisec.Engine.restore(b"not a snapshot")
    assert info.value.kind == "snapshot"


def test_merge_equals_one_engine_that_saw_everything(good_record):
    # Distinct hosts: six APIs, and nothing that only a whole window of calls would reveal.
    recs = [dict(good_record, host=f"h{i}.example", ts=1700000000 + i) for i in range(6)]
    whole, a, b = apisec.Engine(), apisec.Engine(), apisec.Engine()
    whole.ingest_many(recs)
    a.ingest_many(recs[:3])
    b.ingest_many(recs[3:])
    a.merge(b)
    assert a.assets() == whole.assets()
    assert a.stats()["accepted"] == 6
    assert len(b.assets()) == 3  # the other engine is unchanged


def test_drain_logs_takes_each_record_once(good_record):
    e = apisec.Engine()
    e.ingest(good_record)
    first = e.drain_logs()
    assert isinstance(first, list)
    assert e.drain_logs() == []


def test_scan_returns_byte_offsets_like_the_cli():
    e = apisec.Engine()
    text = '{"mobile":"13812345678"}'
    found = e.scan(text)
    assert found[0] == {"code": "1004", "name": found[0]["name"], "level": "S2", "start": 11, "end": 22}
    assert found[0]["name"]
    # Offsets are bytes of the UTF-8 text, not Python character indexes.
    wide = "手机 13812345678"
    f = e.scan(wide)[0]
    assert wide.encode()[f["start"]:f["end"]] == b"13812345678"
    assert (f["start"], f["end"]) == (7, 18)
    # Bytes are repaired like the CLI does: U+FFFD takes three bytes.
    assert e.scan(b"\xff 13812345678")[0]["start"] == 4
    assert e.scan("nothing here") == []
    with pytest.raises(TypeError):
        e.scan(12)


def test_scan_follows_the_policy():
    policy = {"sensitive_data": {"builtin": {"1004": {"enabled": False}},
                                 "custom": [{"name": "badge", "level": "S3", "mode": "expert",
                                             "pattern": "EMP-[0-9]{6}"}]}}
    found = apisec.Engine(policy).scan("13812345678 EMP-123456")
    assert [(f["code"], f["name"], f["level"]) for f in found] == [("9000", "badge", "S3")]


def test_openapi_document_lists_discovered_paths(good_record):
    e = apisec.Engine()
    assert e.openapi()["paths"] == {}
    e.ingest(good_record)
    doc = e.openapi()
    assert doc["openapi"].startswith("3.")
    assert len(doc["paths"]) == 1
    (path, item), = doc["paths"].items()
    assert path.startswith("/v1/users")
    assert "get" in item


def leak_record():
    return {"ts": 1700000100, "client_ip": "198.51.100.3", "host": "api.example", "method": "GET",
            "path": "/v1/me", "status": 200, "src_country": "US",
            "resp_headers": {"Content-Type": "application/json"},
            "resp_body": json.dumps({"mobile": "13812345678"})}


def test_compliance_and_trace_are_off_until_switched_on():
    e = apisec.Engine()
    e.ingest(leak_record())
    assert e.compliance()["enabled"] is False
    off = e.trace("13812345678")
    assert (off["enabled"], off["found"]) == (False, False)

    e = apisec.Engine()
    e.set_audit_switches(compliance_check=True, tracing_auditing=True)
    e.ingest(leak_record())
    t = e.trace("138 1234 5678")
    assert (t["enabled"], t["found"], t["code"]) == (True, True, "1004")
    assert [a["api_format"] for a in t["apis"]] == ["/v1/me"]
    assert t["countries"] == ["US"]
    assert "13812345678" not in json.dumps(t)  # the raw value is never echoed
    c = e.compliance()
    assert c["enabled"] is True and c["cross_border_flows"] == 1
    with pytest.raises(TypeError):
        e.set_audit_switches(True)  # keyword-only


def test_policy_switches_tracing_per_protected_object():
    policy = {"effective_objects": {"objects": [{"host": "api.example", "tracing_auditing": True}]}}
    e = apisec.Engine(policy)
    e.ingest(leak_record())
    assert e.trace("13812345678")["found"] is True
    assert e.compliance()["enabled"] is False
