package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.RestoreFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A plain dump's index builds run side by side on several connections, as {@code pg_restore -j} builds an archive's
 * post-data: a dump's post-data is mostly {@code CREATE INDEX} and {@code ADD CONSTRAINT ... PRIMARY KEY} or
 * {@code UNIQUE}, each of which needs only its own table, loaded before it. A plain script says nothing of
 * dependencies, so only those statements ({@link #isIndependentBuild}) go side by side, one after another as they
 * come in the dump; any other statement waits until they have all ended ({@link #awaitAll}), so what comes after
 * them (a foreign key needs its referenced key, an {@code ATTACH PARTITION} both indexes) finds them done. Two
 * builds on one table take their locks in turn, as PostgreSQL makes them.
 *
 * <p>While a group runs, the restore's own connection is one of the workers: the scanner's thread only hands the
 * statements out. One instance runs one such group of statements and is closed before the next statement of
 * another kind. The
 * first failure stops the restore, named by its line as when the script runs statement by statement; the builds
 * still running are cancelled. Used by the scanner's thread; each worker touches only its own connection.
 */
final class IndexBuildsAlongside implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IndexBuildsAlongside.class);

    /**
     * {@code CREATE [UNIQUE] INDEX name ON table ...}, not an index on a partitioned table's parent alone
     * ({@code ON ONLY}), which its partitions' indexes are attached to later.
     */
    private static final Pattern CREATE_INDEX =
            Pattern.compile("(?is)CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(?!CONCURRENTLY\\s)(?!.*\\sON\\s+ONLY\\s).*");
    /** {@code ALTER TABLE [ONLY] t ADD CONSTRAINT c PRIMARY KEY (...)} or {@code UNIQUE}, not {@code USING INDEX}. */
    private static final Pattern ADD_KEY = Pattern.compile("(?is)ALTER\\s+TABLE\\s+(?:ONLY\\s+)?\\S+\\s+ADD\\s+"
            + "CONSTRAINT\\s+\\S+\\s+(?:PRIMARY\\s+KEY|UNIQUE)\\s*(?:NULLS\\s+(?:NOT\\s+)?DISTINCT\\s*)?\\(.*");
    private static final long POLL_MILLIS = 50;
    private static final long CANCEL_JOIN_MILLIS = 30_000;

    /**
     * The i-th connection for builds, with the dump's session settings: 0 is the restore's own (idle while a group
     * runs), the others extra ones; null when no more can be had.
     */
    @FunctionalInterface
    interface Connections {
        Connection get(int i) throws SQLException;
    }

    private final String dumpName;
    private final int maxWorkers;
    private final Connections connections;
    private final List<Worker> workers = new ArrayList<>();
    /** Guards every worker's {@code busy}; notified whenever a worker becomes idle. */
    private final Object idle = new Object();
    private boolean noMoreConnections;

    /** @param maxWorkers how many builds may run at once, the restore's own connection included */
    IndexBuildsAlongside(String dumpName, int maxWorkers, Connections connections) {
        this.dumpName = dumpName;
        this.maxWorkers = maxWorkers;
        this.connections = connections;
    }

    /** True for a statement that needs only its own table and what came before it: an index or key build. */
    static boolean isIndependentBuild(String sql) {
        char first = Character.toUpperCase(sql.charAt(0));
        return first == 'C' && CREATE_INDEX.matcher(sql).matches() || first == 'A' && ADD_KEY.matcher(sql).matches();
    }

    /**
     * Starts {@code sql} on an idle connection, opening another one or waiting for one to be free, and returns.
     * Throws the failure of a build started earlier, if there is one.
     */
    void start(String sql, long line) {
        Task task = new Task(sql, line);
        for (;;) {
            throwIfFailed();
            for (Worker worker : workers) {
                if (worker.idle()) {
                    worker.start(task);
                    return;
                }
            }
            if (workers.size() < maxWorkers && !noMoreConnections) {
                Connection c = connection(sql, task.where());
                if (c != null) {
                    Worker worker = new Worker(workers.size(), c);
                    workers.add(worker);
                    worker.start(task);
                    return;
                }
                noMoreConnections = true;
            }
            awaitIdle(false);
        }
    }

    private Connection connection(String sql, String where) {
        try {
            return connections.get(workers.size());
        } catch (SQLException e) {
            throw new RestoreFailedException("restoring " + dumpName + " failed " + where + " ("
                    + PlainDumpScanner.statementHead(sql) + ", preparing a connection for it): "
                    + JdbcScriptTarget.describe(e), e);
        }
    }

    /** Waits until one worker ({@code all} false) or every worker is idle. */
    private void awaitIdle(boolean all) {
        synchronized (idle) {
            while (all ? workers.stream().anyMatch(w -> w.busy) : workers.stream().allMatch(w -> w.busy)) {
                try {
                    idle.wait(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RestoreFailedException("interrupted while restoring " + dumpName, e);
                }
            }
        }
    }

    /** Waits until every build has ended; throws the failure of the earliest one in the dump that failed. */
    void awaitAll() {
        awaitIdle(true);
        throwIfFailed();
    }

    private void throwIfFailed() {
        Worker failed = null;
        for (Worker worker : workers) {
            if (worker.failure != null && (failed == null || worker.failedLine < failed.failedLine)) {
                failed = worker;
            }
        }
        if (failed != null) {
            RestoreFailedException e = failed.failure;
            failed.failure = null;
            cancel();
            throw e;
        }
    }

    /** Cancels the builds still running and ends the workers; the connections stay with their owner. */
    @Override
    public void close() {
        cancel();
    }

    private void cancel() {
        for (Worker worker : workers) {
            worker.cancel();
        }
        for (Worker worker : workers) {
            worker.stop();
        }
        workers.clear();
    }

    /** One connection and the thread that runs builds on it, one at a time. */
    private final class Worker implements Runnable {
        private final int index;
        private final Connection connection;
        private final SynchronousQueue<Task> handOver = new SynchronousQueue<>();
        private final Thread thread;
        /** Guarded by {@code idle}. */
        private boolean busy;
        private volatile Statement running;
        private volatile RestoreFailedException failure;
        private volatile long failedLine = Long.MAX_VALUE;

        Worker(int index, Connection connection) {
            this.index = index;
            this.connection = connection;
            this.thread = new Thread(this, "restore-index-build-" + index);
            thread.setDaemon(true);
            thread.start();
        }

        boolean idle() {
            synchronized (idle) {
                return !busy;
            }
        }

        void start(Task task) {
            synchronized (idle) {
                busy = true;
            }
            try {
                handOver.put(task);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RestoreFailedException("interrupted while restoring " + dumpName + " " + task.where(), e);
            }
        }

        @Override
        public void run() {
            try {
                for (;;) {
                    Task task = handOver.take();
                    if (task == Task.STOP) {
                        return;
                    }
                    execute(task);
                    synchronized (idle) {
                        busy = false;
                        idle.notifyAll();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void execute(Task task) {
            try (Statement s = connection.createStatement()) {
                s.setEscapeProcessing(false);
                running = s;
                s.execute(task.sql());
            } catch (SQLException | RuntimeException e) {
                String why = e instanceof SQLException sqlException ? JdbcScriptTarget.describe(sqlException)
                        : e.toString();
                failedLine = task.line();
                failure = new RestoreFailedException("restoring " + dumpName + " failed " + task.where() + " ("
                        + PlainDumpScanner.statementHead(task.sql()) + "): " + why, e);
            } finally {
                running = null;
            }
        }

        void cancel() {
            Statement s = running;
            if (s != null) {
                try {
                    s.cancel();
                } catch (SQLException e) {
                    log.debug("cancelling an index build of {} on connection {}: {}", dumpName, index, e.getMessage());
                }
            }
        }

        void stop() {
            awaitIdleQuietly();
            if (!handOver.offer(Task.STOP)) {
                thread.interrupt();
            }
            try {
                thread.join(CANCEL_JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void awaitIdleQuietly() {
            long deadline = System.currentTimeMillis() + CANCEL_JOIN_MILLIS;
            synchronized (idle) {
                while (busy && System.currentTimeMillis() < deadline) {
                    try {
                        idle.wait(POLL_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /** A statement for a worker, and the dump's line it starts at. */
    private record Task(String sql, long line) {
        static final Task STOP = new Task("", 0);

        String where() {
            return "at line " + line;
        }
    }
}
