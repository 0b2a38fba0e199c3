package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.port.DatabaseEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The connections a {@link JdbcScriptTarget} restores on beside its own (the other COPYs of a large table, index
 * builds alongside), each with the same session settings as the restore's own connection: the target's and the
 * dump's {@code SET}s, brought up to date whenever a connection is handed out. They are opened when first needed,
 * or the first of them {@linkplain #openFirstAhead ahead}, and stay open until {@link #close}.
 *
 * <p>Used by the restore's thread only; the connection opened ahead is opened on its own thread.
 */
final class ExtraConnections implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExtraConnections.class);
    /** Statements that change a session setting, and which one: {@code SET x = ...}, {@code set_config('x', ...)}. */
    private static final Pattern SESSION_SETTING = Pattern.compile("(?is)\\s*(?:SET\\s+(?:SESSION\\s+)?(?!LOCAL\\s)"
            + "|RESET\\s+|SELECT\\s+(?:pg_catalog\\.)?set_config\\s*\\(\\s*')([A-Za-z_][A-Za-z0-9_.]*)");

    private final DatabaseEndpoint endpoint;
    private final String dumpName;
    private final String ownSessionSettings;
    private final CommitMode commits;
    /** The dump's session settings by name, the latest statement for each, in the order they ran. */
    private final Map<String, String> dumpSettings = new LinkedHashMap<>();
    private int settingsVersion;
    private final List<Connection> connections = new ArrayList<>();
    /** The {@link #version} each connection has. */
    private final List<Integer> versions = new ArrayList<>();
    private boolean unavailable;
    /** The first connection while it is being opened ahead; null when not asked for, or once taken. */
    private CompletableFuture<Connection> openingAhead;

    /**
     * @param ownSessionSettings the target's own settings, run before the dump's on every connection
     * @param commits            how the restore's sessions commit: a connection handed out after they turned
     *                           synchronous is synchronous too
     */
    ExtraConnections(DatabaseEndpoint endpoint, String dumpName, String ownSessionSettings, CommitMode commits) {
        this.endpoint = endpoint;
        this.dumpName = dumpName;
        this.ownSessionSettings = ownSessionSettings;
        this.commits = commits;
    }

    /**
     * Starts opening the first connection now, on its own thread: a plain dump's first large COPY continues on it,
     * and opening it then (a new backend, the session settings) held that COPY on one connection for some 25 ms.
     * Only a head start: when it fails (the server's {@code max_connections}, say), the connection is opened when it
     * is needed, as it would have been, and what goes wrong then is reported.
     */
    void openFirstAhead() {
        if (!connections.isEmpty() || openingAhead != null) {
            return;
        }
        CompletableFuture<Connection> opening = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("restore-connection-ahead").start(() -> {
            try {
                opening.complete(PostgresConnections.openForScripts(endpoint));
            } catch (SQLException | RuntimeException e) {
                opening.completeExceptionally(e);
            }
        });
        openingAhead = opening;
    }

    /** Notes a statement that ran on the restore's own connection, if it changes a session setting. */
    void ran(String sql) {
        if (sql.length() >= 1000) {
            return;
        }
        Matcher setting = SESSION_SETTING.matcher(sql);
        if (setting.lookingAt()) {
            String name = setting.group(1).toLowerCase(Locale.ROOT);
            dumpSettings.remove(name); // keep the order they ran in
            dumpSettings.put(name, sql);
            settingsVersion++;
        }
    }

    /** True once the server refused the first of them: the restore goes on with its own connection only. */
    boolean unavailable() {
        return unavailable;
    }

    /**
     * The i-th connection (0-based; at most one more than were handed out so far), with the session settings as
     * they are now; null when the server refuses a new one.
     */
    Connection get(int i) throws SQLException {
        if (i == connections.size()) {
            Connection c = i == 0 ? takeOpenedAhead() : null;
            try {
                if (c == null) {
                    c = PostgresConnections.openForScripts(endpoint);
                }
            } catch (SQLException e) {
                // Typically max_connections: loading on fewer connections is slower, not wrong.
                log.warn("restoring {}: cannot open another connection to {} ({}); going on with {}", dumpName,
                        endpoint.describe(), e.getMessage(), i + 1);
                if (i == 0) {
                    unavailable = true;
                }
                return null;
            }
            connections.add(c);
            versions.add(-1);
        }
        Connection c = connections.get(i);
        int version = version();
        if (versions.get(i) != version) {
            try (Statement s = c.createStatement()) {
                s.setEscapeProcessing(false);
                s.execute(ownSessionSettings);
                commits.apply(s);
                for (String setting : dumpSettings.values()) {
                    s.execute(setting);
                }
            }
            versions.set(i, version);
        }
        return c;
    }

    /** What the session settings are now: the dump's, and whether commits are synchronous. */
    private int version() {
        return 2 * settingsVersion + (commits.synchronous() ? 1 : 0);
    }

    /** Clears the notices collected on every connection (a COPY's, say). */
    void clearWarnings() throws SQLException {
        for (Connection c : connections) {
            c.clearWarnings();
        }
    }

    /** The connection opened ahead, once open; null when it was not asked for, or opening it failed. */
    private Connection takeOpenedAhead() {
        CompletableFuture<Connection> opening = openingAhead;
        openingAhead = null;
        if (opening == null) {
            return null;
        }
        try {
            return opening.join();
        } catch (CompletionException e) {
            log.debug("opening a restore connection ahead failed ({}); opening it now", e.getCause().getMessage());
            return null;
        }
    }

    /** Closes every connection, and the one opened ahead once it is open (or has failed to open). */
    @Override
    public void close() {
        Connection ahead = takeOpenedAhead();
        if (ahead != null) {
            PostgresConnections.closeQuietly(ahead, endpoint);
        }
        for (Connection c : connections) {
            PostgresConnections.closeQuietly(c, endpoint);
        }
        connections.clear();
        versions.clear();
    }
}
