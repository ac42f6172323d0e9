#!/bin/sh
# Time from start to the end of planning for a large domains file and config
# (issue 14 point 12: it was quadratic: 64 s at 80k domains). The last entry
# is invalid, so the run stops with a usage error right after planning and
# sends no DNS query. Usage: benches/planning.sh [N] [BINARY]
set -eu
N=${1:-100000}
BIN=${2:-target/release/mailaudit}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
i=0
{
    while [ "$i" -lt "$N" ]; do echo "d$i.example.com"; i=$((i + 1)); done
    echo "not a domain!"
} > "$DIR/domains.txt"
{
    echo 'domains = ['
    sed '$d; s/.*/  "&",/' "$DIR/domains.txt"
    echo '  "not a domain!",'
    echo ']'
} > "$DIR/mailaudit.toml"
echo "domains file, $N domains:"
/usr/bin/time -f "  %e s, %M KB peak" "$BIN" check --no-config --domains-file "$DIR/domains.txt" --nameserver 127.0.0.1:9 >/dev/null 2>"$DIR/err" || true
tail -n 1 "$DIR/err"
echo "config file, $N domains (parse and duplicate check; the invalid entry stops it there):"
/usr/bin/time -f "  %e s, %M KB peak" "$BIN" check --config "$DIR/mailaudit.toml" --nameserver 127.0.0.1:9 >/dev/null 2>"$DIR/err" || true
tail -n 1 "$DIR/err"
