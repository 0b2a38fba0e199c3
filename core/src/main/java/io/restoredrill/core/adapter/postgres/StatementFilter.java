package io.restoredrill.core.adapter.postgres;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules by which a plain dump's statements are restored into a temporary database: which ones are skipped
 * (about whole databases, or ownership and privileges), which start COPY data, and which change how the rest of
 * the script is read. Each test looks at the first letter before it runs a pattern, so a dump's many other
 * statements cost a character comparison.
 */
final class StatementFilter {

    /** A statement this long is not one of the settings below; longer ones are only looked at up to here. */
    private static final int SETTING_MAX_LENGTH = 200;
    private static final int HEAD_LENGTH = 500;

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

    private StatementFilter() {
    }

    /** {@code SET client_encoding = 'LATIN1'}: the encoding it names. */
    static Optional<String> clientEncodingSet(String sql) {
        if (first(sql) != 'S' || sql.length() >= SETTING_MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher m = SET_CLIENT_ENCODING.matcher(sql);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** {@code SET standard_conforming_strings = off}: whether it turns them on. */
    static Optional<Boolean> standardConformingStringsSet(String sql) {
        if (first(sql) != 'S' || sql.length() >= SETTING_MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher m = SET_STANDARD_CONFORMING_STRINGS.matcher(sql);
        if (!m.matches()) {
            return Optional.empty();
        }
        String value = m.group(1).toLowerCase(Locale.ROOT);
        return Optional.of(value.equals("on") || value.equals("true"));
    }

    /** {@code COPY ... FROM stdin}: its data follows in the script. */
    static boolean isCopyFromStdin(String sql) {
        return first(sql) == 'C' && COPY_FROM_STDIN.matcher(sql).matches();
    }

    /** CREATE, ALTER, DROP, COMMENT ON, SECURITY LABEL ON, GRANT or REVOKE ON a whole database. */
    static boolean isDatabaseLevel(String sql) {
        char first = first(sql);
        return (first == 'C' || first == 'D' || first == 'A' || first == 'G' || first == 'R' || first == 'S')
                && DATABASE_LEVEL.matcher(head(sql)).lookingAt();
    }

    /** {@code ALTER ... OWNER TO}, GRANT, REVOKE, default privileges, or a switch of role. */
    static boolean isOwnershipOrPrivilege(String sql) {
        char first = first(sql);
        return (first == 'A' || first == 'G' || first == 'R' || first == 'S')
                && OWNERSHIP_OR_PRIVILEGE.matcher(head(sql)).lookingAt();
    }

    private static char first(String sql) {
        return Character.toUpperCase(sql.charAt(0));
    }

    private static String head(String sql) {
        return sql.length() > HEAD_LENGTH ? sql.substring(0, HEAD_LENGTH) : sql;
    }
}
