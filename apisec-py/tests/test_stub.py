"""The shipped apisec.pyi must describe exactly what the module exports."""

import ast
import inspect
import pathlib

import apisec

STUB = pathlib.Path(__file__).resolve().parents[1] / "apisec.pyi"
STUB_ONLY = {"Json", "RecordLike", "PolicyLike", "IngestSummary", "ScanFinding"}


def stub_tree():
    return ast.parse(STUB.read_text())


def test_stub_names_match_module():
    tree = stub_tree()
    names = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets)
    module = {n for n in dir(apisec) if not n.startswith("_") and not inspect.ismodule(getattr(apisec, n))}
    assert names - STUB_ONLY == module | {"__version__"}
    assert set(apisec.__all__) == module | {"__version__"}
    assert apisec.__version__


def test_stub_engine_methods_match_class():
    cls = next(n for n in stub_tree().body if isinstance(n, ast.ClassDef) and n.name == "Engine")
    stubbed = {f.name for f in cls.body if isinstance(f, ast.FunctionDef) and f.name != "__init__"}
    actual = {n for n, _ in inspect.getmembers(apisec.Engine) if not n.startswith("_")}
    assert stubbed == actual


def test_exception_hierarchy_matches_stub():
    for node in stub_tree().body:
        if isinstance(node, ast.ClassDef) and node.bases and isinstance(node.bases[0], ast.Name):
            base = node.bases[0].id
            if base in ("Exception", "ApisecError"):
                assert issubclass(getattr(apisec, node.name), getattr(apisec, base) if base != "Exception" else Exception)


def test_wheel_ships_stub_and_marker():
    pkg = pathlib.Path(apisec.__file__).parent
    assert (pkg / "__init__.pyi").exists() or (pkg / "apisec.pyi").exists()
    assert (pkg / "py.typed").exists()
