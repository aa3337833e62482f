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
    har.write_text('{"log":{"entries":[{"startedDateTime":"2024-01-01T00:00:00Z",'
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
    assert len(e.assets()) == 800


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
    recs = [dict(good_record, path=f"/v1/items/{i}", ts=1700000000 + i) for i in range(6)]
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
