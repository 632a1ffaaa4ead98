#!/usr/bin/env bash
# The numbers of the core store at 300,000 petitioners and 1,000,000 contacts:
# import throughput, size on disk against the export, in-process lookup
# latency, the desk screens (keystroke to frame, bytes to the terminal, start-up
# to first frame), a year's scorecard and statistics, registration latency with its flush, lookups
# and registrations through `xfdesk serve` with 20 clients, and a whole `xfdesk lookup` process
# (time and peak RSS).
# Usage: benches/core.sh [PETITIONERS CONTACTS]   (data goes to bench-data/)
set -euo pipefail
cd "$(dirname "$0")/.."
P=${1:-300000}
C=${2:-1000000}
DIR=bench-data
mkdir -p "$DIR"
cargo build --release --quiet
BIN=target/release/xfdesk
DATA="$DIR/gen-$P-$C.jsonl"
DB="$DIR/db-$P-$C"

ms() { date +%s%N; }
if [ ! -f "$DATA" ]; then
    t=$(ms); $BIN gen --petitioners "$P" --contacts "$C" --seed 1 --out "$DATA"
    echo "gen: $(( ($(ms) - t) / 1000000 )) ms, $(du -m "$DATA" | cut -f1) MiB"
fi
rm -rf "$DB"
$BIN --db "$DB" init >/dev/null
lines=$(grep -c . "$DATA")
t=$(ms)
/usr/bin/time -f "import peak RSS: %M KiB" $BIN --db "$DB" import "$DATA"
elapsed=$(( $(ms) - t ))
echo "import: $lines records in $(( elapsed / 1000000 )) ms = $(( lines * 1000000000 / elapsed )) records/s"
$BIN --db "$DB" export --out "$DIR/export.jsonl" 2>/dev/null
echo "size: database $(du -sm "$DB" | cut -f1) MiB on disk, export $(du -m "$DIR/export.jsonl" | cut -f1) MiB"
t=$(ms)
$BIN --db "$DB" compact
echo "compact: $(( ($(ms) - t) / 1000000 )) ms; database $(du -sm "$DB" | cut -f1) MiB on disk (16 MiB of it the reserve)"

XFDESK_BENCH_DB="$DB" cargo bench --quiet --bench lookup
XFDESK_BENCH_DB="$DB" cargo bench --quiet --bench tui
XFDESK_BENCH_DB="$DB" cargo bench --quiet --bench report
# Writes 1,000 contacts into the database built above: after the read-only benches.
XFDESK_BENCH_DB="$DB" cargo bench --quiet --bench register
# Through `xfdesk serve`, 20 clients at once; writes about 3,200 more contacts.
XFDESK_BENCH_DB="$DB" cargo bench --quiet --bench serve

# A whole process: open, look up, print, exit.
name=$(grep -m1 '"type":"petitioner"' "$DATA" | sed 's/.*"name":"\([^"]*\)".*/\1/')
python3 - "$BIN" "$DB" "$name" <<'PY'
import os, subprocess, sys, time
binary, db, name = sys.argv[1:4]
runs = []
for _ in range(30):
    t = time.perf_counter()
    p = subprocess.Popen([binary, "--db", db, "lookup", name], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    runs.append(((time.perf_counter() - t) * 1000, usage.ru_maxrss))
    assert status == 0, status
ms = sorted(r[0] for r in runs)
print(f"xfdesk lookup {name} (whole process, 30 runs): p50 {ms[15]:.1f} ms, p99 {ms[-1]:.1f} ms, peak RSS {max(r[1] for r in runs) / 1024:.1f} MiB")
PY
