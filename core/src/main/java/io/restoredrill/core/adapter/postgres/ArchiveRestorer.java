package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.adapter.archive.ArchiveData;
import io.restoredrill.core.adapter.archive.ArchiveHeader;
import io.restoredrill.core.adapter.archive.CustomArchive;
import io.restoredrill.core.adapter.archive.DirectoryArchive;
import io.restoredrill.core.adapter.archive.RestorePlan;
import io.restoredrill.core.adapter.archive.TarArchive;
import io.restoredrill.core.adapter.archive.TocEntry;
import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.DrillException;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.port.BackupMembers;
import io.restoredrill.core.port.BackupRestorer;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Restores pg_dump archives (custom {@code -Fc}, directory {@code -Fd}, tar {@code -Ft}) in pure Java: the archive
 * is read by {@code adapter.archive}, its entries run in the order of a {@link RestorePlan}, table data goes
 * through the plain loader's COPY path ({@link JdbcScriptTarget}, a large table over several connections) and
 * large objects through {@code lo_put}. The first failing entry stops the restore, naming the entry.
 */
public final class ArchiveRestorer implements BackupRestorer {

    private static final Logger log = LoggerFactory.getLogger(ArchiveRestorer.class);

    private final int copyConnections;

    public ArchiveRestorer() {
        this(PlainDumpRestorer.DEFAULT_COPY_CONNECTIONS);
    }

    /** @param copyConnections connections a large table's data is spread over (1: everything on one) */
    public ArchiveRestorer(int copyConnections) {
        if (copyConnections < 1) {
            throw new IllegalArgumentException("copyConnections must be at least 1, not " + copyConnections);
        }
        this.copyConnections = copyConnections;
    }

    @Override
    public Optional<Integer> dumpedFromMajorVersion(BackupRef backup, InputStream dumpHead) {
        try {
            return open(backup, dumpHead, name -> {
                throw new BackupUnusableException("not needed for the header");
            }).toc().header().serverMajorVersion();
        } catch (DrillException e) {
            // The restore reports what is wrong with the archive; here it only means "version unknown".
            log.debug("no version in the header of {}: {}", backup.location(), e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public RestoreStats restore(BackupRef backup, InputStream dump, DatabaseEndpoint target, RestoreProgress progress) {
        return restore(backup, dump, name -> {
            throw new BackupUnusableException(backup.location() + " is a single file; it has no member " + name);
        }, target, progress);
    }

    @Override
    public RestoreStats restore(BackupRef backup, InputStream dump, BackupMembers members, DatabaseEndpoint target,
                                RestoreProgress progress) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(progress, "progress");
        long started = System.nanoTime();
        AtomicLong bytes = new AtomicLong();
        InputStream counted = new Counting(dump, bytes);
        BackupMembers countedMembers = name -> new Counting(members.open(name), bytes);
        ArchiveData archive = open(backup, counted, countedMembers);
        RestorePlan plan = RestorePlan.of(archive.toc(), backup.location());
        log.debug("{}: archive {} by pg_dump {}, {} compression, {} TOC entries ({} skipped)", backup.location(),
                archive.toc().header().version(), archive.toc().header().pgDumpVersion().orElse("?"),
                archive.toc().header().compression(), archive.toc().entries().size(), plan.skipped().size());
        try (JdbcScriptTarget jdbc = new JdbcScriptTarget(target, backup.location(), copyConnections);
             LargeObjectWriter largeObjects = new LargeObjectWriter(target, backup.location())) {
            EntryRunner runner = new EntryRunner(jdbc, backup.location(), progress, bytes);
            for (String setting : plan.sessionSetup()) {
                jdbc.execute(setting, "while setting up the session");
            }
            plan.preData().forEach(runner::run);
            Set<Integer> wanted = new HashSet<>();
            plan.data().forEach(e -> wanted.add(e.dumpId()));
            archive.readData(new ArchiveData.Visitor() {
                @Override
                public void tableData(TocEntry entry, InputStream data) {
                    if (wanted.contains(entry.dumpId())) {
                        runner.load(entry, data);
                    }
                }

                @Override
                public void largeObject(TocEntry entry, long oid, InputStream data) {
                    if (wanted.contains(entry.dumpId())) {
                        largeObjects.write(oid, data, "large object " + oid + " (" + entry.describe() + ")");
                    }
                }
            });
            plan.dataSql().forEach(runner::run);
            plan.postData().forEach(runner::run);
            plan.last().forEach(runner::run);
            progress.update(bytes.get(), runner.rows());
            log.debug("restored {} into {}: {} entries, {} rows, {} bytes in {} ms", backup.location(),
                    target.describe(), runner.statements(), runner.rows(), bytes.get(),
                    (System.nanoTime() - started) / 1_000_000);
            return new RestoreStats(bytes.get(), runner.rows(), runner.statements());
        }
    }

    private static ArchiveData open(BackupRef backup, InputStream dump, BackupMembers members) {
        return switch (backup.format()) {
            case DIRECTORY -> DirectoryArchive.open(dump, backup.location(), OptionalLong.empty(), members);
            case TAR -> TarArchive.open(dump, backup.location());
            default -> CustomArchive.open(dump, backup.location(),
                    backup.format() == BackupFormat.CUSTOM && backup.sizeBytes() > 0
                            ? OptionalLong.of(backup.sizeBytes()) : OptionalLong.empty());
        };
    }

    /** Whether {@code head} (a file's first bytes) is a custom-format archive, whatever the file is called. */
    public static boolean isCustomArchive(byte[] head) {
        return ArchiveHeader.startsLikeArchive(head);
    }

    /** Runs entries on the script connection, keeping the session's table access method as each entry needs it. */
    private static final class EntryRunner {
        private final JdbcScriptTarget jdbc;
        private final String dumpName;
        private final RestoreProgress progress;
        private final AtomicLong bytes;
        private String tableam = "";
        private long rows;
        private long statements;

        EntryRunner(JdbcScriptTarget jdbc, String dumpName, RestoreProgress progress, AtomicLong bytes) {
            this.jdbc = jdbc;
            this.dumpName = dumpName;
            this.progress = progress;
            this.bytes = bytes;
        }

        void run(TocEntry entry) {
            String sql = RestorePlan.sqlOf(entry);
            if (sql.isBlank()) {
                return;
            }
            selectTableam(entry);
            jdbc.execute(sql, "at " + entry.describe());
            statements++;
        }

        void load(TocEntry entry, InputStream data) {
            selectTableam(entry);
            String where = "at " + entry.describe();
            if (entry.isCopy()) {
                String copy = entry.copyStmt().strip();
                jdbc.beginCopy(copy.endsWith(";") ? copy.substring(0, copy.length() - 1) : copy, where);
                try {
                    ArchiveCopyFeed.feed(data, jdbc, dumpName + ": the data of " + entry.describe());
                } catch (RuntimeException e) {
                    jdbc.abortCopy();
                    throw e;
                }
                rows += jdbc.endCopy();
            } else {
                // --inserts data: SQL statements, split and run by the plain loader's scanner.
                RestoreStats sql = new PlainDumpScanner(data, dumpName + " (" + entry.describe() + ")", jdbc,
                        RestoreProgress.NONE, false).run();
                statements += sql.statements();
            }
            statements++;
            progress.update(bytes.get(), rows);
        }

        private void selectTableam(TocEntry entry) {
            if (entry.tableam().isPresent() && !entry.tableam().get().equals(tableam)) {
                jdbc.execute("SET default_table_access_method = " + quoteIdentifier(entry.tableam().get()),
                        "at " + entry.describe());
                tableam = entry.tableam().get();
            }
        }

        long rows() {
            return rows;
        }

        long statements() {
            return statements;
        }
    }

    static String quoteIdentifier(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** Counts the archive's bytes as they are read (compressed, as stored), for progress and the report. */
    private static final class Counting extends FilterInputStream {
        private final AtomicLong count;

        Counting(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }
}
