# %% [markdown]
# # apisec from Python: a walkthrough
#
# A notebook in the "percent" format (open it in VS Code or Jupyter with jupytext, or run
# it as a script: `python examples/python/walkthrough.py [traffic.jsonl]`). It feeds HTTP
# traffic records to an engine and looks at what the engine learned.

# %%
import json
import pathlib
import sys

import apisec

print("apisec", apisec.__version__)

# %% [markdown]
# ## An engine with the default policy
# Every built-in detector is on. A policy can be passed as a dict, a JSON string or a path.

# %%
engine = apisec.Engine()

# %% [markdown]
# ## Feed it records
# One at a time (a dict, a JSON string or bytes), many at once, or a whole JSONL/HAR file.
# A bad record raises `apisec.RecordError` from `ingest`, and is only counted by
# `ingest_many` / `ingest_file`.

# %%
engine.ingest({
    "ts": 1700000000,
    "client_ip": "203.0.113.7",
    "host": "shop.example",
    "method": "GET",
    "path": "/api/users/1001",
    "status": 200,
    "resp_headers": {"Content-Type": "application/json"},
    "resp_body": json.dumps({"id": 1001, "phone": "13812345678", "email": "alice@mail.example"}),
})

try:
    engine.ingest({"ts": "not a time"})
except apisec.RecordError as err:
    print(f"rejected: field={err.field!r} line={err.line}: {err}")

default_file = pathlib.Path(__file__).resolve().parents[2] / "tests/conformance/inventory/records.jsonl"
path = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else default_file
print("ingest_file:", engine.ingest_file(path))

# %% [markdown]
# ## The API inventory
# Each asset is a plain dict with the log-subscription field names.

# %%
for a in engine.assets():
    print(f'{a["request_method"]:6} {a["service_host"]}{a["api_format"]}  '
          f'status={a["api_status"]} sensitive={a["api_sensitive_level"]} seen={a["request_count"]}')

# %% [markdown]
# ## Risks, events, overview and run statistics

# %%
print("risks:", len(engine.risks()), "events:", len(engine.events()))
print("overview:", json.dumps(engine.overview(), indent=1)[:400])
stats = engine.stats()
print(f'records={stats["records"]} accepted={stats["accepted"]} rejected={stats["rejected"]}')
for r in stats["rejects"][:5]:
    print(f'  line {r["line"]}: {r["reason"]}')

# %% [markdown]
# ## Sensitive data in any text, and the inventory as OpenAPI
# `scan` uses the engine's policy (switched-off types, custom types) and returns byte
# offsets into the UTF-8 text, exactly as `apisec scan` prints them.

# %%
text = "客服电话 13812345678"
for f in engine.scan(text):
    print(f'{f["code"]} {f["name"]} {f["level"]}: {text.encode()[f["start"]:f["end"]].decode()!r}')
doc = engine.openapi()
print("openapi", doc["openapi"], "with", len(doc["paths"]), "paths")
