package io.restoredrill.core.adapter.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Consecutive {@code INSERT} statements of a dump, held back so that they reach the server together. A dump made
 * with {@code pg_dump --inserts} or {@code --column-inserts} has one statement per row (or per
 * {@code --rows-per-insert} rows); sent one by one, each costs a round trip and a commit of its own, and the load
 * takes many times as long as the same data in COPY blocks.
 *
 * <p>A batch goes to the server as one simple-protocol query holding all its statements, which PostgreSQL runs as
 * one transaction: one round trip, one commit, and when a statement fails nothing of the batch remains. The caller
 * then replays the batch statement by statement ({@link #statements()}) to name the one that fails, with its place.
 *
 * <p>Only INSERTs are held back: they are what such dumps repeat, and an INSERT never controls a transaction or
 * changes a session setting, so running several in one transaction is what running them one by one does. Any other
 * statement ends the batch first, so statements still run in the dump's order.
 */
final class InsertBatch {

    /** Statements per batch: large enough that round trips vanish, small enough that a replay is quick. */
    static final int DEFAULT_MAX_STATEMENTS = 1_000;
    /** Bytes of SQL per batch, so a dump of wide rows does not build one huge query string. */
    static final int MAX_CHARS = 4 * 1024 * 1024;

    private static final Pattern INSERT = Pattern.compile("(?is)\\s*INSERT\\s+INTO\\s");

    /** One statement of the batch and where in the dump it is ({@code "at line 42"}). */
    record Statement(String sql, String where) {
    }

    private final int maxStatements;
    private final List<Statement> statements = new ArrayList<>();
    private final StringBuilder query = new StringBuilder();

    /** @param maxStatements statements per batch; 1 sends every statement on its own, as before batching */
    InsertBatch(int maxStatements) {
        if (maxStatements < 1) {
            throw new IllegalArgumentException("maxStatements must be at least 1, not " + maxStatements);
        }
        this.maxStatements = maxStatements;
    }

    /** Whether a statement may join a batch: an INSERT (pg_dump writes them as {@code INSERT INTO ...}). */
    static boolean accepts(String sql) {
        return sql.length() > 12 && (sql.charAt(0) == 'I' || sql.charAt(0) == 'i' || Character.isWhitespace(
                sql.charAt(0))) && INSERT.matcher(sql).lookingAt();
    }

    void add(String sql, String where) {
        statements.add(new Statement(sql, where));
        query.append(sql).append(";\n");
    }

    boolean isEmpty() {
        return statements.isEmpty();
    }

    /** Whether the batch should be sent before it grows further. */
    boolean isFull() {
        return statements.size() >= maxStatements || query.length() >= MAX_CHARS;
    }

    /** All statements as one query string, each ended by a semicolon. */
    String query() {
        return query.toString();
    }

    List<Statement> statements() {
        return List.copyOf(statements);
    }

    int size() {
        return statements.size();
    }

    void clear() {
        statements.clear();
        query.setLength(0);
    }
}
