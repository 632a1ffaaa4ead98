#!/usr/bin/env bash
# The numbers of `xfdesk backup` and `xfdesk restore` on the database of
# core.sh (300,000 petitioners, 1,000,000 contacts): wall time, peak RSS, the
# backup's size, and the time `xfdesk check` takes of the restore. The
# database is copied first: a backup leaves an audit entry in it. The exports
# of the copy and of the restored database must be the same bytes.
# Usage: benches/backup.sh [DB]   (default bench-data/db-300000-1000000;
# work files in $XFDESK_BENCH_WORK, default bench-data/backup/)
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=${1:-bench-data/db-300000-1000000}
WORK=${XFDESK_BENCH_WORK:-bench-data/backup}
cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-target}/release/xfdesk
rm -rf "$WORK"
mkdir -p "$WORK"
cp -r "$SRC" "$WORK/db"
sync
timed() {
    local what=$1
    shift
    /usr/bin/time -f "$what: %e s wall, peak RSS %M KiB" "$@"
}
timed backup "$BIN" --lang en --db "$WORK/db" backup "$WORK/backup.jsonl"
echo "backup file: $(stat -c %s "$WORK/backup.jsonl") bytes ($(( $(stat -c %s "$WORK/backup.jsonl") / 1048576 )) MiB), $(wc -l < "$WORK/backup.jsonl") lines"
# The same through a running server (the backup streams over its socket).
"$BIN" --db "$WORK/db" serve --socket "$WORK/db.sock" 2> "$WORK/serve.log" &
server=$!
for _ in $(seq 100); do [ -S "$WORK/db.sock" ] && break; sleep 0.1; done
timed "backup through xfdesk serve" "$BIN" --lang en --db "$WORK/db" --socket "$WORK/db.sock" backup "$WORK/served.jsonl" >/dev/null
kill -TERM "$server"
wait "$server"
sync
timed restore "$BIN" --lang en --db "$WORK/restored" restore "$WORK/backup.jsonl"
echo "restored database: $(du -sm "$WORK/restored" | cut -f1) MiB on disk (the copy: $(du -sm "$WORK/db" | cut -f1) MiB)"
timed "check (part of the restore)" "$BIN" --lang en --db "$WORK/restored" check
"$BIN" --db "$WORK/db" export --out "$WORK/before.jsonl" 2>/dev/null
"$BIN" --db "$WORK/restored" export --out "$WORK/after.jsonl" 2>/dev/null
cmp "$WORK/before.jsonl" "$WORK/after.jsonl" && echo "exports of the copy and of the restored database: the same bytes"
