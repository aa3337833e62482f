"""Type stubs of the `apisec` extension module (checked against the module by tests/test_stub.py)."""

import os
from typing import Any, Iterable, Optional, TypedDict, Union

__version__: str

Json = Any
RecordLike = Union[dict, str, bytes, bytearray]
PolicyLike = Union[dict, str, bytes, "os.PathLike[str]"]

class IngestSummary(TypedDict):
    accepted: int
    rejected: int

class ScanFinding(TypedDict):
    code: str
    name: str
    level: str
    start: int
    end: int

class ApisecError(Exception):
    """Base class of every apisec error; `kind` is the core's error kind name."""

    kind: str

class PolicyError(ApisecError):
    """The policy is invalid; `path` names the offending value."""

    path: str

class RecordError(ApisecError):
    """A record was rejected (counted in stats, engine state unchanged)."""

    field: str
    line: Optional[int]

class InputError(ApisecError):
    """A document is not the format it claims (e.g. a broken HAR file)."""

class SnapshotError(ApisecError):
    """A snapshot could not be written or restored."""

class Engine:
    """The detector: feed it records, query it any time."""

    def __init__(self, policy: Optional[PolicyLike] = None) -> None: ...
    @staticmethod
    def restore(snapshot: bytes, policy: Optional[PolicyLike] = None) -> "Engine": ...
    def snapshot(self) -> bytes: ...
    def merge(self, other: "Engine") -> None: ...
    def drain_logs(self) -> list[dict[str, Json]]: ...
    def ingest(self, record: RecordLike) -> None: ...
    def ingest_many(self, records: Iterable[RecordLike]) -> IngestSummary: ...
    def ingest_file(self, path: Union[str, "os.PathLike[str]"]) -> IngestSummary: ...
    def assets(self) -> list[dict[str, Json]]: ...
    def risks(self) -> list[dict[str, Json]]: ...
    def events(self) -> list[dict[str, Json]]: ...
    def overview(self) -> dict[str, Json]: ...
    def stats(self) -> dict[str, Json]: ...
    def report(self) -> dict[str, Json]: ...
    def openapi(self) -> dict[str, Json]: ...
    def compliance(self) -> dict[str, Json]: ...
    def trace(self, value: str) -> dict[str, Json]: ...
    def set_audit_switches(self, *, compliance_check: bool = False, tracing_auditing: bool = False) -> None: ...
    def scan(self, text: Union[str, bytes, bytearray]) -> list[ScanFinding]: ...
