#!/usr/bin/env bash
# Time `mailaudit check` on hostile SPF trees served by the loopback test DNS
# server: a 40 kB record of 2,000 `a:` terms, a 100-deep include chain and a
# wide tree (10 includes x 8 `a:` terms). Prints wall time, peak memory and
# what the SPF section reported. Usage: benches/spf_hostile.sh [--release]
set -euo pipefail
cd "$(dirname "$0")/.."
profile=debug
flags=()
if [ "${1:-}" = "--release" ]; then profile=release; flags=(--release); fi
work=$(mktemp -d)
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT
cargo build "${flags[@]}" --quiet --bin mailaudit --example zone_server
python3 - "$work/hostile.zone" <<'PY'
import sys
rec = "v=spf1 " + " ".join("a:h%d.hostile.test" % i for i in range(2000)) + " -all"
parts = [rec[i:i + 255] for i in range(0, len(rec), 255)]
lines = ["$ORIGIN hostile.test.", "$TTL 300",
         "@ IN SOA ns.hostile.test. h.hostile.test. 1 3600 600 86400 300",
         "many IN TXT " + " ".join('"%s"' % p for p in parts)]
for i in range(100):
    lines.append('d%d IN TXT "v=spf1 include:d%d.hostile.test -all"' % (i, i + 1))
lines.append('wide IN TXT "v=spf1 %s -all"' % " ".join("include:w%d.hostile.test" % i for i in range(10)))
for i in range(10):
    lines.append('w%d IN TXT "v=spf1 %s -all"' % (i, " ".join("a:a%d-%d.hostile.test" % (i, j) for j in range(8))))
    for j in range(8):
        lines.append("a%d-%d IN A 192.0.2.%d" % (i, j, j))
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
"target/$profile/examples/zone_server" 127.0.0.1:0 "$work/hostile.zone" > "$work/addr" &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/addr" ] && break; sleep 0.1; done
addr=$(cat "$work/addr")
for d in many.hostile.test d0.hostile.test wide.hostile.test; do
  /usr/bin/time -f "$d: %e s wall, %M kB peak" "target/$profile/mailaudit" check "$d" --nameserver "$addr" \
    --no-blocklists --format json --ip 192.0.2.1 > "$work/out.json" || [ $? -le 3 ]
  python3 - "$work/out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["domains"][0]
s = d["spf"]
codes = sorted({f["code"] for f in d["findings"] if f["code"].startswith("spf.")})
print(f"  lookup_count={s['lookup_count']} walk_truncated={s['walk_truncated']} "
      f"--ip result={s['ip_evaluations'][0]['result']} findings={codes}")
PY
done
