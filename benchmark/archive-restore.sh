#!/usr/bin/env bash
# Compares restore-drill's pure-Java archive restore (ArchiveRestorer) with pg_restore on the same pgbench
# archives and the same throwaway PostgreSQL 15 server: our custom-format restore against `pg_restore -j 1` and
# `pg_restore -j 2`, and our directory-format restore against our custom-format one. Every restore goes over TCP
# to 127.0.0.1 into a fresh, empty database, as whole processes (ours include JVM start-up, as the launcher starts
# it), with the same number of connections on both sides (--jobs = -j); pg_restore runs with --no-owner
# --no-privileges --exit-on-error, the rules restore-drill applies.
#
#   benchmark/archive-restore.sh           # SCALE=20 (2,000,000 pgbench_accounts rows), RUNS=3, JOBS=2
#   SCALE=50 RUNS=5 benchmark/archive-restore.sh
#
# Needs: Debian's PostgreSQL 15 binaries (PGBIN, default /usr/lib/postgresql/15/bin), a JDK 21+, Maven
# dependencies in ~/.m2 (it builds offline). Not run by CI.
set -euo pipefail

SCALE=${SCALE:-20}
RUNS=${RUNS:-3}
JOBS=${JOBS:-2}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/bench-stats.sh"

. "$ROOT/scripts/find-java.sh"
JAVA_BIN=$(find_java) || { echo "no JDK 21+ found; set JAVA=/path/to/bin/java" >&2; exit 1; }

BENCH_NAME=archive-bench
. "$ROOT/scripts/pgbench-server.sh"
CUSTOM="$WORK/pgbench-s$SCALE.dump"
DIRECTORY="$WORK/pgbench-s$SCALE.dir"
"$PGBIN/pg_dump" "${PG[@]}" -Fc -f "$CUSTOM" source
"$PGBIN/pg_dump" "${PG[@]}" -Fd -f "$DIRECTORY" source
chmod -R a+rX "$CUSTOM" "$DIRECTORY"
echo "custom archive: $(( $(stat -c %s "$CUSTOM") / 1024 / 1024 )) MB, directory: $(du -sm "$DIRECTORY" | cut -f1) MB" >&2

# Ours starts as the launcher starts a drill (./restore-drill, scripts/java-options.sh): with its JVM options and a
# start-up cache made once, before the timed restores, by a training restore of another, small archive (pgbench scale
# 1). A start-up cache holds classes from jars only, so core's classes run from jars made here.
. "$ROOT/scripts/java-options.sh"
JAVA_MAJOR=$(java_major "$JAVA_BIN")
java_options "$JAVA_MAJOR"
JAR_BIN="${JAVA_BIN%/java}/jar"
"$JAR_BIN" cf "$WORK/core.jar" -C "$ROOT/core/target/classes" .
"$JAR_BIN" cf "$WORK/core-tests.jar" -C "$ROOT/core/target/test-classes" .
CLASSPATH_OURS="$WORK/core-tests.jar:$WORK/core.jar:$(cat "$WORK/classpath.txt")"
startup_cache_options "$JAVA_MAJOR" "$WORK/startup-cache"
psql_admin "CREATE DATABASE training_source"
"$PGBIN/pgbench" "${PG[@]}" -i -q -s 1 training_source >/dev/null 2>&1
"$PGBIN/pg_dump" "${PG[@]}" -Fc -f "$WORK/training.dump" training_source
chmod a+r "$WORK/training.dump"
psql_admin "CREATE DATABASE training"
"$JAVA_BIN" "${JAVA_OPTIONS[@]}" "${CACHE_MAKE[@]}" -Xmx512m -cp "$CLASSPATH_OURS" \
    io.restoredrill.core.adapter.postgres.ArchiveBenchmarkMain 127.0.0.1 "$PORT" training postgres "$WORK/training.dump" "$JOBS" >/dev/null
psql_admin "DROP DATABASE training"
[[ -s "$CACHE_PARTIAL" ]] || { echo "the training restore wrote no start-up cache" >&2; exit 1; }
mv "$CACHE_PARTIAL" "$CACHE"
OURS_OPTIONS=("${JAVA_OPTIONS[@]}" "${CACHE_USE[@]}")

rows_in() { "$PGBIN/psql" "${PG[@]}" -X -At -d "$1" -c "SELECT count(*) FROM pgbench_accounts"; }
EXPECTED_ROWS=$(rows_in source)
check_and_drop() {
    local rows
    rows=$(rows_in "$1")
    if [[ "$rows" != "$EXPECTED_ROWS" ]]; then
        echo "$1 has $rows rows in pgbench_accounts, expected $EXPECTED_ROWS" >&2
        exit 1
    fi
    psql_admin "DROP DATABASE $1"
}
# Each restore gets the server to itself: a fresh database and a CHECKPOINT first.
fresh() { psql_admin "CREATE DATABASE $1"; psql_admin "CHECKPOINT"; }

declare -A TIMES
run_case() {
    local name=$1; shift
    fresh bench
    local start
    start=$(now)
    "$@" >/dev/null
    TIMES[$name]+="$(echo "$(now) - $start" | bc) "
    check_and_drop bench
}
ours() { "$JAVA_BIN" "${OURS_OPTIONS[@]}" -Xmx512m -cp "$CLASSPATH_OURS" io.restoredrill.core.adapter.postgres.ArchiveBenchmarkMain \
    127.0.0.1 "$PORT" bench postgres "$1" "$2"; }
pgr() { "$PGBIN/pg_restore" "${PG[@]}" --no-owner --no-privileges --exit-on-error -d bench "$@"; }

CASES=("ours custom --jobs $JOBS" "pg_restore -j 1 custom" "pg_restore -j $JOBS custom" "ours directory --jobs $JOBS"
       "pg_restore -j $JOBS directory" "ours custom --jobs 1")
case_command() {
    case "$1" in
        "ours custom --jobs $JOBS") ours "$CUSTOM" "$JOBS" ;;
        "ours custom --jobs 1") ours "$CUSTOM" 1 ;;
        "ours directory --jobs $JOBS") ours "$DIRECTORY" "$JOBS" ;;
        "pg_restore -j 1 custom") pgr -j 1 "$CUSTOM" ;;
        "pg_restore -j $JOBS custom") pgr -j "$JOBS" "$CUSTOM" ;;
        "pg_restore -j $JOBS directory") pgr -j "$JOBS" "$DIRECTORY" ;;
    esac
}
# A warm-up restore that is not counted: the first one after pgbench pays for cold caches.
fresh bench; pgr -j 1 "$CUSTOM"; psql_admin "DROP DATABASE bench"
for run in $(seq 1 "$RUNS"); do
    # Rotate the order from run to run, so no case always runs right after the same other one.
    for i in "${!CASES[@]}"; do
        c=${CASES[$(( (i + run) % ${#CASES[@]} ))]}
        run_case "$c" case_command "$c"
    done
    echo "run $run done" >&2
done

echo
echo "pgbench scale $SCALE, PostgreSQL $("$PGBIN/postgres" -V | awk '{print $3}'), over TCP 127.0.0.1, $(nproc) cores, medians of $RUNS"
printf '%-32s %10s   %s\n' case "median (s)" "runs (s)"
declare -A MED
for c in "${CASES[@]}"; do
    # shellcheck disable=SC2086
    MED[$c]=$(median ${TIMES[$c]})
    printf '%-32s %10.2f   %s\n' "$c" "${MED[$c]}" "${TIMES[$c]}"
done
ratio() { printf '%-52s %.2f\n' "$1" "$(echo "${MED[$2]} / ${MED[$3]}" | bc -l)"; }
ratio "ours custom / pg_restore -j $JOBS custom:" "ours custom --jobs $JOBS" "pg_restore -j $JOBS custom"
ratio "ours custom / pg_restore -j 1 custom:" "ours custom --jobs $JOBS" "pg_restore -j 1 custom"
ratio "ours directory / ours custom:" "ours directory --jobs $JOBS" "ours custom --jobs $JOBS"
ratio "ours directory / pg_restore -j $JOBS directory:" "ours directory --jobs $JOBS" "pg_restore -j $JOBS directory"
