package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.RestoredDatabase;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.TemporaryDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a pg_dumpall script goes: its globals (roles) by {@link ClusterGlobals}' rules, then each database that a
 * {@code \connect} switches to into a temporary database of its own beside the drill's
 * ({@link TemporaryDatabase#createDatabase}), template1 and postgres included (the server's own are never written).
 * Everything else goes to a {@link JdbcScriptTarget} on the current database, with the plain loader's rules.
 */
final class ClusterScriptTarget implements ScriptTarget, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterScriptTarget.class);

    private final TemporaryDatabase drillDatabase;
    private final String dumpName;
    private final int copyConnections;
    private final int insertsPerBatch;
    private final Map<String, RestoredDatabase> databases = new LinkedHashMap<>();
    /** Roles this restore created: the only ones whose attributes it sets. */
    private final Set<String> createdRoles = new HashSet<>();
    private final List<String> existingRoles = new ArrayList<>();
    private JdbcScriptTarget current;
    private long skippedGlobals;

    ClusterScriptTarget(TemporaryDatabase drillDatabase, String dumpName, int copyConnections, int insertsPerBatch) {
        this.drillDatabase = drillDatabase;
        this.dumpName = dumpName;
        this.copyConnections = copyConnections;
        this.insertsPerBatch = insertsPerBatch;
        // The globals run in the drill's own database, which then stays empty.
        this.current = target(drillDatabase.endpoint(), dumpName);
    }

    /** The databases restored so far, in the script's order. */
    List<RestoredDatabase> databases() {
        return List.copyOf(databases.values());
    }

    /** Roles the script creates that the server already had, and so kept as they were. */
    List<String> existingRoles() {
        return List.copyOf(existingRoles);
    }

    @Override
    public void execute(String sql, long line) {
        Optional<ClusterGlobals.Globals> globals = ClusterGlobals.classify(sql);
        if (globals.isEmpty()) {
            current.execute(sql, line);
            return;
        }
        current.finish();
        switch (globals.get()) {
            case ClusterGlobals.CreateRole create -> {
                if (drillDatabase.createRoleIfAbsent(create.role())) {
                    createdRoles.add(create.role());
                    setAttributes(create.role(), create.attributes(), line);
                } else {
                    existingRoles.add(create.role());
                    log.debug("line {}: role {} exists on the server; left as it is", line, create.role());
                }
            }
            case ClusterGlobals.AlterRole alter -> {
                if (createdRoles.contains(alter.role())) {
                    setAttributes(alter.role(), alter.attributes(), line);
                } else {
                    skippedGlobals++;
                    log.debug("line {}: not altering role {}, which the restore did not create", line, alter.role());
                }
            }
            case ClusterGlobals.Skipped skipped -> {
                skippedGlobals++;
                log.debug("line {}: skipping a {} statement", line, skipped.what());
            }
        }
    }

    private void setAttributes(String role, List<String> attributes, long line) {
        if (!attributes.isEmpty()) {
            // Our own statement, without the dump's password: what an error message may quote.
            current.execute(ClusterGlobals.alterRole(role, attributes), line);
        }
    }

    @Override
    public void connect(String database, long line) {
        current.finish();
        current.close();
        RestoredDatabase restored = databases.get(database);
        DatabaseEndpoint endpoint;
        if (restored == null) {
            endpoint = drillDatabase.createDatabase(database);
            restored = new RestoredDatabase(database, endpoint.database());
            databases.put(database, restored);
            log.info("restoring database {} of {} into {}", database, dumpName, endpoint.database());
        } else {
            endpoint = drillDatabase.endpoint().withDatabase(restored.restoredAs());
        }
        // A failure names the database as well as the line: "restoring x.sql.gz (database shop) failed at line 812".
        current = target(endpoint, dumpName + " (database " + database + ")");
    }

    private JdbcScriptTarget target(DatabaseEndpoint endpoint, String described) {
        return new JdbcScriptTarget(endpoint, described, copyConnections, insertsPerBatch).buildingIndexesAlongside();
    }

    @Override
    public void finish() {
        current.finish();
        if (skippedGlobals > 0) {
            log.debug("skipped {} role and tablespace statements", skippedGlobals);
        }
    }

    @Override
    public void beginCopy(String sql, long line) {
        current.beginCopy(sql, line);
    }

    @Override
    public void copyData(byte[] data, int offset, int length, long rowsSoFar) {
        current.copyData(data, offset, length, rowsSoFar);
    }

    @Override
    public long endCopy() {
        return current.endCopy();
    }

    @Override
    public void abortCopy() {
        current.abortCopy();
    }

    @Override
    public void close() {
        current.close();
    }
}
