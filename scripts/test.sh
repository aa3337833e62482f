#!/usr/bin/env bash
# The one test command of the repository (CI runs it through .ci/run):
#
#   scripts/test.sh            everything below, in order
#   scripts/test.sh rust c     only the named sections
#
# Sections: fmt, clippy, rust (unit, integration, proptest, doctests, header drift,
# conformance vectors, fuzz seed corpus), python (maturin wheel -> fresh venv -> pytest,
# .pyi drift), node (napi build, .d.ts/index.js drift, node:test, npm pack -> fresh folder),
# c (static + dynamic link with -Wall -Wextra -Werror, valgrind, C++ header compile,
# conformance), openapi (the OpenAPI export of the demo traffic and of every conformance
# case, from the CLI and from expected.json, checked by scripts/check_openapi.py with a
# pinned openapi-spec-validator), fuzz (seed corpus replay; a short libFuzzer run when cargo-fuzz is installed),
# package (cargo package -p apisec-core).
#
# Needs only what a clean machine has: Rust, Python 3 with pip/venv, Node >= 20 with npm,
# gcc/g++, valgrind. Python tools (pinned) go into a venv under target/, npm packages into
# apisec-node/node_modules. Every section runs even when an earlier one failed; the last
# line is the summary, and the exit code is non-zero when any section failed.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# One build directory for cargo, maturin and the napi CLI (which always passes --target).
export CARGO_BUILD_TARGET=x86_64-unknown-linux-gnu
export CARGO_TARGET_DIR="$ROOT/target"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
TRIPLE_DIR="$CARGO_TARGET_DIR/$CARGO_BUILD_TARGET"
DEBUG="$TRIPLE_DIR/debug"
WORK="$CARGO_TARGET_DIR/test-script"

MATURIN_VERSION=1.16.0
PYTEST_VERSION=9.2.0
OPENAPI_VALIDATOR_VERSION=0.9.0
FUZZ_SECONDS="${APISEC_FUZZ_SECONDS:-10}"

mkdir -p "$WORK"

banner() { printf '\n==== %s ====\n' "$*"; }
note() { printf -- '--- %s\n' "$*"; }

# Compares two JSON files after parsing (key order and whitespace do not matter).
json_equal() {
    python3 - "$1" "$2" <<'EOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
if a != b:
    sys.exit(f"JSON differs: {sys.argv[1]} vs {sys.argv[2]}")
EOF
}

# A scratch folder holding `traffic.jsonl` (a small conformance input), where the README's
# examples run as written.
readme_dir() {
    local d="$WORK/readme"
    mkdir -p "$d"
    cp "$ROOT/tests/conformance/attacks/records.jsonl" "$d/traffic.jsonl"
    echo "$d"
}

conformance_cases() { find "$ROOT/tests/conformance" -mindepth 1 -maxdepth 1 -type d | sort; }

# ---------------------------------------------------------------------------------------
section_fmt() {
    cargo fmt --all -- --check
    # fuzz/ is its own workspace: check its files separately.
    rustfmt --edition 2024 --check fuzz/fuzz_targets/*.rs
}

section_clippy() {
    cargo clippy --workspace --all-targets --locked -- -D warnings
}

section_rust() {
    cargo test --workspace --locked
}

section_python() {
    local tools="$WORK/py-tools" venv="$WORK/py-venv" wheels="$WORK/wheels"
    if [ ! -x "$tools/bin/maturin" ] || ! "$tools/bin/maturin" --version | grep -q "$MATURIN_VERSION"; then
        note "installing maturin $MATURIN_VERSION into $tools"
        python3 -m venv "$tools"
        "$tools/bin/pip" install --quiet "maturin==$MATURIN_VERSION"
    fi
    rm -rf "$wheels" "$venv"
    # Debug build: it reuses what `cargo test` compiled; a release wheel costs ~6 min of
    # the suite's budget on 2 cores and tests the same code.
    note "maturin build (debug)"
    "$tools/bin/maturin" build --locked -m apisec-py/Cargo.toml --out "$wheels"
    note "fresh venv: install the wheel and pytest $PYTEST_VERSION"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "$wheels"/apisec-*.whl "pytest==$PYTEST_VERSION"
    # Run from the tests folder so `import apisec` can only find the installed wheel.
    local rc=0
    (cd apisec-py && "$venv/bin/python" -m pytest -q -p no:cacheprovider tests) || rc=$?
    if [ "$rc" -eq 5 ]; then
        echo "pytest collected no tests: that is a failure" >&2
    fi
    [ "$rc" -eq 0 ] || return "$rc"
    local ex
    for ex in examples/python/*.py; do
        note "$ex"
        "$venv/bin/python" "$ex" >/dev/null
    done
    note "README.md's Python example"
    local d
    d="$(readme_dir)"
    python3 scripts/readme_example.py python "$d/readme.py"
    (cd "$d" && "$venv/bin/python" readme.py >/dev/null)
}

section_node() {
    cd apisec-node
    note "npm install"
    npm install --no-audit --no-fund --loglevel=error
    # napi rewrites index.js / index.d.ts: keep the committed ones to detect drift.
    cp index.d.ts "$WORK/index.d.ts.committed"
    cp index.js "$WORK/index.js.committed"
    # Debug build: it reuses what `cargo test` compiled (napi's own release flags would
    # rebuild every dependency); the wheel is the release-mode packaging check.
    note "napi build --platform"
    npx napi build --platform
    local drift=0
    if ! diff -u "$WORK/index.d.ts.committed" index.d.ts; then
        echo "apisec-node/index.d.ts drifted: commit the regenerated file" >&2
        drift=1
    fi
    if ! diff -u "$WORK/index.js.committed" index.js >/dev/null; then
        echo "apisec-node/index.js drifted: commit the regenerated file" >&2
        drift=1
    fi
    [ "$drift" -eq 0 ]
    note "node --test (from the source folder)"
    node --test test/
    note "npm pack -> install into a fresh folder -> node --test against it"
    local fresh="$WORK/npm-fresh"
    rm -rf "$fresh" ./*.tgz
    mkdir -p "$fresh"
    local tgz
    tgz="$(npm pack --silent | tail -n 1)"
    mv "$tgz" "$fresh/"
    (cd "$fresh" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "./$tgz")
    APISEC_NODE_PACKAGE="$fresh/node_modules/apisec" node --test test/
    local ex
    for ex in "$ROOT"/examples/node/*.js; do
        note "$ex (against the packed module)"
        NODE_PATH="$fresh/node_modules" node "$ex" >/dev/null
    done
    note "README.md's Node example (require('apisec') finds the packed module)"
    local d
    d="$(readme_dir)"
    python3 "$ROOT/scripts/readme_example.py" js "$d/readme.js"
    (cd "$d" && NODE_PATH="$fresh/node_modules" node readme.js >/dev/null)
}

section_c() {
    local out="$WORK/c" cflags=(-std=c11 -Wall -Wextra -Werror -I"$ROOT/include")
    local static_libs=(-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)
    mkdir -p "$out"
    cargo build --locked -p apisec-ffi
    note "compile and link statically and dynamically"
    gcc "${cflags[@]}" apisec-ffi/tests/c/api_test.c "$DEBUG/libapisec.a" "${static_libs[@]}" -o "$out/api_test_static"
    gcc "${cflags[@]}" apisec-ffi/tests/c/api_test.c -L"$DEBUG" -lapisec -Wl,-rpath,"$DEBUG" -o "$out/api_test_dynamic"
    gcc "${cflags[@]}" examples/c/example.c "$DEBUG/libapisec.a" "${static_libs[@]}" -o "$out/example_static"
    gcc "${cflags[@]}" examples/c/example.c -L"$DEBUG" -lapisec -Wl,-rpath,"$DEBUG" -o "$out/example_dynamic"
    local ex
    for ex in examples/c/*.c; do
        gcc "${cflags[@]}" "$ex" "$DEBUG/libapisec.a" "${static_libs[@]}" -o "$out/$(basename "$ex" .c)"
    done
    note "README.md's C example (dynamic link, run under valgrind)"
    local d
    d="$(readme_dir)"
    python3 scripts/readme_example.py c "$d/readme.c"
    gcc "${cflags[@]}" "$d/readme.c" -L"$DEBUG" -lapisec -Wl,-rpath,"$DEBUG" -o "$out/readme_c"
    (cd "$d" && valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect "$out/readme_c" >/dev/null)
    note "C++ compile of the header"
    g++ -std=c++17 -Wall -Wextra -Werror -I"$ROOT/include" apisec-ffi/tests/c/header_cpp.cpp \
        -L"$DEBUG" -lapisec -Wl,-rpath,"$DEBUG" -o "$out/header_cpp"
    "$out/header_cpp"
    note "run (static)"
    "$out/api_test_static"
    "$out/example_static" tests/conformance/inventory/records.jsonl >/dev/null
    note "run under valgrind memcheck (dynamic)"
    local vg=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect)
    "${vg[@]}" "$out/api_test_dynamic"
    "${vg[@]}" "$out/example_dynamic" >/dev/null
    "${vg[@]}" "$out/example_dynamic" tests/conformance/har/records.har >/dev/null
    note "conformance vectors"
    local case
    for case in $(conformance_cases); do
        "$out/api_test_static" conformance "$case" >"$out/got.json"
        json_equal "$out/got.json" "$case/expected.json"
        echo "conformance $(basename "$case"): ok"
    done
}

section_openapi() {
    local venv="$WORK/openapi-venv" out="$WORK/openapi"
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/pip" show openapi-spec-validator 2>/dev/null | grep -q "^Version: $OPENAPI_VALIDATOR_VERSION\$"; then
        note "installing openapi-spec-validator $OPENAPI_VALIDATOR_VERSION into $venv"
        rm -rf "$venv"
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet "openapi-spec-validator==$OPENAPI_VALIDATOR_VERSION"
    fi
    cargo build --locked -p apisec-cli
    rm -rf "$out"
    mkdir -p "$out"
    note "apisec openapi on the demo traffic and on every conformance input"
    "$DEBUG/apisec" openapi examples/data/demo.jsonl >"$out/demo.json"
    local case docs=("$out/demo.json")
    for case in $(conformance_cases); do
        local input="$case/records.jsonl"
        [ -f "$input" ] || input="$case/records.har"
        local policy=()
        [ -f "$case/policy.json" ] && policy=(--policy "$case/policy.json")
        "$DEBUG/apisec" openapi "${policy[@]}" "$input" >"$out/cli-$(basename "$case").json"
        docs+=("$out/cli-$(basename "$case").json")
        # The export every binding must reproduce (with the case's policy).
        python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["openapi"], open(sys.argv[2], "w"))' \
            "$case/expected.json" "$out/expected-$(basename "$case").json"
        docs+=("$out/expected-$(basename "$case").json")
    done
    "$venv/bin/python" scripts/check_openapi.py "${docs[@]}"
    note "the validator rejects a broken document (so a pass above means something)"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["paths"]={"no-leading-slash":{"get":{}}}; d.pop("info"); json.dump(d, open(sys.argv[2], "w"))' \
        "$out/demo.json" "$out/broken.json"
    if "$venv/bin/python" scripts/check_openapi.py "$out/broken.json" 2>/dev/null; then
        echo "check_openapi.py accepted a document without info: the check is broken" >&2
        return 1
    fi
}

section_fuzz() {
    note "replay the seed corpus"
    cargo test --locked -p apisec-core --test fuzz_corpus
    if cargo fuzz --version >/dev/null 2>&1; then
        local t
        for t in ingest_json har; do
            note "cargo fuzz run -s none $t for ${FUZZ_SECONDS}s"
            local scratch="$WORK/fuzz-$t"
            rm -rf "$scratch"
            mkdir -p "$scratch"
            # New inputs go to the scratch dir (first), never into the committed corpus.
            (cd fuzz && env -u CARGO_BUILD_TARGET -u CARGO_TARGET_DIR cargo fuzz run -s none "$t" "$scratch" "corpus/$t" -- \
                -max_total_time="$FUZZ_SECONDS")
        done
    else
        note "cargo-fuzz not installed: corpus replayed, no fuzzing run (cargo install cargo-fuzz to add it)"
    fi
}

section_package() {
    cargo package -p apisec-core --locked --allow-dirty
}

# ---------------------------------------------------------------------------------------
ALL=(fmt clippy rust python node c openapi fuzz package)
if [ "$#" -gt 0 ]; then SECTIONS=("$@"); else SECTIONS=("${ALL[@]}"); fi

passed=0
failed=0
failures=()
start_all=$SECONDS
for s in "${SECTIONS[@]}"; do
    if ! declare -F "section_$s" >/dev/null; then
        echo "unknown section '$s' (known: ${ALL[*]})" >&2
        exit 2
    fi
    banner "$s"
    start=$SECONDS
    # A subshell with errexit: the section stops at its first failing command, and the
    # script goes on to the next section.
    (
        set -euo pipefail
        "section_$s"
    )
    rc=$?
    if [ "$rc" -eq 0 ]; then
        passed=$((passed + 1))
        note "$s: ok ($((SECONDS - start)) s)"
    else
        failed=$((failed + 1))
        failures+=("$s")
        note "$s: FAILED with exit code $rc ($((SECONDS - start)) s)"
    fi
done

echo
if [ "$failed" -gt 0 ]; then
    echo "failed sections: ${failures[*]}"
fi
echo "elapsed: $((SECONDS - start_all)) s"
echo "summary: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
