"""The shared conformance vectors: Python must produce exactly the JSON in expected.json."""

import json

import apisec
import pytest

from conftest import conformance_cases


def run_case(case):
    policy = case / "policy.json"
    engine = apisec.Engine(str(policy) if policy.exists() else None)
    src = case / "records.jsonl"
    engine.ingest_file(src if src.exists() else case / "records.har")
    out = {
        "assets": engine.assets(),
        "risks": engine.risks(),
        "events": engine.events(),
        "overview": engine.overview(),
        "stats": engine.stats(),
        "openapi": engine.openapi(),
        "compliance": engine.compliance(),
    }
    texts = case / "texts.txt"
    if texts.exists():
        out["scan"] = [engine.scan(t) for t in texts_of(texts.read_bytes())]
    traces = case / "traces.txt"
    if traces.exists():
        out["trace"] = [engine.trace(v.decode()) for v in texts_of(traces.read_bytes())]
    return out


def texts_of(data):
    """One text per line of texts.txt (a final newline does not start another text)."""
    if not data:
        return []
    if data.endswith(b"\n"):
        data = data[:-1]
    return data.split(b"\n")


def test_there_are_cases():
    assert len(conformance_cases()) >= 4


@pytest.mark.parametrize("case", conformance_cases(), ids=lambda p: p.name)
def test_case_matches_expected(case):
    expected = json.loads((case / "expected.json").read_text())
    got = run_case(case)
    assert got.keys() == expected.keys()
    for key in expected:
        assert got[key] == expected[key], f"{case.name}: {key} differs"


def test_scan_of_str_and_bytes_agree():
    case = next(c for c in conformance_cases() if (c / "texts.txt").exists())
    engine = apisec.Engine(str(case / "policy.json"))
    for t in texts_of((case / "texts.txt").read_bytes()):
        assert engine.scan(t.decode()) == engine.scan(t)
