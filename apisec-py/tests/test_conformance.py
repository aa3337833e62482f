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
    return {
        "assets": engine.assets(),
        "risks": engine.risks(),
        "events": engine.events(),
        "overview": engine.overview(),
        "stats": engine.stats(),
    }


def test_there_are_cases():
    assert len(conformance_cases()) >= 4


@pytest.mark.parametrize("case", conformance_cases(), ids=lambda p: p.name)
def test_case_matches_expected(case):
    expected = json.loads((case / "expected.json").read_text())
    assert run_case(case) == expected
