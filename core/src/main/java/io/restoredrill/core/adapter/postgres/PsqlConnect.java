package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.BackupUnusableException;

/**
 * The database a {@code \connect} line of a dump switches to, in the two forms pg_dump and pg_dumpall write
 * ({@code appendPsqlMetaConnect} in PostgreSQL's {@code fe_utils/string_utils.c}): {@code \connect name} (the name
 * quoted as an identifier when it needs it), and for names with other characters
 * {@code \connect -reuse-previous=on "dbname='it''s \'odd\''"}, a connection string in identifier quotes.
 */
final class PsqlConnect {

    private static final String REUSE_PREVIOUS = "-reuse-previous=";

    private PsqlConnect() {
    }

    /**
     * @param arguments what follows {@code \connect} on its line
     * @throws BackupUnusableException when the line names no database this reader understands
     */
    static String database(String arguments, String dumpName, long line) {
        String rest = arguments.strip();
        if (rest.startsWith(REUSE_PREVIOUS)) {
            int end = rest.indexOf(' ');
            rest = end < 0 ? "" : rest.substring(end + 1).strip();
        }
        String argument = unquoteIdentifier(rest, dumpName, line);
        String database = argument.startsWith("dbname=") ? connectionStringValue(argument.substring(7), dumpName,
                line) : argument;
        if (database.isEmpty() || database.equals("-")) {
            throw unreadable(dumpName, line, "names no database");
        }
        return database;
    }

    /** One psql argument: {@code "..."} with {@code ""} for a quote inside, or a bare word. */
    private static String unquoteIdentifier(String text, String dumpName, long line) {
        if (!text.startsWith("\"")) {
            int space = text.indexOf(' ');
            return space < 0 ? text : text.substring(0, space);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    out.append('"');
                    i++;
                } else {
                    return out.toString();
                }
            } else {
                out.append(c);
            }
        }
        throw unreadable(dumpName, line, "has an unterminated quoted name");
    }

    /** A libpq connection string value: bare up to a space, or {@code '...'} with backslash escapes. */
    private static String connectionStringValue(String text, String dumpName, long line) {
        if (!text.startsWith("'")) {
            int space = text.indexOf(' ');
            return space < 0 ? text : text.substring(0, space);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                out.append(text.charAt(++i));
            } else if (c == '\'') {
                return out.toString();
            } else {
                out.append(c);
            }
        }
        throw unreadable(dumpName, line, "has an unterminated quoted dbname");
    }

    private static BackupUnusableException unreadable(String dumpName, long line, String why) {
        return new BackupUnusableException(dumpName + " is corrupt: the \\connect at line " + line + " " + why);
    }
}
