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

# The server logs every statement's duration and when it ended, so that each run's parts can be read from its log:
# the temporary database's CREATE and DROP, the big table's COPY (the longest of the COPYs running at once) and when
# it started (seconds after the process was started), its primary key's build (post-data), the row counts.
psql_admin "ALTER SYSTEM SET log_min_duration_statement = 0" >/dev/null
psql_admin "ALTER SYSTEM SET log_line_prefix = '%m [%p] '" >/dev/null
psql_admin "SELECT pg_reload_conf()" >/dev/null
# parts FIRST_LINE STARTED: "create copy counts drop to_copy primary_key" in seconds, from the server log's lines from
# FIRST_LINE on; STARTED is when the timed process started (seconds since the epoch, as now prints it).
parts() {
    tail -n +"$1" "$WORK/server.log" | python3 -c '
import datetime, re, sys
started = float(sys.argv[1])
line = re.compile(r"(\S+ \S+) UTC \[\d+\] LOG:  duration: ([0-9.]+) ms  (?:statement|execute [^:]*): (.*)")
create = copy = counts = drop = key = 0.0
to_copy = None
for text in sys.stdin:
    m = line.match(text)
    if not m:
        continue
    end = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S.%f").replace(
        tzinfo=datetime.timezone.utc).timestamp()
    seconds, statement = float(m.group(2)) / 1000, m.group(3)
    if statement.startswith("CREATE DATABASE"):
        create += seconds
    elif statement.startswith("COPY public.pgbench_accounts"):
        copy = max(copy, seconds)
        begun = end - seconds - started
        to_copy = begun if to_copy is None else min(to_copy, begun)
    elif statement.startswith("ALTER TABLE ONLY public.pgbench_accounts"):
        key = max(key, seconds)
    elif statement.startswith("SELECT count(*)"):
        counts += seconds
    elif statement.startswith("DROP DATABASE"):
        drop += seconds
print("%.3f %.3f %.3f %.3f %.3f %.3f" % (create, copy, counts, drop, to_copy or 0, key))
' "$2"
}
log_lines() { wc -l < "$WORK/server.log"; }

declare -a T_PSQL T_RUN P_COPY P_TO_COPY P_KEY R_CREATE R_COPY R_COUNT R_DROP R_TO_COPY R_KEY
time_psql() {
    psql_admin "CREATE DATABASE bench_psql"
    sleep "$PAUSE"
    psql_admin "CHECKPOINT"
    local start first
    first=$(( $(log_lines) + 1 ))
    start=$(now)
    "$PGBIN/psql" "${PG[@]}" -X -q -v ON_ERROR_STOP=1 -d bench_psql -f "$DUMP" >/dev/null
    T_PSQL+=("$(echo "$(now) - $start" | bc)")
    read -r _ copy _ _ to_copy key <<< "$(parts "$first" "$start")"
    P_COPY+=("$copy"); P_TO_COPY+=("$to_copy"); P_KEY+=("$key")
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
    read -r create copy count drop to_copy key <<< "$(parts "$first" "$start")"
    R_CREATE+=("$create"); R_COPY+=("$copy"); R_COUNT+=("$count"); R_DROP+=("$drop")
    R_TO_COPY+=("$to_copy"); R_KEY+=("$key")
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
printf '%-8s %12s %22s %18s %12s %12s %11s %11s\n' run "psql -f (s)" "restore-drill run (s)" "its CREATE DB (s)" \
    "its COPY (s)" "psql COPY (s)" "its key (s)" "psql key (s)"
for i in "${!T_PSQL[@]}"; do
    printf '%-8s %12.2f %22.2f %18.3f %12.3f %12.3f %11.3f %11.3f\n' "$((i + 1))" "${T_PSQL[$i]}" "${T_RUN[$i]}" \
        "${R_CREATE[$i]}" "${R_COPY[$i]}" "${P_COPY[$i]}" "${R_KEY[$i]}" "${P_KEY[$i]}"
done
printf '%-8s %12.2f %22.2f\n' median "$M_PSQL" "$M_RUN"
printf 'ratio run/psql (medians): %.2f\n' "$(echo "$M_RUN / $M_PSQL" | bc -l)"
echo
echo "parts, from the server's log (medians, s):"
printf '  %-32s %10s %20s\n' "" "psql -f" "restore-drill run"
printf '  %-32s %10s %20s\n' "start to the big COPY's start" "$(median "${P_TO_COPY[@]}")" "$(median "${R_TO_COPY[@]}")"
printf '  %-32s %10s %20s\n' "  of which CREATE DATABASE" "-" "$(median "${R_CREATE[@]}")"
printf '  %-32s %10s %20s\n' "the big COPY" "$(median "${P_COPY[@]}")" "$(median "${R_COPY[@]}")"
printf '  %-32s %10s %20s\n' "its primary key (post-data)" "$(median "${P_KEY[@]}")" "$(median "${R_KEY[@]}")"
printf '  %-32s %10s %20s\n' "row counts" "-" "$(median "${R_COUNT[@]}")"
printf '  %-32s %10s %20s\n' "DROP DATABASE" "-" "$(median "${R_DROP[@]}")"
