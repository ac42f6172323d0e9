#!/usr/bin/env bash
# Benchmark `mailaudit check --domains-file` over N generated domains (default
# 1000: SPF with includes, DMARC, a DKIM key, MX each; the full built-in
# selector list is tried) served by the loopback test DNS server, in two
# settings:
#   - loopback: answers at once, so the run is bound by CPU (client and server
#     share this machine's cores);
#   - DELAY_MS RTT: every UDP answer is held back, as across a network, so the
#     run is bound by latency, as real audits are.
# In each, the baselines measured in the same run are --concurrency 1 and,
# on loopback, checkdmarc (sequential, on the first CD_N domains: it takes
# about a second per 30 domains) when it is installed: set CHECKDMARC to its
# path, or have `checkdmarc` on PATH. checkdmarc only asks port 53, so the
# server then listens on 127.77.0.1:53 (needs root or CAP_NET_BIND_SERVICE).
# Also printed: peak RSS of each mailaudit run, and whether the default run's
# JSON is identical to the --concurrency 1 run's.
# When NSD is installed (set NSD to its path, or have `nsd` on PATH or in
# /usr/sbin), the loopback run is measured twice: against NSD (the issue's
# own setup; it takes less of the shared cores) and against zone_server.
# The delay run always uses zone_server (NSD cannot hold answers back).
# Usage: benches/check.sh [N] [DELAY_MS]     (e.g. benches/check.sh 10000 10)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
delay_ms=${2:-10}
cd_n=${CD_N:-100}
checkdmarc=${CHECKDMARC:-$(command -v checkdmarc || true)}
nsd=${NSD:-$(command -v nsd || { [ -x /usr/sbin/nsd ] && echo /usr/sbin/nsd; } || true)}
work=$(mktemp -d)
server_pid=
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT
cargo build --release --quiet --bin mailaudit --example zone_server
python3 benches/gen_check_zones.py "$n" "$work"
head -n "$cd_n" "$work/domains.txt" > "$work/cd_domains.txt"
bind=127.0.0.1:0
[ -n "$checkdmarc" ] && bind=127.77.0.1:53

# Bash's own clock: starting python for it added about 0.1 s to every timing.
now() { echo "$EPOCHREALTIME"; }

stop_server() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  server_pid=
}

start_server() { # $1: delay in ms
  stop_server
  : > "$work/addr"
  target/release/examples/zone_server "$bind" --delay-ms "$1" "$work/bench.zone" > "$work/addr" &
  server_pid=$!
  for _ in $(seq 50); do [ -s "$work/addr" ] && break; sleep 0.1; done
  addr=$(cat "$work/addr")
  [ -n "$addr" ] || { echo "the zone server did not start on $bind" >&2; exit 1; }
}

start_nsd() { # the same zone, served by NSD in the foreground as the current user
  stop_server
  local ip=${bind%:*} port=${bind##*:}
  [ "$port" = 0 ] && port=$(python3 -c "import socket;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind(('$ip',0));print(s.getsockname()[1])")
  # No response rate limiting: one client asking thousands of names a second
  # is the point here, and RRL would turn it into timeouts.
  cat > "$work/nsd.conf" <<EOF
server:
  ip-address: $ip@$port
  port: $port
  username: ""
  chroot: ""
  zonesdir: "$work"
  pidfile: "$work/nsd.pid"
  database: ""
  zonelistfile: "$work/zone.list"
  xfrdfile: "$work/xfrd.state"
  xfrdir: "$work"
  logfile: "$work/nsd.log"
  server-count: 1
  verbosity: 0
  rrl-ratelimit: 0
  rrl-whitelist-ratelimit: 0
remote-control:
  control-enable: no
zone:
  name: "test"
  zonefile: "bench.zone"
EOF
  "$nsd" -d -c "$work/nsd.conf" > "$work/nsd.out" 2>&1 &
  server_pid=$!
  addr=$ip:$port
  for _ in $(seq 50); do grep -q "nsd started" "$work/nsd.out" "$work/nsd.log" 2>/dev/null && return; sleep 0.1; done
  echo "NSD did not start on $addr: $(cat "$work/nsd.out")" >&2
  exit 1
}

run() { # $1: output name, $2: extra args; writes $work/$1.json and $work/$1.time (seconds, peak KB)
  local start end
  start=$(now)
  /usr/bin/time -f "%M" -o "$work/$1.rss" target/release/mailaudit check --domains-file "$work/domains.txt" \
    --nameserver "$addr" --no-config --no-blocklists --format json $2 > "$work/$1.json" || [ $? -le 3 ]
  end=$(now)
  echo "$start $end $(tail -1 "$work/$1.rss")" > "$work/$1.time"
}

run_checkdmarc() { # writes $work/checkdmarc.time
  local start end
  start=$(now)
  # The domains file goes first: -n and -o take several values and would
  # swallow it, and checkdmarc would only print its usage.
  "$checkdmarc" "$work/cd_domains.txt" -n "${addr%:*}" -f json -o "$work/checkdmarc.json" \
    > /dev/null 2>&1 || true
  end=$(now)
  echo "$start $end" > "$work/checkdmarc.time"
}

report() { # $1: label, $2: with checkdmarc (0/1)
  python3 - "$n" "$cd_n" "$1" "$2" "$work" <<'PY'
import sys, json, os
n, cd_n, label, with_cd, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4] == "1", sys.argv[5]
def timing(name):
    start, end, *rss = open(os.path.join(work, name + ".time")).read().split()
    return float(end) - float(start), (int(rss[0]) if rss else None)
base, base_rss = timing("baseline")
fast, fast_rss = timing("default")
runs = {name: open(os.path.join(work, name + ".json")).read() for name in ("baseline", "default")}
d = json.loads(runs["default"])
failed = sum(1 for x in d["domains"] for f in x["findings"] if f["code"] == "dns.temperror")
same = "identical" if runs["baseline"] == runs["default"] else "DIFFERENT"
print(f"{label}: {len(d['domains'])} domains, {failed} failed lookups, default output {same} to --concurrency 1")
print(f"  mailaudit --concurrency 1: {base:7.2f} s = {n/base:6.0f} domains/s  peak RSS {base_rss/1024:5.0f} MB")
print(f"  mailaudit default:         {fast:7.2f} s = {n/fast:6.0f} domains/s  peak RSS {fast_rss/1024:5.0f} MB"
      f"  ({base/fast:.1f}x --concurrency 1)")
if with_cd:
    cd, _ = timing("checkdmarc")
    try:
        cd_done = len(json.load(open(os.path.join(work, "checkdmarc.json"))))
    except (OSError, ValueError):
        cd_done = 0
    if cd_done != cd_n:
        sys.exit(f"checkdmarc reported {cd_done} of {cd_n} domains: its figure would mean nothing")
    cd_rate = cd_n / cd
    print(f"  checkdmarc ({cd_n} domains):  {cd:7.2f} s = {cd_rate:6.0f} domains/s"
          f"  (mailaudit default: {n/fast/cd_rate:.0f}x checkdmarc)")
PY
}

# The machine may be shared: the load next to the figures says how far to trust them.
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
with_cd=0
if [ -n "$nsd" ]; then
  start_nsd
  run baseline "--concurrency 1"; run default ""
  if [ -n "$checkdmarc" ]; then run_checkdmarc; with_cd=1; fi
  report "loopback, NSD" "$with_cd"
fi
start_server 0
run baseline "--concurrency 1"; run default ""
# checkdmarc again against this server: each ratio compares runs on the same server.
if [ -n "$checkdmarc" ]; then run_checkdmarc; with_cd=1; fi
report "loopback, zone_server" "$with_cd"
start_server "$delay_ms"
run baseline "--concurrency 1"; run default ""
report "${delay_ms} ms RTT" 0
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
