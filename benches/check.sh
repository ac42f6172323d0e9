#!/usr/bin/env bash
# Benchmark `mailaudit check --domains-file` over N generated domains (default
# 1000: SPF with includes, DMARC, a DKIM key, MX each) served by the loopback
# test DNS server, in two settings:
#   - loopback: answers at once, so the run is bound by CPU (client and server
#     share this machine's cores);
#   - 10 ms RTT: every UDP answer is held back 10 ms, as across a network, so
#     the run is bound by latency, as real audits are.
# In each, the baseline measured in the same run is --concurrency 1; the
# default concurrency is compared with it.
# Usage: benches/check.sh [N] [DELAY_MS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
delay_ms=${2:-10}
work=$(mktemp -d)
server_pid=
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT
cargo build --release --quiet --bin mailaudit --example zone_server
python3 benches/gen_check_zones.py "$n" "$work"

now() { python3 -c "import time;print(time.time())"; }

start_server() { # $1: delay in ms
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  : > "$work/addr"
  target/release/examples/zone_server 127.0.0.1:0 --delay-ms "$1" "$work/bench.zone" > "$work/addr" &
  server_pid=$!
  for _ in $(seq 50); do [ -s "$work/addr" ] && break; sleep 0.1; done
  addr=$(cat "$work/addr")
}

run() { # $1: extra args; prints seconds
  local start end
  start=$(now)
  target/release/mailaudit check --domains-file "$work/domains.txt" --nameserver "$addr" \
    --no-config --no-blocklists --format json $1 > "$work/out.json" || [ $? -le 3 ]
  end=$(now)
  python3 -c "print($end - $start)"
}

report() { # $1: label, $2: baseline seconds, $3: default seconds
  python3 - "$n" "$1" "$2" "$3" "$work/out.json" <<'PY'
import sys, json
n, label, base, fast, out = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
d = json.load(open(out))
failed = sum(1 for x in d["domains"] for f in x["findings"] if f["code"] == "dns.temperror")
print(f"{label}: {len(d['domains'])} domains, {failed} failed lookups")
print(f"  baseline --concurrency 1: {base:6.2f} s = {n/base:5.0f} domains/s")
print(f"  default concurrency:      {fast:6.2f} s = {n/fast:5.0f} domains/s  ({base/fast:.2f}x the baseline)")
PY
}

start_server 0
base=$(run "--concurrency 1"); fast=$(run "")
report "loopback" "$base" "$fast"
start_server "$delay_ms"
base=$(run "--concurrency 1"); fast=$(run "")
report "${delay_ms} ms RTT" "$base" "$fast"
