package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.adapter.archive.ArchiveData;
import io.restoredrill.core.adapter.archive.ClientEncodings;
import io.restoredrill.core.adapter.archive.RestorePlan;
import io.restoredrill.core.adapter.archive.TocEntry;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;

import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection's share of an archive restore: runs entries and loads table data and large objects on its own
 * {@link JdbcScriptTarget}, with the archive's session settings, keeping the session's table access method as
 * each entry needs it. Several workers run at once in a parallel restore; their counts add up in shared counters.
 */
final class ArchiveWorker implements AutoCloseable {

    /** What all workers of one restore share, how their sessions commit included. */
    record Session(DatabaseEndpoint target, String dumpName, List<String> setup, String encoding, AtomicLong rows,
                   AtomicLong statements, CommitMode commits) {

        Session(DatabaseEndpoint target, String dumpName, List<String> setup, String encoding) {
            this(target, dumpName, setup, encoding, new AtomicLong(), new AtomicLong(), new CommitMode());
        }

        ArchiveWorker worker(int copyConnections, ConnectionBudget budget) {
            return new ArchiveWorker(this, new JdbcScriptTarget(target, dumpName, copyConnections, budget, commits));
        }
    }

    private final Session session;
    private final JdbcScriptTarget jdbc;
    private final LargeObjectWriter largeObjects;
    private boolean setUp;
    private String tableam = "";

    private ArchiveWorker(Session session, JdbcScriptTarget jdbc) {
        this.session = session;
        this.jdbc = jdbc;
        this.largeObjects = new LargeObjectWriter(session.target(), session.dumpName());
    }

    void run(TocEntry entry) {
        String sql = RestorePlan.sqlOf(entry);
        if (sql.isBlank()) {
            return;
        }
        prepare(entry);
        jdbc.execute(sql, "at " + entry.describe());
        session.statements().incrementAndGet();
    }

    /** A visitor that loads the data of the entries in {@code wanted} and skips the rest. */
    ArchiveData.Visitor loader(Set<Integer> wanted) {
        return new ArchiveData.Visitor() {
            @Override
            public void tableData(TocEntry entry, InputStream data) {
                if (wanted.contains(entry.dumpId())) {
                    load(entry, data);
                }
            }

            @Override
            public void largeObject(TocEntry entry, long oid, InputStream data) {
                if (wanted.contains(entry.dumpId())) {
                    prepare(entry);
                    largeObjects.write(oid, data, "large object " + oid + " (" + entry.describe() + ")");
                }
            }
        };
    }

    private void load(TocEntry entry, InputStream data) {
        prepare(entry);
        if (entry.isCopy()) {
            String copy = entry.copyStmt().strip();
            copy = copy.endsWith(";") ? copy.substring(0, copy.length() - 1) : copy;
            if (ClientEncodings.needsConversion(session.encoding())) {
                // The connection speaks UTF8; tell the server what the data bytes really are.
                copy = copy + " WITH (ENCODING '" + session.encoding() + "')";
            }
            jdbc.beginCopy(copy, "at " + entry.describe());
            try {
                ArchiveCopyFeed.feed(data, jdbc, session.dumpName() + ": the data of " + entry.describe());
            } catch (RuntimeException e) {
                jdbc.abortCopy();
                throw e;
            }
            session.rows().addAndGet(jdbc.endCopy());
        } else {
            // --inserts data: SQL statements, split and run by the plain loader's scanner.
            RestoreStats sql = new PlainDumpScanner(data, session.dumpName() + " (" + entry.describe() + ")", jdbc,
                    RestoreProgress.NONE, false).startingIn(session.encoding()).run();
            session.statements().addAndGet(sql.statements());
        }
        session.statements().incrementAndGet();
    }

    private void prepare(TocEntry entry) {
        if (!setUp) {
            for (String setting : session.setup()) {
                jdbc.execute(setting, "while setting up the session");
            }
            setUp = true;
        }
        if (entry.tableam().isPresent() && !entry.tableam().get().equals(tableam)) {
            jdbc.execute("SET default_table_access_method = " + quoteIdentifier(entry.tableam().get()),
                    "at " + entry.describe());
            tableam = entry.tableam().get();
        }
    }

    static String quoteIdentifier(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() {
        try {
            largeObjects.close();
        } finally {
            jdbc.close();
        }
    }
}
