package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.TemporaryDatabaseException;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.TemporaryDatabase;
import io.restoredrill.core.port.TemporaryDatabaseProvider;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Temporary databases on an existing PostgreSQL server ({@code --target postgresql://...}): each drill creates
 * a uniquely named database and drops exactly that one afterwards. The server's version is what it is; the
 * dump's version is not used to choose one (the drill warns when the dump is newer).
 */
public final class ScratchServerDatabases implements TemporaryDatabaseProvider {

    private static final Logger log = LoggerFactory.getLogger(ScratchServerDatabases.class);

    public static final String DEFAULT_PREFIX = "restore_drill_";

    private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,29}");
    private static final Pattern SERVER_VERSION = Pattern.compile("(\\d{1,2})(?:\\.(\\d{1,2}))?(?:\\.(\\d{1,2}))?");
    /** How long the kept connection may take to answer before the DROP opens a new one. */
    private static final int VALID_SECONDS = 5;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    private final DatabaseEndpoint admin;
    private final String prefix;
    private final Clock clock;

    /** With the {@value #DEFAULT_PREFIX} prefix. */
    public ScratchServerDatabases(DatabaseEndpoint admin) {
        this(admin, DEFAULT_PREFIX, Clock.systemUTC());
    }

    /**
     * @param admin  the server, and a database on it to connect to for CREATE/DROP DATABASE (e.g. postgres);
     *               its user needs the CREATEDB privilege
     * @param prefix start of every database name this provider creates: lower-case letters, digits and '_'
     */
    public ScratchServerDatabases(DatabaseEndpoint admin, String prefix, Clock clock) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("database name prefix \"" + prefix
                    + "\" must be 1-30 lower-case letters, digits or '_', not starting with a digit");
        }
    }

    @Override
    public TemporaryDatabase create(Optional<Integer> dumpMajorVersion) {
        // The random part keeps drills started in the same second apart; should two names still meet, CREATE DATABASE
        // fails (no IF NOT EXISTS) rather than restore into the other's database. Not SecureRandom: its set-up takes
        // some 20 ms of a drill's start, and the name is no secret.
        String name = prefix + STAMP.format(clock.instant()) + "_"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Connection c = connect();
        try {
            // The version the server reported when the connection started: asking for it would cost a round trip
            // (and the driver's first query) before CREATE DATABASE, which a drill waits for.
            String version = c.unwrap(PGConnection.class).getParameterStatus("server_version");
            OptionalInt reported = versionNum(version);
            int versionNum;
            if (reported.isPresent()) {
                versionNum = reported.getAsInt();
                version = version.split(" ", 2)[0];
            } else {
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery(
                             "SELECT current_setting('server_version_num')::int, current_setting('server_version')")) {
                    rs.next();
                    versionNum = rs.getInt(1);
                    version = rs.getString(2).split(" ", 2)[0];
                }
            }
            try (Statement s = c.createStatement()) {
                // No IF NOT EXISTS: should the name exist, fail rather than restore into (and later drop)
                // someone else's database. template0: empty, and any encoding and locale are allowed.
                s.execute("CREATE DATABASE " + quote(name) + " TEMPLATE template0");
            }
            log.debug("created database {} on {}", name, where());
            // The connection stays open for the DROP: a new one would be the last wait of every drill.
            return new ScratchDatabase(name, versionNum, version, c);
        } catch (SQLException e) {
            PostgresConnections.closeQuietly(c, admin);
            throw new TemporaryDatabaseException("cannot create a temporary database " + name + " on " + where()
                    + ": " + message(e), e);
        } catch (RuntimeException e) {
            PostgresConnections.closeQuietly(c, admin);
            throw e;
        }
    }

    /**
     * {@code server_version_num} from {@code server_version} as a server reports it: 150018 for
     * "15.18 (Debian 15.18-1.pgdg120+1)", 180000 for "18devel" or "18beta1", 90624 for "9.6.24" (before 10 the major
     * had two parts); empty for anything else.
     */
    static OptionalInt versionNum(String serverVersion) {
        if (serverVersion == null) {
            return OptionalInt.empty();
        }
        Matcher m = SERVER_VERSION.matcher(serverVersion);
        if (!m.lookingAt()) {
            return OptionalInt.empty();
        }
        int major = Integer.parseInt(m.group(1));
        int second = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        int third = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return OptionalInt.of(major >= 10 ? major * 10000 + second : major * 10000 + second * 100 + third);
    }

    private Connection connect() {
        try {
            return PostgresConnections.open(admin);
        } catch (SQLException e) {
            throw new TemporaryDatabaseException("cannot connect to the scratch PostgreSQL server " + where()
                    + " (database " + admin.database() + "): " + message(e), e);
        }
    }

    /** {@code user@host:port}: safe to print. */
    private String where() {
        return admin.user() + "@" + admin.host() + ":" + admin.port();
    }

    /** PostgreSQL's message; should a driver ever echo the password, it is masked. */
    private String message(SQLException e) {
        String message = JdbcDatabaseInspector.describe(e);
        return admin.password().map(p -> p.value().isEmpty() ? message : message.replace(p.value(), "****"))
                .orElse(message);
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private final class ScratchDatabase implements TemporaryDatabase {
        private final String name;
        private final int versionNum;
        private final String version;
        private final AtomicBoolean dropped = new AtomicBoolean();
        private final RestoredClusterObjects cluster;
        /** The connection that created the database, kept for its DROP; null once the drop took it. */
        private Connection kept;

        ScratchDatabase(String name, int versionNum, String version, Connection kept) {
            this.name = name;
            this.versionNum = versionNum;
            this.version = version;
            this.cluster = new RestoredClusterObjects(admin, name);
            this.kept = kept;
        }

        @Override
        public DatabaseEndpoint createDatabase(String nameInBackup) {
            return admin.withDatabase(cluster.createDatabase(nameInBackup));
        }

        @Override
        public boolean createRoleIfAbsent(String role) {
            return cluster.createRoleIfAbsent(role);
        }

        @Override
        public DatabaseEndpoint endpoint() {
            return admin.withDatabase(name);
        }

        @Override
        public String describe() {
            return "temporary database " + name + " on " + where() + " (PostgreSQL " + version + ")";
        }

        @Override
        public int serverMajorVersion() {
            // 150004 -> 15; before 10 the major had two parts (90624 -> 9.6), reported as 9.
            return versionNum / 10000;
        }

        @Override
        public void close() {
            if (!dropped.compareAndSet(false, true)) {
                return;
            }
            try (Connection c = connectionForDrop()) {
                try {
                    cluster.dropAll();
                } finally {
                    drop(c);
                }
                log.debug("dropped database {} on {}", name, where());
            } catch (SQLException | RuntimeException e) {
                dropped.set(false); // not gone: a later close() may try again
                String why = e instanceof SQLException sql ? message(sql) : e.getMessage();
                throw new TemporaryDatabaseException("cannot drop temporary database " + name + " on " + where()
                        + ": " + why, e);
            }
        }

        /**
         * The connection kept from the creation while the server still answers on it (a drill may have taken hours,
         * and the server may have ended an idle session), else a new one.
         */
        private synchronized Connection connectionForDrop() {
            Connection c = kept;
            kept = null;
            if (c != null) {
                try {
                    if (c.isValid(VALID_SECONDS)) {
                        return c;
                    }
                } catch (SQLException e) {
                    log.debug("the connection that created {} is not usable: {}", name, e.getMessage());
                }
                PostgresConnections.closeQuietly(c, admin);
            }
            return connect();
        }

        private void drop(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                if (versionNum >= 130000) {
                    // FORCE ends the sessions still connected to it (a restore or check that did not finish).
                    s.execute("DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)");
                    return;
                }
                s.execute("ALTER DATABASE " + quote(name) + " ALLOW_CONNECTIONS false");
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    p.setString(1, name);
                    p.executeQuery().close();
                }
                s.execute("DROP DATABASE IF EXISTS " + quote(name));
            }
        }

        @Override
        public String toString() {
            return describe();
        }
    }
}
