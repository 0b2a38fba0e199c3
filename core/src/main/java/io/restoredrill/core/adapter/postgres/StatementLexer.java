package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.BackupUnusableException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds where the statements of a plain dump begin and end, knowing what PostgreSQL's lexer knows about it: quoted
 * strings (also {@code E''} strings with backslash escapes, and every string when {@code standard_conforming_strings}
 * is off), quoted identifiers, dollar quoting, {@code --} comments and nested block comments. Between statements it
 * skips whitespace and comments, and notices pg_dump's closing comment.
 *
 * <p>A statement's bytes collect in a buffer of its own (one huge statement does not keep a huge buffer); they are
 * decoded only once the statement is whole.
 */
final class StatementLexer {

    private static final int INITIAL_STATEMENT_CAPACITY = 64 * 1024;
    private static final int MAX_DOLLAR_TAG = 128;
    private static final int COMMENT_CAPTURE = 64;

    private static final int NORMAL = 0;
    private static final int STRING = 1;
    private static final int ESCAPE_STRING = 2;
    private static final int QUOTED_IDENTIFIER = 3;
    private static final int DOLLAR_QUOTED = 4;
    private static final int LINE_COMMENT = 5;
    private static final int BLOCK_COMMENT = 6;

    private final DumpInput in;
    private final String completeMarker;

    private byte[] statement = new byte[INITIAL_STATEMENT_CAPACITY];
    private int statementLength;
    private final byte[] comment = new byte[COMMENT_CAPTURE];
    private boolean standardConformingStrings = true;
    private boolean sawContent;
    private boolean completeMarkerSeen;

    /** @param completeMarker the comment line the script ends with, noticed by {@link #completeMarkerSeen()} */
    StatementLexer(DumpInput in, String completeMarker) {
        this.in = in;
        this.completeMarker = completeMarker;
    }

    /** {@code SET standard_conforming_strings}: when off, a backslash escapes in every quoted string. */
    void standardConformingStrings(boolean on) {
        standardConformingStrings = on;
    }

    /** True once anything but whitespace was read. */
    boolean sawContent() {
        return sawContent;
    }

    /** True when the closing comment came after the last statement (psql meta-commands may follow it). */
    boolean completeMarkerSeen() {
        return completeMarkerSeen;
    }

    // ---- between statements: whitespace, comments

    /** Skips whitespace and comments; true when a statement or meta-command starts at {@code in.pos}. */
    boolean skipToNextStatement() {
        for (;;) {
            if (in.pos == in.limit && !in.fill()) {
                return false;
            }
            byte c = in.buf[in.pos];
            switch (c) {
                case '\n' -> {
                    in.line++;
                    in.pos++;
                }
                case ' ', '\t', '\r', '\f', 0x0B -> in.pos++;
                case '-' -> {
                    sawContent = true;
                    if (in.peek(1) != '-') {
                        return true;
                    }
                    skipLineComment();
                }
                case '/' -> {
                    sawContent = true;
                    if (in.peek(1) != '*') {
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

    /** At the start of a statement: true when it is a psql meta-command ({@code \connect ...}). */
    boolean atMetaCommand() {
        return in.buf[in.pos] == '\\';
    }

    private void skipLineComment() {
        int captured = 0;
        for (int c; (c = nextOnLine()) >= 0;) {
            if (captured < COMMENT_CAPTURE) {
                comment[captured++] = (byte) c;
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
        long startLine = in.line;
        in.pos += 2;
        int depth = 1;
        while (depth > 0) {
            if (in.pos == in.limit && !in.fill()) {
                throw in.truncated("it ends inside the /* comment */ that starts at line " + startLine);
            }
            byte c = in.buf[in.pos];
            if (c == '*' && in.peek(1) == '/') {
                depth--;
                in.pos += 2;
            } else if (c == '/' && in.peek(1) == '*') {
                depth++;
                in.pos += 2;
            } else {
                if (c == '\n') {
                    in.line++;
                }
                in.pos++;
            }
        }
    }

    /** Reads a meta-command's line, backslash included, and returns it decoded and stripped. */
    String readMetaCommand() {
        statementLength = 0;
        for (int c; (c = nextOnLine()) >= 0;) {
            append((byte) c);
        }
        return new String(statement, 0, statementLength, StandardCharsets.UTF_8).strip();
    }

    /** The next byte of the line at {@code in.pos} (0-255), or -1 once its newline (counted) or the dump has ended. */
    private int nextOnLine() {
        if (in.pos == in.limit && !in.fill()) {
            return -1;
        }
        byte c = in.buf[in.pos++];
        if (c == '\n') {
            in.line++;
            return -1;
        }
        return c & 0xFF;
    }

    // ---- statements

    /**
     * Reads from {@code in.pos} up to and including the next top-level semicolon; false for a lone semicolon (no
     * statement). {@link #decode} gives the statement.
     */
    boolean readStatement(long startLine) {
        statementLength = 0;
        int state = NORMAL;
        int depth = 0;
        byte[] delimiter = null;
        int bodyStart = 0;
        for (;;) {
            if (in.pos == in.limit && !in.fill()) {
                throw in.truncated("it ends " + where(state) + " in the statement that starts at line " + startLine
                        + " (" + PlainDumpScanner.statementHead(new String(statement, 0, Math.min(statementLength, 200),
                        StandardCharsets.ISO_8859_1)) + ")");
            }
            byte c = in.buf[in.pos];
            switch (state) {
                case NORMAL -> {
                    if (c == ';') {
                        in.pos++;
                        if (statementLength == 0) {
                            return false;
                        }
                        completeMarkerSeen = false;
                        return true;
                    } else if (c == '\'') {
                        state = isEscapeStringPrefix() || !standardConformingStrings ? ESCAPE_STRING : STRING;
                    } else if (c == '"') {
                        state = QUOTED_IDENTIFIER;
                    } else if (c == '$') {
                        int tagLength = dollarTagLength();
                        if (tagLength >= 0) {
                            delimiter = Arrays.copyOfRange(in.buf, in.pos, in.pos + tagLength + 2);
                            append(delimiter, 0, delimiter.length);
                            in.pos += delimiter.length;
                            bodyStart = statementLength;
                            state = DOLLAR_QUOTED;
                            continue;
                        }
                    } else if (c == '-' && in.peek(1) == '-') {
                        state = LINE_COMMENT;
                    } else if (c == '/' && in.peek(1) == '*') {
                        append(c);
                        in.pos++;
                        c = '*';
                        state = BLOCK_COMMENT;
                        depth = 1;
                    }
                }
                case STRING, QUOTED_IDENTIFIER, ESCAPE_STRING -> {
                    byte quote = state == QUOTED_IDENTIFIER ? (byte) '"' : (byte) '\'';
                    if (c == '\\' && state == ESCAPE_STRING) {
                        append(c);
                        in.pos++;
                        if (in.pos == in.limit && !in.fill()) {
                            continue; // reported as truncated at the top of the loop
                        }
                        c = in.buf[in.pos];
                    } else if (c == quote) {
                        if (in.peek(1) == quote) {
                            append(c);
                            in.pos++;
                        } else {
                            state = NORMAL;
                        }
                    }
                }
                case DOLLAR_QUOTED -> {
                    if (c == '$') {
                        append(c);
                        in.pos++;
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
                    if (c == '*' && in.peek(1) == '/') {
                        append(c);
                        in.pos++;
                        c = '/';
                        if (--depth == 0) {
                            state = NORMAL;
                        }
                    } else if (c == '/' && in.peek(1) == '*') {
                        append(c);
                        in.pos++;
                        c = '*';
                        depth++;
                    }
                }
                default -> throw new IllegalStateException("state " + state);
            }
            if (c == '\n') {
                in.line++;
            }
            append(c);
            in.pos++;
        }
    }

    /** The statement just read, decoded; bytes that are not valid in the dump's encoding make the dump corrupt. */
    String decode(CharsetDecoder decoder, String encoding, long startLine) {
        try {
            return decoder.decode(ByteBuffer.wrap(statement, 0, statementLength)).toString();
        } catch (CharacterCodingException e) {
            throw new BackupUnusableException(in.dumpName() + " is corrupt: the statement at line " + startLine
                    + " is not valid " + encoding + " text", e);
        } finally {
            if (statement.length > 16 * INITIAL_STATEMENT_CAPACITY) {
                // One huge statement must not keep its buffer for the rest of the dump.
                statement = new byte[INITIAL_STATEMENT_CAPACITY];
            }
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
            int b = in.peek(k);
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
}
