package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.adapter.archive.ArchiveData;
import io.restoredrill.core.adapter.archive.ArchiveHeader;
import io.restoredrill.core.adapter.archive.CustomArchive;
import io.restoredrill.core.adapter.archive.DirectoryArchive;
import io.restoredrill.core.adapter.archive.RestorePlan;
import io.restoredrill.core.adapter.archive.SeparableData;
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

    private final int jobs;

    /** As many connections as this machine has cores, at least 2 (the server is usually this machine's). */
    public ArchiveRestorer() {
        this(defaultJobs());
    }

    /**
     * @param jobs connections the restore uses at once: tables of a directory dump load in parallel, a large
     *             table's COPY spreads over idle ones, post-data builds in parallel; 1 restores like
     *             {@code pg_restore} without {@code -j}
     */
    public ArchiveRestorer(int jobs) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, not " + jobs);
        }
        this.jobs = jobs;
    }

    /** The default of {@code --jobs}: this machine's cores, at least 2. */
    public static int defaultJobs() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
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
        return restore(backup, dump, BackupMembers.none(backup.location()), target, progress);
    }

    @Override
    public RestoreStats restore(BackupRef backup, InputStream dump, BackupMembers members, DatabaseEndpoint target,
                                RestoreProgress progress) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(progress, "progress");
        long started = System.nanoTime();
        AtomicLong bytes = new AtomicLong();
        InputStream counted = new Counting(dump, bytes);
        BackupMembers countedMembers = new BackupMembers() {
            @Override
            public InputStream open(String name) {
                return new Counting(members.open(name), bytes);
            }

            @Override
            public Optional<Offsets> offsets() {
                return members.offsets().map(offsets -> offset -> new Counting(offsets.openAt(offset), bytes));
            }
        };
        ArchiveData archive = open(backup, counted, countedMembers);
        RestorePlan plan = RestorePlan.of(archive.toc(), backup.location());
        log.debug("{}: archive {} by pg_dump {}, {} compression, {} TOC entries ({} skipped), {} jobs",
                backup.location(), archive.toc().header().version(),
                archive.toc().header().pgDumpVersion().orElse("?"), archive.toc().header().compression(),
                archive.toc().entries().size(), plan.skipped().size(), jobs);
        ArchiveWorker.Session session = new ArchiveWorker.Session(target, backup.location(), plan.sessionSetup(),
                archive.toc().encoding());
        Runnable report = () -> progress.update(bytes.get(), session.rows().get());
        ParallelArchiveRestore parallel = new ParallelArchiveRestore(session, jobs, report);
        Set<Integer> wanted = new HashSet<>();
        plan.data().forEach(e -> wanted.add(e.dumpId()));
        // The main worker's large COPYs may spread over all jobs' connections (sequential data comes one table at
        // a time); in parallel phases it stays idle, holding one connection.
        try (ArchiveWorker main = session.worker(jobs, ConnectionBudget.of(jobs - 1))) {
            plan.preData().forEach(main::run);
            plan.dataSql().forEach(main::run);
            report.run();
            Optional<SeparableData> separable = jobs > 1 ? separable(archive, countedMembers) : Optional.empty();
            if (separable.isPresent()) {
                parallel.loadData(separable.get(), wanted);
            } else {
                archive.readData(progressing(main.loader(wanted), report));
            }
            if (jobs > 1) {
                parallel.runAll(plan.postData(), archive.toc().byId());
            } else {
                plan.postData().forEach(main::run);
            }
            plan.last().forEach(main::run);
        }
        report.run();
        log.debug("restored {} into {}: {} statements, {} rows, {} bytes in {} ms", backup.location(),
                target.describe(), session.statements().get(), session.rows().get(), bytes.get(),
                (System.nanoTime() - started) / 1_000_000);
        return new RestoreStats(bytes.get(), session.rows().get(), session.statements().get());
    }

    private static ArchiveData.Visitor progressing(ArchiveData.Visitor visitor, Runnable report) {
        return new ArchiveData.Visitor() {
            @Override
            public void tableData(TocEntry entry, InputStream data) {
                visitor.tableData(entry, data);
                report.run();
            }

            @Override
            public void largeObject(TocEntry entry, long oid, InputStream data) {
                visitor.largeObject(entry, oid, data);
            }
        };
    }

    /**
     * The archive's data read apart, table by table on several connections: a directory dump's files, or a custom
     * archive's blocks at the offsets its TOC gives, where its source can open it at a byte.
     */
    private static Optional<SeparableData> separable(ArchiveData archive, BackupMembers members) {
        return switch (archive) {
            case DirectoryArchive directory -> Optional.of(directory);
            case CustomArchive custom -> members.offsets().flatMap(offsets -> custom.separable(offsets::openAt));
            default -> Optional.empty();
        };
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
