#!/bin/sh
# Run the structured fuzz suite (tests/fuzz.rs) for longer than `cargo test`
# does: FUZZ_CASES cases per property (default 20000), release mode.
# Usage: fuzz/run.sh [CASES]
set -eu
cd "$(dirname "$0")/.."
FUZZ_CASES=${1:-20000} cargo test --release --test fuzz -- --test-threads 2
