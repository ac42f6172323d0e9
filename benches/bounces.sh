#!/usr/bin/env bash
# Benchmark `mailaudit bounces` on a generated mbox of 100,000 bounces.
# Reports messages/second and peak memory (max RSS) for:
#   - baseline: `cat` of the mbox (the cost of reading the bytes),
#   - a single-thread run (--threads 1),
#   - the default parallel run (one worker per core),
# all measured in this same run, so ratios are comparable across machines.
# With MAILAUDIT_BEFORE=/path/to/older/mailaudit, that binary is measured in
# the same run too (to compare a change with the code before it); with
# Sisimai installed (perl -MSisimai), Sisimai is measured on the same mbox.
# Usage: benches/bounces.sh [N] [WORKDIR]
set -euo pipefail
N="${1:-100000}"
WORK="${2:-${TMPDIR:-/tmp}/mailaudit-bench}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$WORK"
MBOX="$WORK/bounces-$N.mbox"

cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
BIN="$ROOT/target/release/mailaudit"
[ -f "$MBOX" ] || python3 "$ROOT/benches/gen_bounces_mbox.py" "$N" "$MBOX"
SIZE_MB=$(( $(stat -c %s "$MBOX") / 1024 / 1024 ))
echo "mbox: $MBOX ($N messages, ${SIZE_MB} MiB), cores: $(nproc)"
cat "$MBOX" > /dev/null  # warm the page cache for every contender alike

measure() {  # label, command...
    local label="$1"; shift
    local stats="$WORK/time.txt"
    /usr/bin/time -f "%e %M" -o "$stats" "$@" > /dev/null 2> "$WORK/stderr.txt" || true
    read -r secs kb < "$stats"
    local rate
    rate=$(awk -v n="$N" -v s="$secs" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "inf" }')
    printf "%-28s %8.2f s  %10s msgs/s  peak RSS %6.1f MB\n" "$label" "$secs" "$rate" "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')"
}

measure "baseline: cat" cat "$MBOX"
measure "bounces --threads 1" "$BIN" bounces "$MBOX" --format jsonl --threads 1
measure "bounces (all cores)" "$BIN" bounces "$MBOX" --format jsonl
measure "bounces text summary" "$BIN" bounces "$MBOX"
if [ -n "${MAILAUDIT_BEFORE:-}" ]; then
    measure "before: bounces (all cores)" "$MAILAUDIT_BEFORE" bounces "$MBOX" --format jsonl
fi
if perl -MSisimai -e 1 2>/dev/null; then
    measure "sisimai" perl -MSisimai -e 'my $v = Sisimai->rise($ARGV[0]); print scalar(@$v), "\n"' "$MBOX"
fi
