package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.adapter.archive.ClientEncodings;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.port.RestoreProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

/**
 * Reads a plain pg_dump script the way {@code psql -v ON_ERROR_STOP=1 -f} does and hands its statements and
 * COPY data to a {@link ScriptTarget}, in one pass over a fixed buffer: memory does not grow with the dump.
 *
 * <p>The tokenizer knows what PostgreSQL's lexer knows about where a statement ends: quoted strings (also
 * {@code E''} strings with backslash escapes), quoted identifiers, dollar quoting, {@code --} comments and nested
 * block comments. COPY data is passed on as bytes, never decoded; it is only scanned for line ends and for the
 * {@code \.} terminator.
 *
 * <p>One instance reads one dump; not thread-safe.
 */
final class PlainDumpScanner {

    private static final Logger log = LoggerFactory.getLogger(PlainDumpScanner.class);

    static final int BUFFER_SIZE = 1 << 20;
    private static final long PROGRESS_EVERY_BYTES = 8L << 20;
    private static final int INITIAL_STATEMENT_CAPACITY = 64 * 1024;
    private static final int MAX_DOLLAR_TAG = 128;
    static final String COMPLETE_MARKER = "-- PostgreSQL database dump complete";
    /** What pg_dumpall writes last, after the last database's own closing comment. */
    static final String CLUSTER_COMPLETE_MARKER = "-- PostgreSQL database cluster dump complete";
    private static final int COMMENT_CAPTURE = 64;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;

    private static final int NORMAL = 0;
    private static final int STRING = 1;
    private static final int ESCAPE_STRING = 2;
    private static final int QUOTED_IDENTIFIER = 3;
    private static final int DOLLAR_QUOTED = 4;
    private static final int LINE_COMMENT = 5;
    private static final int BLOCK_COMMENT = 6;

    private static final Pattern COPY_FROM_STDIN = Pattern.compile("(?is)COPY\\s.*\\sFROM\\s+STDIN(?:\\s.*)?");
    private static final Pattern SET_CLIENT_ENCODING =
            Pattern.compile("(?is)SET\\s+(?:SESSION\\s+)?client_encoding\\s*(?:=|TO)\\s*'?([A-Za-z0-9_-]+)'?\\s*");
    private static final Pattern SET_STANDARD_CONFORMING_STRINGS =
            Pattern.compile("(?is)SET\\s+(?:SESSION\\s+)?standard_conforming_strings\\s*(?:=|TO)\\s*'?(on|off|true|false)'?\\s*");
    /**
     * Statements about a database as a whole. The drill restores into its own database and must never create,
     * change or drop another one, so these (written by {@code pg_dump --create} and {@code pg_dumpall}) are skipped.
     */
    private static final Pattern DATABASE_LEVEL = Pattern.compile("(?is)(?:"
            + "(?:CREATE|DROP|ALTER)\\s+DATABASE"
            + "|COMMENT\\s+ON\\s+DATABASE"
            + "|SECURITY\\s+LABEL\\s+(?:FOR\\s+\\S+\\s+)?ON\\s+DATABASE"
            + "|(?:GRANT|REVOKE)\\s[^;]*?\\sON\\s+DATABASE"
            + "|ALTER\\s+ROLE\\s+\\S+\\s+IN\\s+DATABASE"
            + ")\\b");
    /**
     * Ownership and privileges name the production's roles, which the temporary database does not have. Like
     * {@code pg_restore --no-owner --no-privileges} (what the custom-format restorer runs), these are skipped:
     * the drill proves the data restores, not the role setup.
     */
    private static final Pattern OWNERSHIP_OR_PRIVILEGE = Pattern.compile("(?is)(?:"
            + "ALTER\s[^;]*?\sOWNER\s+TO\s"
            + "|GRANT\s|REVOKE\s"
            + "|ALTER\s+DEFAULT\s+PRIVILEGES\s"
            + "|SET\s+(?:SESSION\s+)?(?:SESSION\s+AUTHORIZATION|ROLE)\s"
            + ")");
    private static final Pattern META_COMMAND_NAME = Pattern.compile("\\\\([A-Za-z]+|.)");

    private final InputStream in;
    private final String dumpName;
    private final ScriptTarget target;
    private final RestoreProgress progress;

    private final byte[] buf = new byte[BUFFER_SIZE];
    private int pos;
    private int limit;
    private boolean eof;
    /** Bytes of the dump that were before {@code buf[0]}. */
    private long discarded;
    private long line = 1;

    private byte[] statement = new byte[INITIAL_STATEMENT_CAPACITY];
    private int statementLength;
    private final byte[] comment = new byte[COMMENT_CAPTURE];

    private String clientEncoding = "UTF8";
    private CharsetDecoder decoder = ClientEncodings.strictDecoder(StandardCharsets.UTF_8);
    private boolean standardConformingStrings = true;

    private long statements;
    private long rows;
    private long skippedDatabaseStatements;
    private long skippedOwnershipStatements;
    private long nextProgressAt = PROGRESS_EVERY_BYTES;
    private boolean sawContent;
    private boolean completeMarkerSeen;
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
        this.in = in;
        this.dumpName = dumpName;
        this.target = target;
        this.progress = progress;
    }

    /** Reads the whole dump, executing as it goes; returns what it loaded. */
    RestoreStats run() {
        try {
            while (skipToNextStatement()) {
                if (buf[pos] == '\\') {
                    metaCommand();
                    continue;
                }
                long startLine = line;
                readStatement(startLine);
                if (statementLength == 0) {
                    continue; // a lone semicolon
                }
                completeMarkerSeen = false;
                dispatch(decodeStatement(startLine), startLine);
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
        if (!sawContent) {
            throw new BackupUnusableException(dumpName + " is empty");
        }
        if (!completeMarkerSeen) {
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

    // ---- between statements: whitespace, comments, psql meta-commands

    /** Skips whitespace and comments; true when a statement or meta-command starts at {@code pos}. */
    private boolean skipToNextStatement() {
        for (;;) {
            if (pos == limit && !fill()) {
                return false;
            }
            byte c = buf[pos];
            switch (c) {
                case '\n' -> {
                    line++;
                    pos++;
                }
                case ' ', '\t', '\r', '\f', 0x0B -> pos++;
                case '-' -> {
                    sawContent = true;
                    if (peek(1) != '-') {
                        return true;
                    }
                    skipLineComment();
                }
                case '/' -> {
                    sawContent = true;
                    if (peek(1) != '*') {
                        return true;
                    }
                    skipBlockComment();
                }
                default -> {
                    sawContent = true;
                    return true;
                }
            }
        }
    }

    private void skipLineComment() {
        int captured = 0;
        for (;;) {
            if (pos == limit && !fill()) {
                break;
            }
            byte c = buf[pos++];
            if (c == '\n') {
                line++;
                break;
            }
            if (captured < COMMENT_CAPTURE) {
                comment[captured++] = c;
            }
        }
        while (captured > 0 && (comment[captured - 1] == '\r' || comment[captured - 1] == ' ')) {
            captured--;
        }
        if (captured == completeMarker.length()
                && completeMarker.equals(new String(comment, 0, captured, StandardCharsets.ISO_8859_1))) {
            completeMarkerSeen = true;
        }
    }

    private void skipBlockComment() {
        long startLine = line;
        pos += 2;
        int depth = 1;
        while (depth > 0) {
            if (pos == limit && !fill()) {
                throw truncated("it ends inside the /* comment */ that starts at line " + startLine);
            }
            byte c = buf[pos];
            if (c == '*' && peek(1) == '/') {
                depth--;
                pos += 2;
            } else if (c == '/' && peek(1) == '*') {
                depth++;
                pos += 2;
            } else {
                if (c == '\n') {
                    line++;
                }
                pos++;
            }
        }
    }

    private void metaCommand() {
        long at = line;
        statementLength = 0;
        for (;;) {
            if (pos == limit && !fill()) {
                break;
            }
            byte c = buf[pos++];
            if (c == '\n') {
                line++;
                break;
            }
            append(c);
        }
        String text = new String(statement, 0, statementLength, StandardCharsets.UTF_8).strip();
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

    /** Reads from {@code pos} up to and including the next top-level semicolon into {@link #statement}. */
    private void readStatement(long startLine) {
        statementLength = 0;
        int state = NORMAL;
        int depth = 0;
        byte[] delimiter = null;
        int bodyStart = 0;
        for (;;) {
            if (pos == limit && !fill()) {
                throw truncated("it ends " + where(state) + " in the statement that starts at line " + startLine
                        + " (" + statementHead(new String(statement, 0, Math.min(statementLength, 200),
                        StandardCharsets.ISO_8859_1)) + ")");
            }
            byte c = buf[pos];
            switch (state) {
                case NORMAL -> {
                    if (c == ';') {
                        pos++;
                        return;
                    } else if (c == '\'') {
                        state = isEscapeStringPrefix() || !standardConformingStrings ? ESCAPE_STRING : STRING;
                    } else if (c == '"') {
                        state = QUOTED_IDENTIFIER;
                    } else if (c == '$') {
                        int tagLength = dollarTagLength();
                        if (tagLength >= 0) {
                            delimiter = Arrays.copyOfRange(buf, pos, pos + tagLength + 2);
                            append(delimiter, 0, delimiter.length);
                            pos += delimiter.length;
                            bodyStart = statementLength;
                            state = DOLLAR_QUOTED;
                            continue;
                        }
                    } else if (c == '-' && peek(1) == '-') {
                        state = LINE_COMMENT;
                    } else if (c == '/' && peek(1) == '*') {
                        append(c);
                        pos++;
                        c = '*';
                        state = BLOCK_COMMENT;
                        depth = 1;
                    }
                }
                case STRING, QUOTED_IDENTIFIER, ESCAPE_STRING -> {
                    byte quote = state == QUOTED_IDENTIFIER ? (byte) '"' : (byte) '\'';
                    if (c == '\\' && state == ESCAPE_STRING) {
                        append(c);
                        pos++;
                        if (pos == limit && !fill()) {
                            continue; // reported as truncated at the top of the loop
                        }
                        c = buf[pos];
                    } else if (c == quote) {
                        if (peek(1) == quote) {
                            append(c);
                            pos++;
                        } else {
                            state = NORMAL;
                        }
                    }
                }
                case DOLLAR_QUOTED -> {
                    if (c == '$') {
                        append(c);
                        pos++;
                        if (statementLength - bodyStart >= delimiter.length && endsWith(delimiter)) {
                            state = NORMAL;
                        }
                        continue;
                    }
                }
                case LINE_COMMENT -> {
                    if (c == '\n') {
                        state = NORMAL;
                    }
                }
                case BLOCK_COMMENT -> {
                    if (c == '*' && peek(1) == '/') {
                        append(c);
                        pos++;
                        c = '/';
                        if (--depth == 0) {
                            state = NORMAL;
                        }
                    } else if (c == '/' && peek(1) == '*') {
                        append(c);
                        pos++;
                        c = '*';
                        depth++;
                    }
                }
                default -> throw new IllegalStateException("state " + state);
            }
            if (c == '\n') {
                line++;
            }
            append(c);
            pos++;
        }
    }

    private static String where(int state) {
        return switch (state) {
            case STRING, ESCAPE_STRING -> "inside a quoted string";
            case QUOTED_IDENTIFIER -> "inside a quoted identifier";
            case DOLLAR_QUOTED -> "inside a dollar-quoted body";
            case BLOCK_COMMENT -> "inside a /* comment */";
            default -> "before the semicolon";
        };
    }

    /** {@code E'...'}: the quote follows a lone E (not the end of an identifier such as {@code some'}). */
    private boolean isEscapeStringPrefix() {
        if (statementLength == 0) {
            return false;
        }
        byte e = statement[statementLength - 1];
        return (e == 'E' || e == 'e') && (statementLength == 1 || !isIdentifierChar(statement[statementLength - 2]));
    }

    /** At a {@code $}: the length of the tag of the dollar quote starting here, or -1 when none starts here. */
    private int dollarTagLength() {
        if (statementLength > 0 && isIdentifierChar(statement[statementLength - 1])) {
            return -1; // "a$b" is an identifier, "$1" a parameter
        }
        for (int k = 1; k <= MAX_DOLLAR_TAG; k++) {
            int b = peek(k);
            if (b == '$') {
                return k - 1;
            }
            boolean tagChar = b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_' || b >= 0x80
                    || k > 1 && b >= '0' && b <= '9';
            if (!tagChar) {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isIdentifierChar(byte b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '$' || b < 0;
    }

    private boolean endsWith(byte[] suffix) {
        int from = statementLength - suffix.length;
        return Arrays.equals(statement, from, statementLength, suffix, 0, suffix.length);
    }

    private String decodeStatement(long startLine) {
        try {
            return decoder.decode(ByteBuffer.wrap(statement, 0, statementLength)).toString();
        } catch (CharacterCodingException e) {
            throw new BackupUnusableException(dumpName + " is corrupt: the statement at line " + startLine
                    + " is not valid " + clientEncoding + " text", e);
        } finally {
            if (statement.length > 16 * INITIAL_STATEMENT_CAPACITY) {
                // One huge statement must not keep its buffer for the rest of the dump.
                statement = new byte[INITIAL_STATEMENT_CAPACITY];
            }
        }
    }

    private void dispatch(String sql, long startLine) {
        char first = Character.toUpperCase(sql.charAt(0));
        if (first == 'S' && sql.length() < 200) {
            Matcher encoding = SET_CLIENT_ENCODING.matcher(sql);
            if (encoding.matches()) {
                // The JDBC driver insists on UTF8 on the wire; decode the dump's bytes ourselves instead.
                useClientEncoding(encoding.group(1), startLine);
                return;
            }
            Matcher strings = SET_STANDARD_CONFORMING_STRINGS.matcher(sql);
            if (strings.matches()) {
                String value = strings.group(1).toLowerCase(Locale.ROOT);
                standardConformingStrings = value.equals("on") || value.equals("true");
            }
        }
        if (first == 'C' && COPY_FROM_STDIN.matcher(sql).matches()) {
            copy(sql, startLine);
            return;
        }
        if ((first == 'C' || first == 'D' || first == 'A' || first == 'G' || first == 'R' || first == 'S')
                && DATABASE_LEVEL.matcher(sql.length() > 500 ? sql.substring(0, 500) : sql).lookingAt()) {
            skippedDatabaseStatements++;
            log.trace("line {}: skipping database-level statement {}", startLine, statementHead(sql));
            return;
        }
        if ((first == 'A' || first == 'G' || first == 'R' || first == 'S')
                && OWNERSHIP_OR_PRIVILEGE.matcher(sql.length() > 500 ? sql.substring(0, 500) : sql).lookingAt()) {
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
        skipRestOfLine(startLine, table);
        String command = sql;
        if (ClientEncodings.needsConversion(clientEncoding)) {
            // The connection speaks UTF8; tell the server what the data bytes really are.
            command = sql.strip() + " WITH (ENCODING '" + clientEncoding + "')";
        }
        target.beginCopy(command, startLine);
        copyActive = true;
        long lines = copyBody(startLine, table);
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

    private void skipRestOfLine(long startLine, String table) {
        for (;;) {
            if (pos == limit && !fill()) {
                throw truncated("it ends right after the COPY into " + table + " at line " + startLine);
            }
            if (buf[pos++] == '\n') {
                line++;
                return;
            }
        }
    }

    /**
     * Sends the data lines to the target as large slices of the read buffer, up to the {@code \.} line; returns
     * how many data lines there were. This is the hot loop of a restore: no allocation, no decoding.
     */
    private long copyBody(long startLine, String table) {
        long lines = 0;
        int p = pos;
        int sliceStart = p;
        boolean lineStart = true;
        for (;;) {
            if (lineStart) {
                if (limit - p < 4 && !eof) {
                    flush(sliceStart, p, lines);
                    pos = p;
                    progressIfDue(lines);
                    fill();
                    p = pos;
                    sliceStart = p;
                    continue;
                }
                if (p == limit) {
                    flush(sliceStart, p, lines);
                    pos = p;
                    throw truncated("it ends inside the data of the COPY into " + table + " at line " + startLine
                            + ", after " + lines + " rows");
                }
                if (buf[p] == '\\' && isCopyTerminator(p)) {
                    flush(sliceStart, p, lines);
                    pos = p;
                    skipRestOfLine(startLine, table);
                    line += lines;
                    return lines;
                }
                lineStart = false;
            }
            int nl = indexOfNewline(p);
            if (nl < 0) {
                flush(sliceStart, limit, lines);
                pos = limit;
                progressIfDue(lines);
                if (!fill()) {
                    throw truncated("it ends inside the data of the COPY into " + table + " at line " + startLine
                            + ", in the middle of row " + (lines + 1));
                }
                p = pos;
                sliceStart = p;
                continue;
            }
            lines++;
            p = nl + 1;
            lineStart = true;
        }
    }

    /**
     * The next {@code \n} at or after {@code from}, or -1. Tests eight bytes at a time (the classic "has a zero
     * byte" bit trick on {@code word ^ 0x0a0a...}): the COPY loop spends most of its time here.
     */
    private int indexOfNewline(int from) {
        byte[] b = buf;
        int end = limit;
        int i = from;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long word = (long) LONGS.get(b, i) ^ NEWLINES;
            long zeroBytes = (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
            if (zeroBytes != 0) {
                return i + (Long.numberOfTrailingZeros(zeroBytes) >>> 3);
            }
        }
        for (; i < end; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** {@code \.} alone on its line (a data line never starts with it: COPY escapes backslashes). */
    private boolean isCopyTerminator(int p) {
        if (p + 1 >= limit || buf[p + 1] != '.') {
            return false;
        }
        int after = p + 2;
        if (after == limit || buf[after] == '\n') {
            return true;
        }
        return buf[after] == '\r' && (after + 1 == limit || buf[after + 1] == '\n');
    }

    /** Passes {@code buf[from, to)}; {@code rows} is the number of data lines that end before {@code to}. */
    private void flush(int from, int to, long rows) {
        if (to > from) {
            target.copyData(buf, from, to - from, rows);
        }
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

    // ---- buffer

    /** Makes more bytes available after {@code limit}, keeping those from {@code pos}; false at end of dump. */
    private boolean fill() {
        if (eof) {
            return false;
        }
        if (pos > 0) {
            int keep = limit - pos;
            System.arraycopy(buf, pos, buf, 0, keep);
            discarded += pos;
            pos = 0;
            limit = keep;
        }
        int before = limit;
        try {
            while (limit < buf.length) {
                int n = in.read(buf, limit, buf.length - limit);
                if (n < 0) {
                    eof = true;
                    break;
                }
                limit += n;
            }
        } catch (EOFException | ZipException e) {
            throw new BackupUnusableException(dumpName + " is truncated or corrupt: the compressed stream breaks off"
                    + " after " + (discarded + limit) + " uncompressed bytes (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new BackupUnusableException("cannot read " + dumpName + " after " + (discarded + limit)
                    + " bytes: " + e.getMessage(), e);
        }
        return limit > before;
    }

    /** The byte {@code k} ahead of {@code pos}, or -1 past the end of the dump. */
    private int peek(int k) {
        while (pos + k >= limit) {
            if (!fill()) {
                return -1;
            }
        }
        return buf[pos + k];
    }

    private void append(byte c) {
        if (statementLength == statement.length) {
            statement = Arrays.copyOf(statement, statement.length * 2);
        }
        statement[statementLength++] = c;
    }

    private void append(byte[] bytes, int from, int length) {
        if (statementLength + length > statement.length) {
            statement = Arrays.copyOf(statement, Math.max(statement.length * 2, statementLength + length));
        }
        System.arraycopy(bytes, from, statement, statementLength, length);
        statementLength += length;
    }

    private long bytesConsumed() {
        return discarded + pos;
    }

    private void progressIfDue(long rowsInCurrentCopy) {
        long bytes = bytesConsumed();
        if (bytes >= nextProgressAt) {
            progress.update(bytes, rows + rowsInCurrentCopy);
            nextProgressAt = bytes + PROGRESS_EVERY_BYTES;
        }
    }

    private BackupUnusableException truncated(String why) {
        return new BackupUnusableException(dumpName + " is truncated: " + why);
    }

    /** The start of a statement on one line, for messages: whitespace runs collapsed, at most 80 characters. */
    static String statementHead(String sql) {
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 80) + "...";
    }
}
