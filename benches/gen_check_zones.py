#!/usr/bin/env python3
"""Generate a zone with N sending domains for the `check` benchmark.

Each domain has an SPF record with two includes (one shared provider chain,
one of its own), a DMARC record, a DKIM key at selector s1 and an MX host.
Usage: gen_check_zones.py N OUTDIR  -> OUTDIR/bench.zone, OUTDIR/domains.txt
"""
import sys, os, base64

n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
# A syntactically valid 2048-bit RSA SubjectPublicKeyInfo: fixed header + a
# deterministic 256-byte modulus (odd, top bit set) + exponent 65537.
modulus = bytes([0xC0 | 1]) + bytes((i * 37 + 11) % 256 for i in range(254)) + bytes([0x01])
rsa_pub = b"\x30\x82\x01\x0a\x02\x82\x01\x01\x00" + modulus + b"\x02\x03\x01\x00\x01"
bitstr = b"\x03\x82\x01\x0f\x00" + rsa_pub
algo = bytes.fromhex("300d06092a864886f70d0101010500")
spki_body = algo + bitstr
spki = b"\x30\x82" + len(spki_body).to_bytes(2, "big") + spki_body
key = base64.b64encode(spki).decode()
key_parts = " ".join('"%s"' % key[i:i + 200] for i in range(0, len(key), 200))

lines = ["$ORIGIN test.", "$TTL 300",
         "@ IN SOA ns.test. hostmaster.test. 1 3600 600 86400 300",
         '_spf.provider IN TXT "v=spf1 include:_netblocks.provider.test ~all"',
         '_netblocks.provider IN TXT "v=spf1 ip4:203.0.113.0/24 ip6:2001:db8:1::/48 ~all"']
domains = []
for i in range(n):
    d = "d%04d" % i
    domains.append(d + ".test")
    lines += [
        '%s IN TXT "v=spf1 include:_spf.provider.test include:_spf.%s.test ip4:192.0.2.%d -all"' % (d, d, i % 250),
        '_spf.%s IN TXT "v=spf1 ip4:198.51.100.%d -all"' % (d, i % 250),
        '_dmarc.%s IN TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@%s.test"' % (d, d),
        's1._domainkey.%s IN TXT "v=DKIM1; k=rsa; p=" %s' % (d, key_parts),
        '%s IN MX 10 mx.%s.test.' % (d, d),
        'mx.%s IN A 192.0.2.%d' % (d, i % 250),
    ]
open(os.path.join(out, "bench.zone"), "w").write("\n".join(lines) + "\n")
open(os.path.join(out, "domains.txt"), "w").write("\n".join(domains) + "\n")
