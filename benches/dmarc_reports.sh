#!/usr/bin/env bash
# Benchmark: summarise N DMARC aggregate reports (default 10,000) with
# `mailaudit dmarc-reports`, against a baseline measured in the same run: a
# minimal Python summariser (gunzip/unzip + xml.etree; per-source and
# per-organisation counts; JSON out) over the same files. Prints wall and CPU
# time of both, and the ratios. Both tools must agree on the message total.
#
#   benches/dmarc_reports.sh [N]
set -euo pipefail
N="${1:-10000}"
cd "$(dirname "$0")/.."
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

python3 - "$WORK/reports" "$N" <<'PY'
import gzip, io, os, random, sys, zipfile
out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out)
rnd = random.Random(7)
orgs = ["google.com", "Enterprise Outlook", "Yahoo", "Mail.Ru", "comcast.net", "web.de"]
def record(ip, count, ok):
    res = "pass" if ok else "fail"
    return (f"<record><row><source_ip>{ip}</source_ip><count>{count}</count><policy_evaluated>"
            f"<disposition>{'none' if ok else 'quarantine'}</disposition><dkim>{res}</dkim><spf>{res}</spf>"
            f"</policy_evaluated></row><identifiers><header_from>example.com</header_from></identifiers>"
            f"<auth_results><dkim><domain>example.com</domain><selector>s1</selector><result>{res}</result></dkim>"
            f"<spf><domain>example.com</domain><scope>mfrom</scope><result>{res}</result></spf></auth_results></record>")
for i in range(n):
    org = orgs[i % len(orgs)]
    recs = "".join(record(f"198.51.{rnd.randrange(256)}.{rnd.randrange(256)}", rnd.randrange(1, 500), rnd.random() < 0.8)
                   for _ in range(rnd.randrange(3, 30)))
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><feedback><version>1.0</version><report_metadata>'
           f'<org_name>{org}</org_name><email>dmarc@{org}</email><report_id>{i}</report_id><date_range>'
           f'<begin>{1790000000 + i * 60}</begin><end>{1790086400 + i * 60}</end></date_range></report_metadata>'
           f'<policy_published><domain>example.com</domain><adkim>r</adkim><aspf>r</aspf><p>quarantine</p>'
           f'<sp>quarantine</sp><pct>100</pct></policy_published>{recs}</feedback>').encode()
    kind = i % 10
    base = f"{out}/{org}!example.com!{i}"
    if kind < 6:
        open(base + ".xml.gz", "wb").write(gzip.compress(xml, mtime=0))
    elif kind < 9:
        open(base + ".xml", "wb").write(xml)
    else:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(os.path.basename(base) + ".xml", xml)
        open(base + ".zip", "wb").write(buf.getvalue())
PY

cargo build --release --quiet
BIN=target/release/mailaudit
du -sh "$WORK/reports" | sed 's/^/input: /'

# /usr/bin/time: wall, user and system seconds of each run (the machine is
# shared, so CPU time is shown next to wall time).
/usr/bin/time -f "%e %U %S" -o "$WORK/ours.time" \
  "$BIN" dmarc-reports "$WORK/reports" --format json > "$WORK/out.json"
cat > "$WORK/baseline.py" <<'PY'
# A minimal summariser: per source IP and per organisation, messages and DMARC
# pass/fail (less than mailaudit does: no categories, alignment, dispositions
# or duplicate detection).
import gzip, io, json, os, sys, zipfile
import xml.etree.ElementTree as ET
total, sources, orgs = 0, {}, {}
for name in sorted(os.listdir(sys.argv[1])):
    data = open(os.path.join(sys.argv[1], name), "rb").read()
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    elif name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            data = z.read(z.namelist()[0])
    root = ET.fromstring(data)
    org = root.findtext("report_metadata/org_name")
    for rec in root.iter("record"):
        n = int(rec.findtext("row/count"))
        ok = "pass" in (rec.findtext("row/policy_evaluated/dkim"), rec.findtext("row/policy_evaluated/spf"))
        s = sources.setdefault(rec.findtext("row/source_ip"), [0, 0])
        s[0] += n
        s[1] += n if ok else 0
        orgs[org] = orgs.get(org, 0) + n
        total += n
json.dump({"sources": sources, "orgs": orgs}, open(os.devnull, "w"), indent=2)
print(total)
PY
/usr/bin/time -f "%e %U %S" -o "$WORK/base.time" \
  python3 "$WORK/baseline.py" "$WORK/reports" > "$WORK/baseline.txt"

python3 - "$WORK/out.json" "$WORK/baseline.txt" "$N" "$WORK/ours.time" "$WORK/base.time" <<'PY'
import json, sys
out = json.load(open(sys.argv[1]))["dmarc_reports"]
baseline_total = int(open(sys.argv[2]).read())
n = int(sys.argv[3])
ours_wall, ours_user, ours_sys = map(float, open(sys.argv[4]).read().split()[-3:])
base_wall, base_user, base_sys = map(float, open(sys.argv[5]).read().split()[-3:])
ours, base = ours_wall, base_wall
assert out["reports"] == n, (out["reports"], n)
assert out["totals"]["messages"] == baseline_total, (out["totals"]["messages"], baseline_total)
print(f"reports: {n}, messages: {baseline_total} (both tools agree)")
print(f"mailaudit dmarc-reports: {ours:.2f} s wall ({n / ours:.0f} reports/s), {ours_user + ours_sys:.2f} s CPU")
print(f"baseline (python xml.etree): {base:.2f} s wall, {base_user + base_sys:.2f} s CPU")
print(f"ratio mailaudit/baseline: {ours / base:.2f} wall, {(ours_user + ours_sys) / (base_user + base_sys):.2f} CPU")
print("target: under 10 s for 10,000 reports:", "met" if n < 10000 or ours < 10 else "NOT met")
PY
