package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.FreshnessRequirement;
import io.restoredrill.core.domain.NewestValue;
import io.restoredrill.core.domain.TableName;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.NewestValueReader;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The freshness proof's query: {@code max(column)} on the server, in a READ ONLY transaction under the entry's
 * statement timeout. The column is found in the catalogs first, so a missing table or column, a name that matches
 * several tables and a column of the wrong type are each named, not an SQL error.
 *
 * <p>The value becomes an instant on the server, with {@code extract(epoch ...)}: a {@code timestamptz} is an
 * instant already; a {@code timestamp} (without time zone) is read as UTC, whatever the session's or the
 * server's TimeZone; a {@code date} is its midnight UTC. A domain over one of the three counts as that type.
 */
final class FreshnessProof implements NewestValueReader {

    private static final int DATE = 1082;
    private static final int TIMESTAMP = 1114;
    private static final int TIMESTAMPTZ = 1184;

    // User tables, views, materialized views and foreign tables of that name; the column, when it has one, with its
    // type and the type a domain stands for.
    private static final String FIND_COLUMN = """
            SELECT n.nspname, c.relname, a.attname IS NOT NULL, format_type(a.atttypid, a.atttypmod),
                   (CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END)::int
              FROM pg_catalog.pg_class c
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_catalog.pg_attribute a
                     ON a.attrelid = c.oid AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped
              LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
             WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relname = ? AND (? = '' OR n.nspname = ?)
               AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
             ORDER BY 1, 2
            """;

    private record Candidate(String schema, String table, boolean hasColumn, String type, int baseType) {
        String qualified() {
            return schema + "." + table;
        }
    }

    @Override
    public NewestValue newest(DatabaseEndpoint database, FreshnessRequirement requirement) {
        try (Connection c = PostgresConnections.open(database)) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL statement_timeout = " + Math.max(1, requirement.timeout().toMillis()));
                }
                return read(c, requirement);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            return new NewestValue.Unreadable(ProofDeadline.canceled(e)
                    ? "max(" + requirement.column() + ") not read within "
                    + JdbcDatabaseInspector.human(requirement.timeout()) + " (raise its timeout, or index the column)"
                    : JdbcDatabaseInspector.describe(e));
        }
    }

    private static NewestValue read(Connection c, FreshnessRequirement requirement) throws SQLException {
        List<Candidate> candidates = candidates(c, requirement);
        if (candidates.isEmpty()) {
            return new NewestValue.Unreadable("table " + requirement.table() + " is not in the restored database");
        }
        if (candidates.size() > 1) {
            return new NewestValue.Unreadable("table name " + requirement.table() + " matches "
                    + candidates.stream().map(Candidate::qualified).toList() + ": name one as schema.table");
        }
        Candidate table = candidates.get(0);
        String column = table.qualified() + "." + requirement.column();
        if (!table.hasColumn()) {
            return new NewestValue.Unreadable("table " + table.qualified() + " has no column "
                    + requirement.column());
        }
        String cast = switch (table.baseType()) {
            case TIMESTAMPTZ -> "timestamptz";
            case TIMESTAMP, DATE -> "timestamp"; // nominal: extract(epoch) reads it as UTC
            default -> null;
        };
        if (cast == null) {
            return new NewestValue.WrongType(column, table.type());
        }
        String sql = "SELECT m IS NULL, isfinite(m), extract(epoch FROM m)::text FROM (SELECT max("
                + quote(requirement.column()) + "::" + cast + ") AS m FROM " + quote(table.schema()) + "."
                + quote(table.table()) + ") newest";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            if (rs.getBoolean(1)) {
                return new NewestValue.NoValue(column);
            }
            if (!rs.getBoolean(2)) {
                return new NewestValue.Unreadable("its newest value is infinity, which says nothing about when the"
                        + " data was written");
            }
            BigDecimal epoch = new BigDecimal(rs.getString(3));
            BigDecimal micros = epoch.movePointRight(6).setScale(0, java.math.RoundingMode.HALF_UP);
            Instant value = Instant.EPOCH.plus(micros.longValueExact(), java.time.temporal.ChronoUnit.MICROS);
            return new NewestValue.Found(column, table.type(), value);
        }
    }

    private static List<Candidate> candidates(Connection c, FreshnessRequirement requirement) throws SQLException {
        String name = requirement.table();
        String schema = TableName.isQualified(name) ? name.substring(0, name.indexOf('.')) : "";
        String table = TableName.isQualified(name) ? name.substring(name.indexOf('.') + 1) : name;
        List<Candidate> found = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(FIND_COLUMN)) {
            p.setString(1, requirement.column());
            p.setString(2, table);
            p.setString(3, schema);
            p.setString(4, schema);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    found.add(new Candidate(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                            rs.getInt(5)));
                }
            }
        }
        return found;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
