package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.TemporaryDatabaseException;
import io.restoredrill.core.port.DatabaseEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The databases and roles a pg_dumpall restore adds on the server beside a temporary database, and their removal:
 * what {@link io.restoredrill.core.port.TemporaryDatabase#createDatabase} and
 * {@link io.restoredrill.core.port.TemporaryDatabase#createRoleIfAbsent} do on an embedded server and on a scratch
 * server alike. Only what this object created is ever dropped. Thread-safe.
 */
public final class RestoredClusterObjects {

    private static final Logger log = LoggerFactory.getLogger(RestoredClusterObjects.class);
    /** PostgreSQL truncates identifiers to 63 bytes (NAMEDATALEN - 1). */
    private static final int MAX_NAME_BYTES = 63;

    private final DatabaseEndpoint admin;
    private final String baseName;
    private final List<String> databases = new ArrayList<>();
    private final List<String> roles = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    /**
     * @param admin    a connection to the server as the drill's user, in a database this object never drops
     * @param baseName the temporary database's name: every database created here is named {@code baseName_<name>}
     */
    public RestoredClusterObjects(DatabaseEndpoint admin, String baseName) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.baseName = Objects.requireNonNull(baseName, "baseName");
    }

    /** Creates the database for {@code nameInBackup}; returns its name on the server. */
    public synchronized String createDatabase(String nameInBackup) {
        String name = nameFor(nameInBackup);
        try (Connection c = PostgresConnections.open(admin); Statement s = c.createStatement()) {
            // No IF NOT EXISTS: a database of that name that we did not create is never restored into or dropped.
            s.execute("CREATE DATABASE " + quote(name) + " TEMPLATE template0");
        } catch (SQLException e) {
            throw new TemporaryDatabaseException("cannot create temporary database " + name + " for database "
                    + nameInBackup + " of the backup: " + JdbcDatabaseInspector.describe(e), e);
        }
        databases.add(name);
        names.add(name);
        log.debug("created database {} for {}", name, nameInBackup);
        return name;
    }

    /** Creates {@code role} without attributes when absent; true when it did. */
    public synchronized boolean createRoleIfAbsent(String role) {
        try (Connection c = PostgresConnections.open(admin)) {
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                p.setString(1, role);
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE ROLE " + quote(role));
            }
        } catch (SQLException e) {
            throw new TemporaryDatabaseException("cannot create role " + role + " of the backup: "
                    + JdbcDatabaseInspector.describe(e), e);
        }
        roles.add(role);
        log.debug("created role {}", role);
        return true;
    }

    /** Every database created here, newest first, then every role: what is left is named in the exception. */
    public synchronized void dropAll() {
        if (databases.isEmpty() && roles.isEmpty()) {
            return;
        }
        List<String> left = new ArrayList<>();
        SQLException first = null;
        try (Connection c = PostgresConnections.open(admin)) {
            for (int i = databases.size() - 1; i >= 0; i--) {
                try (Statement s = c.createStatement()) {
                    // FORCE ends sessions a failed restore or check left behind (PostgreSQL 13+, as the CLI bundles).
                    s.execute("DROP DATABASE IF EXISTS " + quote(databases.get(i)) + " WITH (FORCE)");
                    databases.remove(i);
                } catch (SQLException e) {
                    left.add("database " + databases.get(i));
                    first = first == null ? e : first;
                }
            }
            for (int i = roles.size() - 1; i >= 0; i--) {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP ROLE IF EXISTS " + quote(roles.get(i)));
                    roles.remove(i);
                } catch (SQLException e) {
                    left.add("role " + roles.get(i));
                    first = first == null ? e : first;
                }
            }
        } catch (SQLException e) {
            throw new TemporaryDatabaseException("cannot connect to drop the databases " + databases + " and roles "
                    + roles + " the restore created: " + JdbcDatabaseInspector.describe(e), e);
        }
        if (first != null) {
            throw new TemporaryDatabaseException("could not drop " + String.join(", ", left) + ", which the restore"
                    + " created: " + JdbcDatabaseInspector.describe(first), first);
        }
    }

    /**
     * {@code baseName_<name>}: lower case, characters other than letters, digits and '_' as '_', cut to PostgreSQL's
     * 63 bytes, and a number appended should two names of the backup come out the same.
     */
    private String nameFor(String nameInBackup) {
        StringBuilder cleaned = new StringBuilder();
        for (char ch : nameInBackup.toLowerCase(Locale.ROOT).toCharArray()) {
            cleaned.append(ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '_' ? ch : '_');
        }
        String name = fit(baseName + "_" + cleaned, "");
        for (int n = 2; names.contains(name); n++) {
            name = fit(baseName + "_" + cleaned, "_" + n);
        }
        return name;
    }

    private static String fit(String name, String suffix) {
        int room = MAX_NAME_BYTES - suffix.length();
        String cut = name.length() > room ? name.substring(0, room) : name;
        return cut + suffix;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
