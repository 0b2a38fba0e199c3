#!/usr/bin/env bash
# A whole `restore-drill run` against a scratch server (a new JVM: start-up, the temporary database, the restore,
# the built-in row counts, the report, the teardown; proofs off and one trivial check) compared with `psql -f` alone on
# the same plain pgbench dump and the same throwaway PostgreSQL 15 server. Whole processes, medians, alternating.
#
#   benchmark/run-vs-psql.sh            # SCALE=20 (2,000,000 rows, ~185 MB plain dump), RUNS=3
#   SCALE=50 RUNS=5 SERVER_OPTIONS="-c wal_level=minimal -c max_wal_senders=0" benchmark/run-vs-psql.sh
#   EXTRA_SQL="CREATE INDEX ON pgbench_accounts (bid); CREATE INDEX ON pgbench_accounts (abalance)" \
#       benchmark/run-vs-psql.sh        # a dump with more post-data: index builds side by side
#   PAUSE=100 RUNS=3 benchmark/run-vs-psql.sh
#                                       # a quiet file system before each timed run (seconds): on ext4 without a
#                                       # journal, new files skip inodes freed in the last minute or more, and
#                                       # every round drops two databases, which slows the next CREATE DATABASE
#
# Needs what benchmark/loader-vs-psql.sh needs.
set -euo pipefail

SCALE=${SCALE:-20}
RUNS=${RUNS:-3}
PAUSE=${PAUSE:-0}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/bench-stats.sh"

# The drill runs as a user runs it: through the launcher (which builds the jar and prepares its start-up cache on
# first use, before the timed runs; RESTORE_DRILL_STARTUP_CACHE=off measures without the cache).
"$ROOT/restore-drill" --version >/dev/null

BENCH_NAME=run-bench
. "$ROOT/scripts/pgbench-server.sh"
BACKUPS="$WORK/backups"
mkdir -p "$BACKUPS"
cp "$DUMP" "$BACKUPS/"
# One trivial check (a checks file must name at least one): the drill's work is the restore and the row counts.
printf 'checks:\n  - name: connected\n    sql: SELECT 1\n    expect: "= 1"\n' > "$WORK/checks.yaml"
echo "dump: $(( $(stat -c %s "$DUMP") / 1024 / 1024 )) MB" >&2

# The server logs every statement's duration, so that each run's parts can be read from its log: the temporary
# database's CREATE and DROP, the big table's COPY (the longest of the COPYs running at once), the row counts.
psql_admin "ALTER SYSTEM SET log_min_duration_statement = 0" >/dev/null
psql_admin "SELECT pg_reload_conf()" >/dev/null
# parts FIRST_LINE: "create copy counts drop" in seconds, from the server log's lines from FIRST_LINE on.
parts() {
    tail -n +"$1" "$WORK/server.log" \
        | sed -nE 's/.*duration: ([0-9.]+) ms +(statement|execute [^:]*): (CREATE DATABASE|COPY public\.pgbench_accounts|SELECT count\(\*\)|DROP DATABASE).*/\3|\1/p' \
        | awk -F'|' '$1 == "CREATE DATABASE" {c += $2} $1 ~ /^COPY/ && $2 > copy {copy = $2} $1 ~ /^SELECT/ {n += $2}
                     $1 == "DROP DATABASE" {d += $2} END {printf "%.3f %.3f %.3f %.3f\n", c / 1000, copy / 1000, n / 1000, d / 1000}'
}
log_lines() { wc -l < "$WORK/server.log"; }

declare -a T_PSQL T_RUN P_COPY R_CREATE R_COPY R_COUNT R_DROP
time_psql() {
    psql_admin "CREATE DATABASE bench_psql"
    sleep "$PAUSE"
    psql_admin "CHECKPOINT"
    local start first
    first=$(( $(log_lines) + 1 ))
    start=$(now)
    "$PGBIN/psql" "${PG[@]}" -X -q -v ON_ERROR_STOP=1 -d bench_psql -f "$DUMP" >/dev/null
    T_PSQL+=("$(echo "$(now) - $start" | bc)")
    read -r _ copy _ _ <<< "$(parts "$first")"
    P_COPY+=("$copy")
    psql_admin "DROP DATABASE bench_psql"
}
time_run() {
    sleep "$PAUSE"
    psql_admin "CHECKPOINT"
    local start first
    first=$(( $(log_lines) + 1 ))
    start=$(now)
    "$ROOT/restore-drill" run --backups "$BACKUPS" --checks "$WORK/checks.yaml" --no-proofs \
        --target "postgresql://postgres@127.0.0.1:$PORT/postgres" --report "$WORK/report.json" >"$WORK/run.log" 2>&1 \
        || { echo "restore-drill run failed:" >&2; cat "$WORK/run.log" >&2; exit 1; }
    T_RUN+=("$(echo "$(now) - $start" | bc)")
    read -r create copy count drop <<< "$(parts "$first")"
    R_CREATE+=("$create"); R_COPY+=("$copy"); R_COUNT+=("$count"); R_DROP+=("$drop")
    grep -q '"verdict" *: *"PASSED"' "$WORK/report.json" || { echo "the drill did not pass" >&2; exit 1; }
}
psql_admin "CREATE DATABASE bench_warmup"
"$PGBIN/psql" "${PG[@]}" -X -q -v ON_ERROR_STOP=1 -d bench_warmup -f "$DUMP" >/dev/null
psql_admin "DROP DATABASE bench_warmup"
for run in $(seq 1 "$RUNS"); do
    if (( run % 2 )); then time_psql; time_run; else time_run; time_psql; fi
    echo "run $run: psql ${T_PSQL[-1]} s, restore-drill run ${T_RUN[-1]} s" >&2
done

M_PSQL=$(median "${T_PSQL[@]}")
M_RUN=$(median "${T_RUN[@]}")
echo
echo "pgbench scale $SCALE plain dump, PostgreSQL $("$PGBIN/postgres" -V | awk '{print $3}'), server options: ${SERVER_OPTIONS:-defaults}, pause before each run: $PAUSE s"
printf '%-8s %12s %22s %18s %12s %12s\n' run "psql -f (s)" "restore-drill run (s)" "its CREATE DB (s)" "its COPY (s)" "psql COPY (s)"
for i in "${!T_PSQL[@]}"; do
    printf '%-8s %12.2f %22.2f %18.3f %12.3f %12.3f\n' "$((i + 1))" "${T_PSQL[$i]}" "${T_RUN[$i]}" "${R_CREATE[$i]}" \
        "${R_COPY[$i]}" "${P_COPY[$i]}"
done
printf '%-8s %12.2f %22.2f\n' median "$M_PSQL" "$M_RUN"
printf 'ratio run/psql (medians): %.2f\n' "$(echo "$M_RUN / $M_PSQL" | bc -l)"
echo
echo "parts, from the server's log (medians, s): psql's COPY $(median "${P_COPY[@]}");" \
    "the run's CREATE DATABASE $(median "${R_CREATE[@]}"), COPY $(median "${R_COPY[@]}")," \
    "row counts $(median "${R_COUNT[@]}"), DROP DATABASE $(median "${R_DROP[@]}")"
