package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.adapter.archive.ClientEncodings;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.port.RestoreProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a plain pg_dump script the way {@code psql -v ON_ERROR_STOP=1 -f} does and hands its statements and
 * COPY data to a {@link ScriptTarget}, in one pass over a fixed buffer: memory does not grow with the dump.
 *
 * <p>Four classes share the work: {@link DumpInput} holds the window over the dump, {@link StatementLexer} finds
 * where statements end, {@link StatementFilter} says what the restore does with each, and {@link CopyDataReader}
 * passes COPY data on as bytes, never decoded. This one runs them in turn and counts what was loaded.
 *
 * <p>One instance reads one dump; not thread-safe.
 */
final class PlainDumpScanner {

    private static final Logger log = LoggerFactory.getLogger(PlainDumpScanner.class);

    private static final long PROGRESS_EVERY_BYTES = 8L << 20;
    static final String COMPLETE_MARKER = "-- PostgreSQL database dump complete";
    /** What pg_dumpall writes last, after the last database's own closing comment. */
    static final String CLUSTER_COMPLETE_MARKER = "-- PostgreSQL database cluster dump complete";

    private static final Pattern META_COMMAND_NAME = Pattern.compile("\\\\([A-Za-z]+|.)");

    private final DumpInput in;
    private final StatementLexer lexer;
    private final CopyDataReader copyData;
    private final String dumpName;
    private final ScriptTarget target;
    private final RestoreProgress progress;

    private String clientEncoding = "UTF8";
    private CharsetDecoder decoder = ClientEncodings.strictDecoder(StandardCharsets.UTF_8);

    private long statements;
    private long rows;
    private long skippedDatabaseStatements;
    private long skippedOwnershipStatements;
    private long nextProgressAt = PROGRESS_EVERY_BYTES;
    private boolean copyActive;
    private final boolean wholeDump;
    private final String completeMarker;

    PlainDumpScanner(InputStream in, String dumpName, ScriptTarget target, RestoreProgress progress) {
        this(in, dumpName, target, progress, true);
    }

    /**
     * A whole script that ends with {@code completeMarker}: {@link #CLUSTER_COMPLETE_MARKER} for pg_dumpall's
     * output, whose {@code \connect} lines go to {@link ScriptTarget#connect}.
     */
    PlainDumpScanner(InputStream in, String dumpName, ScriptTarget target, RestoreProgress progress,
                     String completeMarker) {
        this(in, dumpName, target, progress, true, completeMarker);
    }

    /**
     * @param wholeDump false for a fragment of SQL that is not a whole pg_dump script (an archive's {@code --inserts}
     *                  table data): it may be empty and does not end with pg_dump's closing comment
     */
    PlainDumpScanner(InputStream in, String dumpName, ScriptTarget target, RestoreProgress progress,
                     boolean wholeDump) {
        this(in, dumpName, target, progress, wholeDump, COMPLETE_MARKER);
    }

    private PlainDumpScanner(InputStream in, String dumpName, ScriptTarget target, RestoreProgress progress,
                             boolean wholeDump, String completeMarker) {
        this.completeMarker = completeMarker;
        this.wholeDump = wholeDump;
        this.in = new DumpInput(in, dumpName);
        this.lexer = new StatementLexer(this.in, completeMarker);
        this.copyData = new CopyDataReader(this.in, target);
        this.dumpName = dumpName;
        this.target = target;
        this.progress = progress;
    }

    /** Reads the whole dump, executing as it goes; returns what it loaded. */
    RestoreStats run() {
        try {
            while (lexer.skipToNextStatement()) {
                if (lexer.atMetaCommand()) {
                    metaCommand();
                    continue;
                }
                long startLine = in.line;
                if (!lexer.readStatement(startLine)) {
                    continue; // a lone semicolon
                }
                dispatch(lexer.decode(decoder, clientEncoding, startLine), startLine);
                progressIfDue(0);
            }
        } catch (RuntimeException e) {
            if (copyActive) {
                target.abortCopy();
            }
            throw e;
        }
        target.finish();
        if (!wholeDump) {
            return new RestoreStats(bytesConsumed(), rows, statements);
        }
        if (!lexer.sawContent()) {
            throw new BackupUnusableException(dumpName + " is empty");
        }
        if (!lexer.completeMarkerSeen()) {
            throw truncated("it does not end with the line \"" + completeMarker + "\" that "
                    + (completeMarker.equals(COMPLETE_MARKER) ? "pg_dump" : "pg_dumpall") + " writes last");
        }
        if (skippedDatabaseStatements > 0) {
            log.debug("skipped {} database-level statements (CREATE/ALTER/DROP/COMMENT ON DATABASE ...)",
                    skippedDatabaseStatements);
        }
        if (skippedOwnershipStatements > 0) {
            log.debug("skipped {} ownership and privilege statements (ALTER ... OWNER TO, GRANT, REVOKE)",
                    skippedOwnershipStatements);
        }
        progress.update(bytesConsumed(), rows);
        return new RestoreStats(bytesConsumed(), rows, statements);
    }

    // ---- psql meta-commands

    private void metaCommand() {
        long at = in.line;
        String text = lexer.readMetaCommand();
        Matcher name = META_COMMAND_NAME.matcher(text);
        String command = name.lookingAt() ? name.group(1) : "";
        switch (command) {
            // pg_dump --create switches databases (the target stays in its own); pg_dumpall's targets follow.
            case "connect", "c" -> target.connect(PsqlConnect.database(text.substring(name.end()), dumpName, at), at);
            // Newer pg_dump releases fence the script with these; they only matter to psql.
            case "restrict", "unrestrict" -> log.trace("line {}: ignoring {}", at, command);
            default -> throw new RestoreFailedException("restoring " + dumpName + " failed: unsupported psql "
                    + "meta-command \\" + command + " at line " + at);
        }
    }

    // ---- statements

    private void dispatch(String sql, long startLine) {
        Optional<String> encoding = StatementFilter.clientEncodingSet(sql);
        if (encoding.isPresent()) {
            // The JDBC driver insists on UTF8 on the wire; decode the dump's bytes ourselves instead.
            useClientEncoding(encoding.get(), startLine);
            return;
        }
        StatementFilter.standardConformingStringsSet(sql).ifPresent(lexer::standardConformingStrings);
        if (StatementFilter.isCopyFromStdin(sql)) {
            copy(sql, startLine);
            return;
        }
        if (StatementFilter.isDatabaseLevel(sql)) {
            skippedDatabaseStatements++;
            log.trace("line {}: skipping database-level statement {}", startLine, statementHead(sql));
            return;
        }
        if (StatementFilter.isOwnershipOrPrivilege(sql)) {
            skippedOwnershipStatements++;
            return;
        }
        target.execute(sql, startLine);
        statements++;
    }

    private void useClientEncoding(String name, long startLine) {
        Charset charset = ClientEncodings.charset(name).orElseThrow(() -> new RestoreFailedException("restoring "
                + dumpName + " failed: line " + startLine + " sets client_encoding " + name
                + ", which the loader does not support"));
        clientEncoding = ClientEncodings.normalize(name);
        decoder = ClientEncodings.strictDecoder(charset);
    }

    /**
     * A fragment written in {@code encoding} from its first byte (an archive's {@code --inserts} data, whose
     * archive says its encoding once, in its TOC).
     */
    PlainDumpScanner startingIn(String encoding) {
        useClientEncoding(encoding, 1);
        return this;
    }

    // ---- COPY ... FROM stdin

    private void copy(String sql, long startLine) {
        String table = copyTable(sql);
        copyData.skipRestOfLine(startLine, table);
        String command = sql;
        if (ClientEncodings.needsConversion(clientEncoding)) {
            // The connection speaks UTF8; tell the server what the data bytes really are.
            command = sql.strip() + " WITH (ENCODING '" + clientEncoding + "')";
        }
        target.beginCopy(command, startLine);
        copyActive = true;
        long lines = copyData.pass(startLine, table, this::progressIfDue);
        long copied = target.endCopy();
        copyActive = false;
        if (copied != lines) {
            log.debug("COPY into {} at line {}: server counted {} rows, dump has {} lines", table, startLine, copied,
                    lines);
        }
        rows += copied;
        statements++;
        progress.update(bytesConsumed(), rows);
    }

    /** The table a {@code COPY name (columns) FROM stdin} loads, as written (quotes kept). */
    static String copyTable(String sql) {
        int i = 4;
        int n = sql.length();
        while (i < n && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        int start = i;
        boolean quoted = false;
        for (; i < n; i++) {
            char ch = sql.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (!quoted && (Character.isWhitespace(ch) || ch == '(')) {
                break;
            }
        }
        return sql.substring(start, i);
    }

    private long bytesConsumed() {
        return in.bytesConsumed();
    }

    private void progressIfDue(long rowsInCurrentCopy) {
        long bytes = bytesConsumed();
        if (bytes >= nextProgressAt) {
            progress.update(bytes, rows + rowsInCurrentCopy);
            nextProgressAt = bytes + PROGRESS_EVERY_BYTES;
        }
    }

    private BackupUnusableException truncated(String why) {
        return in.truncated(why);
    }

    /** The start of a statement on one line, for messages: whitespace runs collapsed, at most 80 characters. */
    static String statementHead(String sql) {
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 80) + "...";
    }
}
