#!/usr/bin/env bash
# The time each proof (schema fingerprint, full read, integrity) adds to a drill, against the restore it follows:
# the pgbench dump is restored with restore-drill's loader into a fresh database of a throwaway PostgreSQL 15
# server, then each proof runs on it with a 10-minute budget (all of it used here: heapallindexed on every index).
#
#   benchmark/proofs.sh            # SCALE=20 (pgbench, 2,000,000 rows)
#
# Needs what benchmark/loader-vs-psql.sh needs: Debian's PostgreSQL 15 binaries (PGBIN), a JDK 21+, Maven
# dependencies in ~/.m2. The server runs with the contrib modules of PGBIN (amcheck: postgresql-contrib).
set -euo pipefail

SCALE=${SCALE:-20}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

. "$ROOT/scripts/find-java.sh"
JAVA_BIN=$(find_java) || { echo "no JDK 21+ found; set JAVA=/path/to/bin/java" >&2; exit 1; }

BENCH_NAME=proofs-bench
. "$ROOT/scripts/pgbench-server.sh"
psql_admin "CREATE DATABASE drill"

echo "pgbench scale $SCALE, PostgreSQL $("$PGBIN/postgres" -V | awk '{print $3}'), milliseconds:"
"$JAVA_BIN" -Xmx256m -cp "$CLASSPATH_BENCH" io.restoredrill.core.adapter.postgres.ProofsBenchmarkMain \
    127.0.0.1 "$PORT" drill postgres "$DUMP"
