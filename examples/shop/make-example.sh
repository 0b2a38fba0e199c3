#!/usr/bin/env bash
# Regenerates the bundled example backups with the real pg_dump: loads schema.sql into a throwaway
# PostgreSQL cluster (the machine's Debian PostgreSQL binaries), dumps it twice (the day before with a
# little less data, and the newest), and removes the cluster. Needs initdb/pg_ctl/psql/pg_dump on the
# machine; as root the server runs as the postgres user.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bindir="${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
[ -x "$bindir/initdb" ] || { echo "no PostgreSQL server binaries found; set PG_BINDIR" >&2; exit 2; }

work="$(mktemp -d)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$work"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
cleanup() { as_pg "$bindir/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

as_pg "$bindir/initdb" -D "$work/data" -U postgres -A trust >/dev/null
as_pg "$bindir/pg_ctl" -D "$work/data" -o "-p $port -k $work -c listen_addresses=127.0.0.1" -l "$work/log" -w start >/dev/null
psql_() { "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"; }

psql_ -c "CREATE DATABASE shop"
psql_ -d shop -f "$here/schema.sql" >/dev/null

mkdir -p "$here/backups"
rm -f "$here"/backups/*
# The day before: 150 fewer orders than the newest backup.
psql_ -d shop -c "CREATE DATABASE shop_yesterday TEMPLATE shop" -d postgres
psql_ -d shop_yesterday -c "DELETE FROM shop.payments WHERE order_id > 9850; DELETE FROM shop.orders WHERE id > 9850;"
"$bindir/pg_dump" -h 127.0.0.1 -p "$port" -U postgres -d shop_yesterday -Fp | gzip -9n > "$here/backups/shop-2026-11-24T030000Z.sql.gz"
"$bindir/pg_dump" -h 127.0.0.1 -p "$port" -U postgres -d shop -Fp | gzip -9n > "$here/backups/shop-2026-11-25T030000Z.sql.gz"
ls -l "$here/backups"
