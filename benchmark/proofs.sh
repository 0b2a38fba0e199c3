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

WORK=$(mktemp -d -t proofs-bench.XXXXXX)
if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$WORK"
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi
DATA="$WORK/data"
cleanup() {
    if [[ -f "$DATA/postmaster.pid" ]]; then
        as_pg "$PGBIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

echo "building test classes ..." >&2
(cd "$ROOT" && ./mvnw -q -o -pl core test-compile \
    && ./mvnw -q -o -pl core dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt")
CLASSPATH_BENCH="$ROOT/core/target/test-classes:$ROOT/core/target/classes:$(cat "$WORK/classpath.txt")"

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$WORK/server.log" -w \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -c autovacuum=off -k $WORK" start >/dev/null
PG=(-h 127.0.0.1 -p "$PORT" -U postgres)
psql_admin() { "$PGBIN/psql" "${PG[@]}" -X -q -v ON_ERROR_STOP=1 -d postgres -c "$1"; }

echo "pgbench -i -s $SCALE ..." >&2
psql_admin "CREATE DATABASE source"
"$PGBIN/pgbench" "${PG[@]}" -i -q -s "$SCALE" source >/dev/null 2>&1
DUMP="$WORK/pgbench-s$SCALE.sql"
"$PGBIN/pg_dump" "${PG[@]}" -Fp -f "$DUMP" source
chmod a+r "$DUMP"
psql_admin "CREATE DATABASE drill"

echo "pgbench scale $SCALE, PostgreSQL $("$PGBIN/postgres" -V | awk '{print $3}'), milliseconds:"
"$JAVA_BIN" -Xmx256m -cp "$CLASSPATH_BENCH" io.restoredrill.core.adapter.postgres.ProofsBenchmarkMain \
    127.0.0.1 "$PORT" drill postgres "$DUMP"
