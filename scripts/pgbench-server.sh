# Sourced by the benchmarks: a throwaway PostgreSQL server of the machine's binaries with a pgbench database
# dumped as plain SQL, and the classpath of core's classes and test classes. Expects ROOT, PGBIN, SCALE and a
# name for the work folder in BENCH_NAME; optional DUMP_OPTIONS (more pg_dump options, e.g. --inserts),
# SERVER_OPTIONS (more server settings, e.g. "-c wal_level=minimal") and EXTRA_SQL (run on the pgbench database
# before it is dumped, e.g. more indexes). Sets WORK, DATA, PORT, PG (psql/pg_dump
# connection arguments), DUMP, CLASSPATH_BENCH and the functions as_pg and psql_admin; removes the server and
# the folder on exit.

WORK=$(mktemp -d -t "$BENCH_NAME.XXXXXX")
if [[ $(id -u) -eq 0 ]]; then
    # initdb refuses to run as root.
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
echo "starting PostgreSQL on 127.0.0.1:$PORT in $DATA ..." >&2
as_pg "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$WORK/server.log" -w \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -c autovacuum=off -k $WORK ${SERVER_OPTIONS:-}" start >/dev/null

PG=(-h 127.0.0.1 -p "$PORT" -U postgres)
psql_admin() { "$PGBIN/psql" "${PG[@]}" -X -q -v ON_ERROR_STOP=1 -d postgres -c "$1"; }

echo "pgbench -i -s $SCALE ..." >&2
psql_admin "CREATE DATABASE source"
"$PGBIN/pgbench" "${PG[@]}" -i -q -s "$SCALE" source >/dev/null 2>&1
if [[ -n ${EXTRA_SQL:-} ]]; then
    "$PGBIN/psql" "${PG[@]}" -X -q -v ON_ERROR_STOP=1 -d source -c "$EXTRA_SQL"
fi
DUMP="$WORK/pgbench-s$SCALE.sql"
# shellcheck disable=SC2086 # DUMP_OPTIONS is a list of options
"$PGBIN/pg_dump" "${PG[@]}" -Fp ${DUMP_OPTIONS:-} -f "$DUMP" source
chmod a+r "$DUMP"
