#!/usr/bin/env bash
# Compares restore-drill's pure-Java plain-dump loader (PlainDumpRestorer) with `psql -f` on the same dump and
# the same throwaway PostgreSQL 15 server. Both connect over TCP to 127.0.0.1 and load into a fresh, empty
# database; `psql` runs with -q -v ON_ERROR_STOP=1, as the loader stops at the first error too.
#
#   benchmark/loader-vs-psql.sh            # SCALE=20 (pgbench, ~194 MB dump), RUNS=3
#   SCALE=50 RUNS=5 benchmark/loader-vs-psql.sh
#
# Needs: Debian's PostgreSQL 15 binaries (PGBIN, default /usr/lib/postgresql/15/bin), a JDK 21+ (JAVA, else
# JAVA_HOME, else the newest under /usr/lib/jvm), Maven dependencies already in ~/.m2 (it builds offline).
# Times are wall-clock seconds of the whole client process (the loader's include JVM start-up); the loader's
# own figure is shown as "loader (in JVM)": the restore alone, after the JVM has started and PgJDBC has connected
# once (as in a drill, where the temporary database was created over JDBC before the restore). Autovacuum is off,
# so no load is slowed by the analysis of tables another one loaded; the order of the two loads alternates.
set -euo pipefail

SCALE=${SCALE:-20}
RUNS=${RUNS:-3}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/bench-stats.sh"

. "$ROOT/scripts/find-java.sh"
JAVA_BIN=$(find_java) || { echo "no JDK 21+ found; set JAVA=/path/to/bin/java" >&2; exit 1; }

BENCH_NAME=loader-bench
. "$ROOT/scripts/pgbench-server.sh"
DUMP_MB=$(( $(stat -c %s "$DUMP") / 1024 / 1024 ))
echo "dump: $DUMP_MB MB" >&2

declare -a PSQL_TIMES LOADER_TIMES LOADER_INNER
rows_in() { "$PGBIN/psql" "${PG[@]}" -X -At -d "$1" -c "SELECT count(*) FROM pgbench_accounts"; }
EXPECTED_ROWS=$(rows_in source)
# Each load gets the server to itself: a fresh database, a CHECKPOINT first (so no load pays for the WAL of the
# one before), and the database is dropped again right after its row count is checked.
time_psql() {
    psql_admin "CREATE DATABASE bench_psql"
    psql_admin "CHECKPOINT"
    local start
    start=$(now)
    "$PGBIN/psql" "${PG[@]}" -X -q -v ON_ERROR_STOP=1 -d bench_psql -f "$DUMP" >/dev/null
    PSQL_TIMES+=("$(echo "$(now) - $start" | bc)")
    check_and_drop bench_psql
}
time_loader() {
    psql_admin "CREATE DATABASE bench_loader"
    psql_admin "CHECKPOINT"
    local start out
    start=$(now)
    out=$("$JAVA_BIN" -Xmx256m -cp "$CLASSPATH_BENCH" io.restoredrill.core.adapter.postgres.LoaderBenchmarkMain \
        127.0.0.1 "$PORT" bench_loader postgres "$DUMP")
    LOADER_TIMES+=("$(echo "$(now) - $start" | bc)")
    LOADER_INNER+=("$(echo "$out" | sed -E 's/.*millis=([0-9]+).*/scale=3; \1 \/ 1000/' | bc)")
    check_and_drop bench_loader
}
check_and_drop() {
    local rows
    rows=$(rows_in "$1")
    if [[ "$rows" != "$EXPECTED_ROWS" ]]; then
        echo "$1 has $rows rows in pgbench_accounts, expected $EXPECTED_ROWS" >&2
        exit 1
    fi
    psql_admin "DROP DATABASE $1"
}
# A warm-up load that is not counted: the first load after pgbench pays for cold caches.
psql_admin "CREATE DATABASE bench_warmup"
"$PGBIN/psql" "${PG[@]}" -X -q -v ON_ERROR_STOP=1 -d bench_warmup -f "$DUMP" >/dev/null
psql_admin "DROP DATABASE bench_warmup"
for run in $(seq 1 "$RUNS"); do
    if (( run % 2 )); then time_psql; time_loader; else time_loader; time_psql; fi
    echo "run $run: psql ${PSQL_TIMES[-1]} s, loader ${LOADER_TIMES[-1]} s (in JVM ${LOADER_INNER[-1]} s)" >&2
done

MED_PSQL=$(median "${PSQL_TIMES[@]}")
MED_LOADER=$(median "${LOADER_TIMES[@]}")
MED_INNER=$(median "${LOADER_INNER[@]}")

echo
echo "pgbench scale $SCALE, plain dump $DUMP_MB MB, PostgreSQL $("$PGBIN/postgres" -V | awk '{print $3}'), both over TCP 127.0.0.1"
printf '%-8s %12s %12s %16s\n' run "psql -f (s)" "loader (s)" "loader (in JVM)"
for i in "${!PSQL_TIMES[@]}"; do
    printf '%-8s %12.2f %12.2f %16.2f\n' "$((i + 1))" "${PSQL_TIMES[$i]}" "${LOADER_TIMES[$i]}" "${LOADER_INNER[$i]}"
done
printf '%-8s %12.2f %12.2f %16.2f\n' median "$MED_PSQL" "$MED_LOADER" "$MED_INNER"
printf 'ratio loader/psql (medians): %.2f (in JVM: %.2f)\n' \
    "$(echo "$MED_LOADER / $MED_PSQL" | bc -l)" "$(echo "$MED_INNER / $MED_PSQL" | bc -l)"
