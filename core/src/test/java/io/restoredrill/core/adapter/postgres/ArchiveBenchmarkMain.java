package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.adapter.source.FolderBackupSource;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;

import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Restores one archive (a custom-format file, or a directory dump's folder) with {@link ArchiveRestorer}, for
 * benchmark/archive-restore.sh. Args: host port database user archive jobs. Connects once to the server's
 * {@code postgres} database first, as a drill has (it created the temporary database). Prints
 * {@code millis=N rows=N statements=N bytes=N}.
 */
public final class ArchiveBenchmarkMain {

    private ArchiveBenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: ArchiveBenchmarkMain host port database user archive jobs");
            System.exit(2);
        }
        DatabaseEndpoint target = new DatabaseEndpoint(args[0], Integer.parseInt(args[1]), args[2], args[3],
                Optional.empty(), false);
        Path archive = Path.of(args[4]).toAbsolutePath();
        ArchiveRestorer restorer = new ArchiveRestorer(Integer.parseInt(args[5]));
        try (Connection warmUp = PostgresConnections.openForScripts(target.withDatabase("postgres"))) {
            warmUp.createStatement().execute("SELECT 1");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + target.describe(), e);
        }
        long started = System.nanoTime();
        RestoreStats stats;
        // As a drill reads it: from its folder, which opens a directory dump's files, or a custom archive at its
        // data blocks' offsets.
        FolderBackupSource folder = new FolderBackupSource(archive.getParent());
        BackupRef ref = folder.list().stream().filter(b -> b.location().equals(archive.toString())).findFirst()
                .orElseThrow();
        try (InputStream in = folder.open(ref)) {
            stats = restorer.restore(ref, in, folder.members(ref), target, RestoreProgress.NONE);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("millis=" + millis + " rows=" + stats.rowsCopied() + " statements=" + stats.statements()
                + " bytes=" + stats.bytesRead());
    }
}
