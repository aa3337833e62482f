"""Shared fixtures: the repository root and its conformance vectors."""

import json
import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
CONFORMANCE = REPO / "tests" / "conformance"


def conformance_cases():
    return sorted(p for p in CONFORMANCE.iterdir() if p.is_dir())


@pytest.fixture
def good_record():
    return {
        "ts": 1700000000,
        "client_ip": "203.0.113.9",
        "host": "api.example",
        "method": "GET",
        "path": "/v1/users/42",
        "status": 200,
        "resp_headers": {"Content-Type": "application/json"},
        "resp_body": json.dumps({"id": 42, "phone": "13812345678"}),
    }
