#!/usr/bin/env bash
# Crash and concurrency run by hand, compared through `timeline export --format json`.
#
#   scripts/crash_run.sh [N] [BACKEND]      N documents (default 300); BACKEND sqlite (default) or postgresql
#
# 1. one clean ingest of N generated articles                      -> clean.json
# 2. a new database: ingest, kill -9 when half the documents are in, ingest again -> resumed.json
# 3. a new database: two ingests at once (ascending, descending)   -> concurrent.json
# Each export is compared with the clean one, ignoring event ids (they differ between runs).
# PostgreSQL uses $TIMELINE_TEST_POSTGRES_URL (a server URL; databases are created and dropped).
set -euo pipefail
N=${1:-300}
BACKEND=${2:-sqlite}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${PYTHON:-$ROOT/.venv/bin/python}
export PYTHONPATH="$ROOT/src:$ROOT${PYTHONPATH:+:$PYTHONPATH}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
timeline() { "$PY" -m timeline "$@"; }  # never backgrounded: $! would be the subshell, not python

"$PY" -c "from pathlib import Path; from tests.corpus_gen import write_corpus; write_corpus(Path('$WORK/corpus'), $N, 7)"

new_db() {  # prints a URL for a new, empty database
    if [ "$BACKEND" = sqlite ]; then
        echo "sqlite:///$WORK/$1.db"
    else
        local name="timeline_crash_$1_$$"
        "$PY" - "$name" <<'PY'
import os, sys
from sqlalchemy import create_engine, text
engine = create_engine(os.environ["TIMELINE_TEST_POSTGRES_URL"], isolation_level="AUTOCOMMIT")
with engine.connect() as conn:
    conn.execute(text(f'DROP DATABASE IF EXISTS "{sys.argv[1]}" WITH (FORCE)'))
    conn.execute(text(f'CREATE DATABASE "{sys.argv[1]}"'))
PY
        "$PY" -c "from sqlalchemy.engine import make_url; import os; print(make_url(os.environ['TIMELINE_TEST_POSTGRES_URL']).set(database='$name').render_as_string(hide_password=False))"
    fi
}
same() {  # compare two exports, ignoring event ids
    "$PY" - "$1" "$2" <<'PY'
import json, sys
def events(path):
    out = []
    for e in json.load(open(path))["events"]:
        e.pop("id")
        e["sources"].sort(key=lambda s: (s["document"], s["start"]))
        e["actors"].sort(key=lambda a: json.dumps(a, sort_keys=True))
        out.append(json.dumps(e, sort_keys=True))
    return sorted(out)
a, b = events(sys.argv[1]), events(sys.argv[2])
merged = sum(1 for e in a if len({s["document"] for s in json.loads(e)["sources"]}) > 1)
print(f"  {len(b)} events vs {len(a)} in the clean run ({merged} merged from several sources):",
      "IDENTICAL" if a == b else "DIFFERENT")
sys.exit(a != b)
PY
}

echo "1. clean run of $N documents"
CLEAN=$(new_db clean)
timeline --db "$CLEAN" ingest "$WORK/corpus"
timeline --db "$CLEAN" export --format json > "$WORK/clean.json"

echo "2. kill -9 halfway, then the same ingest again"
CRASH=$(new_db crash)
"$PY" - "$CRASH" "$WORK/corpus" "$N" <<'PY'
import os, signal, subprocess, sys, time
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from timeline.db import make_engine
url, corpus, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
proc = subprocess.Popen([sys.executable, "-m", "timeline", "--db", url, "ingest", corpus], stderr=subprocess.DEVNULL)
engine = make_engine(url)
def stored():
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM sources")).scalar()
    except DBAPIError:
        return 0
while proc.poll() is None and stored() < n // 2:
    time.sleep(0.01)
if proc.poll() is None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    print(f"  killed with {stored()} of {n} documents stored")
else:
    print("  (the ingest finished before the kill)")
PY
timeline --db "$CRASH" ingest "$WORK/corpus"
timeline --db "$CRASH" export --format json > "$WORK/resumed.json"

echo "3. two ingests at once into a new database"
BOTH=$(new_db both)
"$PY" -m timeline --db "$BOTH" ingest "$WORK/corpus" &
A=$!
"$PY" -m timeline --db "$BOTH" ingest $(ls "$WORK"/corpus/*.txt | sort -r) &
B=$!
wait $A && wait $B
timeline --db "$BOTH" export --format json > "$WORK/concurrent.json"

status=0
echo "resumed after kill -9:"; same "$WORK/clean.json" "$WORK/resumed.json" || status=1
echo "two concurrent ingests:"; same "$WORK/clean.json" "$WORK/concurrent.json" || status=1
if [ "$BACKEND" != sqlite ]; then
    "$PY" - <<PY
import os
from sqlalchemy import create_engine, text
engine = create_engine(os.environ["TIMELINE_TEST_POSTGRES_URL"], isolation_level="AUTOCOMMIT")
with engine.connect() as conn:
    for name in ("clean", "crash", "both"):
        conn.execute(text(f'DROP DATABASE IF EXISTS "timeline_crash_{name}_$$" WITH (FORCE)'))
PY
fi
exit $status
