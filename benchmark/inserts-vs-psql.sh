#!/usr/bin/env bash
# A dump made with `pg_dump --inserts` (one INSERT per row) loaded three ways into a fresh database on the same
# throwaway PostgreSQL 15 server: `psql -f` (autocommit, -v ON_ERROR_STOP=1), restore-drill's loader sending every
# statement on its own (insertsPerBatch=1: the loader before INSERT batching), and the loader as it ships (batches
# of consecutive INSERTs, one transaction each). Whole processes, medians; the order of the loads rotates.
#
#   benchmark/inserts-vs-psql.sh            # SCALE=1 (pgbench: 100,000 accounts as 100,011 INSERTs), RUNS=3
#   SCALE=2 RUNS=5 benchmark/inserts-vs-psql.sh
#
# Needs what benchmark/loader-vs-psql.sh needs. The server runs with its defaults (fsync on), as a scratch server
# would; the loader sets synchronous_commit=off on its own sessions, psql does not.
set -euo pipefail

SCALE=${SCALE:-1}
RUNS=${RUNS:-3}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/bench-stats.sh"

. "$ROOT/scripts/find-java.sh"
JAVA_BIN=$(find_java) || { echo "no JDK 21+ found; set JAVA=/path/to/bin/java" >&2; exit 1; }

BENCH_NAME=inserts-bench
DUMP_OPTIONS=--inserts
. "$ROOT/scripts/pgbench-server.sh"
INSERTS=$(grep -c '^INSERT INTO' "$DUMP")
echo "dump: $(( $(stat -c %s "$DUMP") / 1024 / 1024 )) MB, $INSERTS INSERT statements" >&2

rows_in() { "$PGBIN/psql" "${PG[@]}" -X -At -d "$1" -c "SELECT count(*) FROM pgbench_accounts"; }
EXPECTED_ROWS=$(rows_in source)
declare -a T_PSQL T_SINGLE T_BATCHED
load() { # label database command...
    local db=$2 start rows
    shift 2
    psql_admin "CREATE DATABASE $db"
    psql_admin "CHECKPOINT"
    start=$(now)
    "$@" >/dev/null
    LAST=$(echo "$(now) - $start" | bc)
    rows=$(rows_in "$db")
    [[ "$rows" == "$EXPECTED_ROWS" ]] || { echo "$db has $rows rows, expected $EXPECTED_ROWS" >&2; exit 1; }
    psql_admin "DROP DATABASE $db"
}
psql_load() { load psql bench_psql "$PGBIN/psql" "${PG[@]}" -X -q -v ON_ERROR_STOP=1 -d bench_psql -f "$DUMP"; T_PSQL+=("$LAST"); }
loader_load() { # insertsPerBatch
    load loader bench_loader "$JAVA_BIN" -Xmx256m -cp "$CLASSPATH_BENCH" \
        io.restoredrill.core.adapter.postgres.LoaderBenchmarkMain 127.0.0.1 "$PORT" bench_loader postgres "$DUMP" "$1"
}
single_load() { loader_load 1; T_SINGLE+=("$LAST"); }
batched_load() { loader_load 1000; T_BATCHED+=("$LAST"); }

for run in $(seq 1 "$RUNS"); do
    case $(( run % 3 )) in
        1) psql_load; single_load; batched_load ;;
        2) single_load; batched_load; psql_load ;;
        0) batched_load; psql_load; single_load ;;
    esac
    echo "run $run: psql ${T_PSQL[-1]} s, loader one by one ${T_SINGLE[-1]} s, loader batched ${T_BATCHED[-1]} s" >&2
done

M_PSQL=$(median "${T_PSQL[@]}")
M_SINGLE=$(median "${T_SINGLE[@]}")
M_BATCHED=$(median "${T_BATCHED[@]}")
echo
echo "pgbench scale $SCALE dumped with --inserts ($INSERTS INSERTs), PostgreSQL $("$PGBIN/postgres" -V | awk '{print $3}'), over TCP 127.0.0.1"
printf '%-8s %12s %20s %16s\n' run "psql -f (s)" "loader 1-by-1 (s)" "loader batched (s)"
for i in "${!T_PSQL[@]}"; do
    printf '%-8s %12.2f %20.2f %16.2f\n' "$((i + 1))" "${T_PSQL[$i]}" "${T_SINGLE[$i]}" "${T_BATCHED[$i]}"
done
printf '%-8s %12.2f %20.2f %16.2f\n' median "$M_PSQL" "$M_SINGLE" "$M_BATCHED"
printf 'speed-up of batching (1-by-1 / batched): %.1fx; batched vs psql -f: %.2f of its time\n' \
    "$(echo "$M_SINGLE / $M_BATCHED" | bc -l)" "$(echo "$M_BATCHED / $M_PSQL" | bc -l)"
