package io.restoredrill.core.adapter.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What pg_dumpall writes about the cluster as a whole (roles, tablespaces), read statement by statement, and how a
 * drill restores it: a role is created when the server has none of its name, with only the attributes any server
 * accepts from a user who may create roles; no password, no {@code SUPERUSER}, {@code REPLICATION} or
 * {@code BYPASSRLS} (RDS refuses them); an existing role is never changed, and tablespaces are left out (the drill's
 * server has only its own).
 */
final class ClusterGlobals {

    /** A statement about a role: CREATE/ALTER/DROP ROLE (or USER, GROUP), and its name. */
    private static final Pattern ROLE_STATEMENT = Pattern.compile(
            "(?is)\\s*(CREATE|ALTER|DROP)\\s+(ROLE|USER|GROUP)\\s+(?:IF\\s+EXISTS\\s+)?(\"(?:[^\"]|\"\")*\"|[^\\s;\"]+)(.*)");
    private static final Pattern OTHER_ROLE_STATEMENT = Pattern.compile(
            "(?is)\\s*(?:COMMENT\\s+ON\\s+ROLE|SECURITY\\s+LABEL\\s+(?:FOR\\s+\\S+\\s+)?ON\\s+ROLE)\\s.*");
    private static final Pattern TABLESPACE_STATEMENT = Pattern.compile(
            "(?is)\\s*(?:(?:CREATE|ALTER|DROP)\\s+TABLESPACE|COMMENT\\s+ON\\s+TABLESPACE"
                    + "|SECURITY\\s+LABEL\\s+(?:FOR\\s+\\S+\\s+)?ON\\s+TABLESPACE)\\s.*");
    private static final Pattern TOKEN = Pattern.compile("'(?:[^']|'')*'|-?\\d+|[A-Za-z_]+|\\S");
    private static final Set<String> KEPT = Set.of("LOGIN", "NOLOGIN", "INHERIT", "NOINHERIT", "CREATEDB",
            "NOCREATEDB", "CREATEROLE", "NOCREATEROLE");

    private ClusterGlobals() {
    }

    /** What a statement of the cluster's globals asks for, and what the drill does with it. */
    sealed interface Globals {
    }

    /** {@code CREATE ROLE name ...}: create it when absent, then give it {@code attributes} (may be empty). */
    record CreateRole(String role, List<String> attributes) implements Globals {
    }

    /** {@code ALTER ROLE name [WITH] ...}: for a role the drill created, give it {@code attributes}. */
    record AlterRole(String role, List<String> attributes) implements Globals {
    }

    /** Anything else about roles (their settings, comments, renames, drops) or tablespaces: not restored. */
    record Skipped(String what) implements Globals {
    }

    /** The statement as a cluster-level one, or empty when it is an ordinary statement of a database. */
    static Optional<Globals> classify(String sql) {
        char first = Character.toUpperCase(sql.charAt(0));
        if (first != 'C' && first != 'A' && first != 'D' && first != 'S') {
            return Optional.empty();
        }
        String head = sql.length() > 300 ? sql.substring(0, 300) : sql;
        if (TABLESPACE_STATEMENT.matcher(head).matches()) {
            return Optional.of(new Skipped("tablespace"));
        }
        if (OTHER_ROLE_STATEMENT.matcher(head).matches()) {
            return Optional.of(new Skipped("role comment or label"));
        }
        Matcher m = ROLE_STATEMENT.matcher(sql);
        if (!m.matches()) {
            return Optional.empty();
        }
        if (m.group(2).equalsIgnoreCase("USER") && m.group(3).equalsIgnoreCase("MAPPING")) {
            return Optional.empty(); // CREATE/ALTER/DROP USER MAPPING: a foreign server's, inside a database
        }
        String verb = m.group(1).toUpperCase(Locale.ROOT);
        String role = unquote(m.group(3));
        String rest = m.group(4).strip();
        if (verb.equals("DROP")) {
            return Optional.of(new Skipped("role drop"));
        }
        List<String> tokens = tokens(rest);
        boolean with = !tokens.isEmpty() && tokens.get(0).equalsIgnoreCase("WITH");
        if (verb.equals("ALTER") && !with && !tokens.isEmpty() && !KEPT.contains(upper(tokens.get(0)))
                && !isAttribute(tokens.get(0))) {
            // ALTER ROLE name SET/RESET/RENAME TO ...: the role's session settings or name, not its attributes.
            return Optional.of(new Skipped("role setting"));
        }
        List<String> attributes = attributes(with ? tokens.subList(1, tokens.size()) : tokens);
        if (verb.equals("CREATE")) {
            if (m.group(2).equalsIgnoreCase("USER") && attributes.stream().noneMatch(a -> a.endsWith("LOGIN"))) {
                attributes.add(0, "LOGIN"); // CREATE USER is CREATE ROLE ... LOGIN
            }
            return Optional.of(new CreateRole(role, attributes));
        }
        return Optional.of(new AlterRole(role, attributes));
    }

    /** {@code ALTER ROLE "name" WITH ...} for these attributes. */
    static String alterRole(String role, List<String> attributes) {
        return "ALTER ROLE " + RestoredClusterObjects.quote(role) + " WITH " + String.join(" ", attributes);
    }

    private static boolean isAttribute(String token) {
        String t = upper(token);
        return t.equals("SUPERUSER") || t.equals("NOSUPERUSER") || t.equals("REPLICATION")
                || t.equals("NOREPLICATION") || t.equals("BYPASSRLS") || t.equals("NOBYPASSRLS")
                || t.equals("PASSWORD") || t.equals("ENCRYPTED") || t.equals("CONNECTION") || t.equals("VALID");
    }

    /**
     * The attributes to keep: LOGIN, INHERIT, CREATEDB, CREATEROLE (and their NO forms) and CONNECTION LIMIT. Left
     * out: the password (and ENCRYPTED, VALID UNTIL), SUPERUSER, REPLICATION, BYPASSRLS and their NO forms (which
     * RDS also refuses), and whatever else pg_dumpall does not write in this place.
     */
    private static List<String> attributes(List<String> tokens) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = upper(tokens.get(i));
            if (KEPT.contains(t)) {
                kept.add(t);
            } else if (t.equals("CONNECTION") && i + 2 < tokens.size() && upper(tokens.get(i + 1)).equals("LIMIT")
                    && tokens.get(i + 2).matches("-?\\d+")) {
                kept.add("CONNECTION LIMIT " + tokens.get(i + 2));
                i += 2;
            } else if ((t.equals("PASSWORD") || t.equals("UNTIL")) && i + 1 < tokens.size()) {
                i++; // the password (or its hash), or the expiry: never restored
            }
        }
        return kept;
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    private static String upper(String token) {
        return token.toUpperCase(Locale.ROOT);
    }

    private static String unquote(String name) {
        return name.startsWith("\"") ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name;
    }
}
