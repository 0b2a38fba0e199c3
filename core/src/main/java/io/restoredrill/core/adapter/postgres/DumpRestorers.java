package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.port.BackupMembers;
import io.restoredrill.core.port.BackupRestorer;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.port.TemporaryDatabase;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Optional;

/**
 * Restores any supported dump by handing it to the restorer for its format, all in pure Java. What a file holds
 * wins over what it is called: a file starting with {@code PGDMP} is a custom archive even when named
 * {@code .sql}, and a {@code .dump} file that holds a SQL script (as {@code pg_dump > db.dump} writes) is restored
 * as one. A SQL script written by pg_dumpall is recognised by its first lines (see {@link PlainDumpRestorer}).
 */
public final class DumpRestorers implements BackupRestorer {

    private static final int PEEK = 5;

    private final BackupRestorer plain;
    private final BackupRestorer archive;

    public DumpRestorers(BackupRestorer plain, BackupRestorer archive) {
        this.plain = plain;
        this.archive = archive;
    }

    /**
     * Plain dumps, compressed or not, through the plain loader, pg_dump archives through the archive reader, on
     * {@link ArchiveRestorer#defaultJobs()} connections.
     */
    public static DumpRestorers standard() {
        return withJobs(ArchiveRestorer.defaultJobs());
    }

    /** @param jobs connections a restore uses at once ({@code --jobs}); a large plain COPY spreads over as many */
    public static DumpRestorers withJobs(int jobs) {
        return new DumpRestorers(new PlainDumpRestorer(jobs), new ArchiveRestorer(jobs));
    }

    @Override
    public Optional<Integer> dumpedFromMajorVersion(BackupRef backup, InputStream dumpHead) {
        PushbackInputStream in = new PushbackInputStream(dumpHead, PEEK);
        Routed routed = route(backup, in);
        return routed.restorer.dumpedFromMajorVersion(routed.backup, in);
    }

    @Override
    public RestoreStats restore(BackupRef backup, InputStream dump, DatabaseEndpoint target, RestoreProgress progress) {
        PushbackInputStream in = new PushbackInputStream(dump, PEEK);
        Routed routed = route(backup, in);
        return routed.restorer.restore(routed.backup, in, target, progress);
    }

    @Override
    public RestoreStats restore(BackupRef backup, InputStream dump, BackupMembers members, DatabaseEndpoint target,
                                RestoreProgress progress) {
        PushbackInputStream in = new PushbackInputStream(dump, PEEK);
        Routed routed = route(backup, in);
        return routed.restorer.restore(routed.backup, in, members, target, progress);
    }

    @Override
    public RestoreStats restore(BackupRef backup, InputStream dump, BackupMembers members, TemporaryDatabase target,
                                RestoreProgress progress) {
        PushbackInputStream in = new PushbackInputStream(dump, PEEK);
        Routed routed = route(backup, in);
        return routed.restorer.restore(routed.backup, in, members, target, progress);
    }

    private record Routed(BackupRestorer restorer, BackupRef backup) {
    }

    private Routed route(BackupRef backup, PushbackInputStream in) {
        if (backup.format() == BackupFormat.DIRECTORY || backup.format() == BackupFormat.TAR) {
            return new Routed(archive, backup);
        }
        byte[] head = peek(backup, in);
        if (ArchiveRestorer.isCustomArchive(head) || (backup.format() == BackupFormat.CUSTOM && head.length < PEEK)) {
            // Also an archive cut inside its magic: the archive reader says it is truncated.
            return new Routed(archive, as(backup, BackupFormat.CUSTOM));
        }
        if (backup.format() == BackupFormat.CUSTOM && head.length > 0) {
            boolean gzip = head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
            return new Routed(plain, as(backup, gzip ? BackupFormat.GZIP_SQL : BackupFormat.PLAIN_SQL));
        }
        return new Routed(backup.format() == BackupFormat.CUSTOM ? archive : plain, backup);
    }

    private static BackupRef as(BackupRef backup, BackupFormat format) {
        return format == backup.format() ? backup : new BackupRef(backup.location(), backup.name(),
                backup.sizeBytes(), backup.timestamp(), backup.timestampSource(), format);
    }

    private static byte[] peek(BackupRef backup, PushbackInputStream in) {
        try {
            byte[] head = in.readNBytes(PEEK);
            in.unread(head);
            return head;
        } catch (IOException e) {
            throw new BackupUnusableException("cannot read " + backup.location() + ": " + e.getMessage(), e);
        }
    }
}
