#!/usr/bin/env python3
"""Validate OpenAPI documents written by `apisec openapi` against the OpenAPI 3 schema.

Usage: check_openapi.py DOC.json [DOC.json ...]   ("-" reads stdin)

Needs `openapi-spec-validator` (PyPI); the test script installs it in a venv. Exits 0
when every document is valid, 1 on the first invalid one (with the validator's message),
2 on usage errors or unreadable input.
"""
import json
import sys

from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError


def load(path):
    if path == "-":
        return json.load(sys.stdin)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main(argv):
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for path in argv:
        try:
            doc = load(path)
        except (OSError, ValueError) as e:
            print(f"{path}: cannot read: {e}", file=sys.stderr)
            return 2
        try:
            validate(doc)
        except OpenAPIValidationError as e:
            print(f"{path}: INVALID: {e}", file=sys.stderr)
            return 1
        paths = len(doc.get("paths", {}))
        print(f"{path}: valid OpenAPI {doc.get('openapi')} ({paths} paths)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
