#!/usr/bin/env bash
# Benchmark `mailaudit check --domains-file` over N generated domains (default
# 1000) served by the loopback test DNS server. Prints domains/second for the
# default concurrency and, as the baseline measured in the same run, for
# --concurrency 1; the ratio shows what bounded concurrency buys.
# Usage: benches/check.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
work=$(mktemp -d)
server_pid=
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT
cargo build --release --quiet --bin mailaudit --example zone_server
python3 benches/gen_check_zones.py "$n" "$work"
target/release/examples/zone_server 127.0.0.1:0 "$work/bench.zone" > "$work/addr" &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/addr" ] && break; sleep 0.1; done
addr=$(cat "$work/addr")

run() { # $1: extra args; prints seconds
  local start end
  start=$(python3 -c "import time;print(time.time())")
  target/release/mailaudit check --domains-file "$work/domains.txt" --nameserver "$addr" \
    --no-blocklists --format json $1 > "$work/out.json" || [ $? -le 3 ]
  end=$(python3 -c "import time;print(time.time())")
  python3 -c "print($end - $start)"
}
base=$(run "--concurrency 1")
fast=$(run "")
checked=$(python3 -c "import json;print(len(json.load(open('$work/out.json'))['domains']))")
python3 - "$n" "$base" "$fast" "$checked" <<'PY'
import sys
n, base, fast, checked = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
print(f"domains checked:            {checked}")
print(f"baseline (--concurrency 1): {base:.2f} s  = {n/base:.0f} domains/s")
print(f"default concurrency:        {fast:.2f} s  = {n/fast:.0f} domains/s")
print(f"speed-up over baseline:     {base/fast:.1f}x")
PY
