package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.TestPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A database with what archives carry besides plain tables: two schemas, sequences, foreign keys, an index, a
 * view, a materialized view, a function and a trigger, an enum, a comment, a privilege, a large object, an empty
 * table and values that COPY must escape. Tests dump it with the real pg_dump and compare restores with it.
 */
final class ArchiveShop {

    static final List<String> TABLES = List.of("shop.customers", "shop.orders", "shop.audit", "public.empty_table");

    private ArchiveShop() {
    }

    static DatabaseEndpoint create(String hint) {
        DatabaseEndpoint db = TestPostgres.createDatabase(hint);
        TestPostgres.execute(db,
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'archive_reader') THEN"
                        + " CREATE ROLE archive_reader; END IF; END $$",
                "CREATE SCHEMA shop",
                "CREATE TYPE shop.status AS ENUM ('new', 'paid', 'shipped')",
                "CREATE TABLE shop.customers (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, joined date)",
                "CREATE TABLE shop.orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL REFERENCES shop.customers,"
                        + " status shop.status NOT NULL DEFAULT 'new', total numeric(12,2) CHECK (total >= 0), note text)",
                "CREATE INDEX orders_customer ON shop.orders (customer_id)",
                "CREATE TABLE shop.audit (id bigserial PRIMARY KEY, order_id bigint, at timestamptz DEFAULT now())",
                "CREATE FUNCTION shop.log_order() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$BEGIN INSERT INTO shop.audit (order_id) VALUES (NEW.id); RETURN NEW; END$$",
                "CREATE TABLE public.empty_table (x int)",
                "INSERT INTO shop.customers (email, joined) SELECT 'c' || g || '@example.com', DATE '2024-01-01' + g"
                        + " FROM generate_series(1, 700) g",
                "INSERT INTO shop.orders (customer_id, status, total, note) SELECT 1 + g % 700,"
                        + " (ARRAY['new','paid','shipped'])[1 + g % 3]::shop.status, g * 1.25,"
                        + " CASE WHEN g % 7 = 0 THEN E'multi\\nline\\ttab \\\\ back ü €' END FROM generate_series(1, 4000) g",
                "CREATE TRIGGER orders_audit AFTER INSERT ON shop.orders FOR EACH ROW EXECUTE FUNCTION shop.log_order()",
                "INSERT INTO shop.orders (customer_id, total) VALUES (1, 9.99)",
                "CREATE VIEW shop.big_spenders AS SELECT customer_id, sum(total) AS spent FROM shop.orders"
                        + " GROUP BY 1 HAVING sum(total) > 1000",
                "CREATE MATERIALIZED VIEW shop.order_totals AS SELECT status, count(*) AS n FROM shop.orders GROUP BY 1",
                "COMMENT ON TABLE shop.orders IS 'one row per order'",
                "GRANT SELECT ON shop.orders TO archive_reader",
                "SELECT lo_from_bytea(0, 'a large object, restored with the archive')");
        return db;
    }

    static BackupRef ref(Path file, BackupFormat format) throws IOException {
        long size = Files.isDirectory(file) ? 0 : Files.size(file);
        return new BackupRef(file.toString(), file.getFileName().toString(), size, Instant.now(),
                BackupRef.TimestampSource.MODIFICATION_TIME, format);
    }

    /** What a restore must reproduce: every table's rows (as text, sorted), sequences, the view data, the large objects. */
    static Map<String, String> contents(DatabaseEndpoint db) throws SQLException {
        Map<String, String> contents = new LinkedHashMap<>();
        try (Connection c = TestPostgres.connect(db); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                contents.put(table, single(s, "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|'"
                        + " ORDER BY t::text)), '') FROM " + table + " t"));
            }
            contents.put("sequence", single(s, "SELECT last_value FROM shop.orders_id_seq"));
            contents.put("matview", single(s, "SELECT string_agg(status || '=' || n, ',' ORDER BY status)"
                    + " FROM shop.order_totals"));
            contents.put("large objects", single(s, "SELECT string_agg(convert_from(lo_get(oid), 'UTF8'), ',')"
                    + " FROM pg_largeobject_metadata"));
            contents.put("comment", single(s, "SELECT obj_description('shop.orders'::regclass)"));
        }
        return contents;
    }

    static List<TableRowCount> rowCounts(DatabaseEndpoint db) {
        return new JdbcDatabaseInspector().countRows(db);
    }

    static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
