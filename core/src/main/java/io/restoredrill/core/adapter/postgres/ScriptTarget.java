package io.restoredrill.core.adapter.postgres;

/**
 * Where {@link PlainDumpScanner} sends what it finds in a dump: one call per SQL statement, and a
 * begin/data/end sequence per {@code COPY ... FROM stdin} block. Failures are thrown as
 * {@link io.restoredrill.core.domain.RestoreFailedException}s that already name the dump's line.
 */
interface ScriptTarget {

    /**
     * Executes one statement (without its terminating semicolon) that starts at {@code line}, or holds it back to
     * run together with the next ones (consecutive INSERTs); a failure then surfaces at the latest in
     * {@link #finish()}, still naming the statement's line.
     */
    void execute(String sql, long line);

    /**
     * The dump has no more statements: anything held back (a batch of INSERTs) is executed now. Failures are
     * thrown as by {@link #execute}.
     */
    void finish();

    /**
     * The script switches to {@code database} ({@code \connect}, at {@code line}). Statements held back so far are
     * for the database before. By default the target stays where it is: a single database's dump (made with
     * {@code pg_dump --create}) is restored into the drill's own database.
     */
    default void connect(String database, long line) {
    }

    /** Starts a {@code COPY ... FROM stdin} whose statement starts at {@code line}. */
    void beginCopy(String sql, long line);

    /**
     * Passes COPY data (whole or partial lines, never the {@code \.} terminator) as is; {@code rowsSoFar} counts
     * the data lines of this COPY that end within the bytes passed so far, this call's included.
     */
    void copyData(byte[] data, int offset, int length, long rowsSoFar);

    /** Ends the current COPY; returns the rows the server loaded. */
    long endCopy();

    /** Abandons the current COPY (the dump ended inside it); never throws. */
    void abortCopy();
}
