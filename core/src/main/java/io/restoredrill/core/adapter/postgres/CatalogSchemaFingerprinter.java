package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.SchemaFingerprint;
import io.restoredrill.core.domain.SchemaObject;
import io.restoredrill.core.domain.SchemaObject.Kind;
import io.restoredrill.core.domain.SchemaUnreadableException;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.SchemaFingerprinter;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema fingerprint from PostgreSQL's catalogs, in one read-only transaction whose statement timeout is the
 * budget.
 *
 * <p>It lists what a dump carries and a restore recreates, by name and definition, and leaves out what differs
 * between two restores of the same dump: OIDs, column positions (a dropped column leaves a gap that a restore
 * closes), owners and privileges (restores often run with {@code --no-owner}, as another role), statistics and
 * sizes. Objects that belong to an extension are the extension's, listed once as the extension with its version.
 * Names are quoted as PostgreSQL quotes identifiers, so {@code "a.b".c} and {@code a."b.c"} cannot collide.
 * Definitions come from the server's own deparsers ({@code format_type}, {@code pg_get_constraintdef},
 * {@code pg_get_indexdef}, {@code pg_get_viewdef}); a function is its kind, result, language and an MD5 of its
 * source. Not-null constraints are a column's nullability, not constraints (PostgreSQL 18 also lists them in
 * {@code pg_constraint}).
 */
public final class CatalogSchemaFingerprinter implements SchemaFingerprinter {

    private static final String USER_SCHEMA = """
            n.nspname NOT IN ('pg_catalog', 'information_schema')
            AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
            """;

    private static String notInExtension(String catalog, String oid) {
        return " AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d WHERE d.classid = '" + catalog
                + "'::regclass AND d.objid = " + oid + " AND d.deptype = 'e') ";
    }

    /** User relations ({@code c}, in schema {@code n}), joined with {@code join}. */
    private static String relations(String join) {
        return " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace" + join
                + " WHERE c.relpersistence <> 't' AND " + USER_SCHEMA + notInExtension("pg_class", "c.oid");
    }

    private static final String QUALIFIED = "quote_ident(n.nspname) || '.' || quote_ident(c.relname)";

    /** Each kind's query: two columns, name and definition. */
    private static final Map<Kind, String> QUERIES = new LinkedHashMap<>();

    static {
        QUERIES.put(Kind.SCHEMA, "SELECT quote_ident(n.nspname), '' FROM pg_catalog.pg_namespace n WHERE "
                + USER_SCHEMA + notInExtension("pg_namespace", "n.oid"));
        QUERIES.put(Kind.EXTENSION, "SELECT quote_ident(e.extname), 'version ' || e.extversion || ' in schema '"
                + " || quote_ident(n.nspname) FROM pg_catalog.pg_extension e"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace");
        String relations = relations("");
        QUERIES.put(Kind.TABLE, "SELECT " + QUALIFIED + ", CASE c.relkind WHEN 'p' THEN 'partitioned table'"
                + " WHEN 'f' THEN 'foreign table' ELSE 'table' END"
                + " || CASE c.relpersistence WHEN 'u' THEN ' unlogged' ELSE '' END"
                + relations + " AND c.relkind IN ('r', 'p', 'f')");
        QUERIES.put(Kind.COLUMN, "SELECT " + QUALIFIED + " || '.' || quote_ident(a.attname),"
                + " pg_catalog.format_type(a.atttypid, a.atttypmod)"
                + " || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END"
                + relations(" JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid")
                + " AND c.relkind IN ('r', 'p', 'f') AND a.attnum > 0 AND NOT a.attisdropped");
        QUERIES.put(Kind.CONSTRAINT, "SELECT " + QUALIFIED + " || '.' || quote_ident(k.conname),"
                + " pg_catalog.pg_get_constraintdef(k.oid)"
                + relations(" JOIN pg_catalog.pg_constraint k ON k.conrelid = c.oid")
                + " AND k.contype IN ('p', 'u', 'f', 'c', 'x')");
        QUERIES.put(Kind.INDEX, "SELECT " + QUALIFIED + ", pg_catalog.pg_get_indexdef(c.oid)"
                + relations + " AND c.relkind IN ('i', 'I')");
        QUERIES.put(Kind.VIEW, "SELECT " + QUALIFIED + ", CASE c.relkind WHEN 'm' THEN 'materialized view: '"
                + " ELSE 'view: ' END || pg_catalog.pg_get_viewdef(c.oid)"
                + relations + " AND c.relkind IN ('v', 'm')");
        QUERIES.put(Kind.SEQUENCE, "SELECT " + QUALIFIED + ", pg_catalog.format_type(s.seqtypid, NULL)"
                + " || ' start ' || s.seqstart || ' increment ' || s.seqincrement || ' min ' || s.seqmin"
                + " || ' max ' || s.seqmax || CASE WHEN s.seqcycle THEN ' cycle' ELSE '' END"
                + relations(" JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid"));
        QUERIES.put(Kind.FUNCTION, "SELECT quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '('"
                + " || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')',"
                + " CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window function'"
                + " ELSE 'function' END"
                + " || coalesce(' returns ' || pg_catalog.pg_get_function_result(p.oid), '')"
                + " || ' language ' || l.lanname || ' source md5 ' || md5(coalesce(p.prosrc, ''))"
                + " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
                + " JOIN pg_catalog.pg_language l ON l.oid = p.prolang WHERE " + USER_SCHEMA
                + notInExtension("pg_proc", "p.oid"));
    }

    @Override
    public SchemaFingerprint read(DatabaseEndpoint database, Duration budget) {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("the budget must be positive: " + budget);
        }
        try (Connection c = PostgresConnections.open(database)) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL statement_timeout = " + Math.max(1, budget.toMillis()));
                }
                return SchemaFingerprint.of(objects(c));
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            String why = ProofDeadline.canceled(e)
                    ? "not read within " + JdbcDatabaseInspector.human(budget)
                    : JdbcDatabaseInspector.describe(e);
            throw new SchemaUnreadableException("cannot read the schema of " + database.describe() + ": " + why, e);
        }
    }

    private static List<SchemaObject> objects(Connection c) throws SQLException {
        List<SchemaObject> objects = new ArrayList<>();
        for (Map.Entry<Kind, String> query : QUERIES.entrySet()) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query.getValue())) {
                while (rs.next()) {
                    objects.add(new SchemaObject(query.getKey(), rs.getString(1), rs.getString(2)));
                }
            }
        }
        return objects;
    }
}
