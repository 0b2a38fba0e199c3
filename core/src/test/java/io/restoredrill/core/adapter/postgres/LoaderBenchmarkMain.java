package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Restores one dump file with {@link PlainDumpRestorer}, for {@code benchmark/loader-vs-psql.sh}.
 * Args: host port database user file [insertsPerBatch]. Connects once to the server's {@code postgres} database first. Prints {@code millis=N rows=N statements=N bytes=N} on one line.
 */
public final class LoaderBenchmarkMain {

    private LoaderBenchmarkMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 5 && args.length != 6) {
            System.err.println("usage: LoaderBenchmarkMain host port database user dump.sql[.gz] [insertsPerBatch]");
            System.exit(2);
        }
        DatabaseEndpoint target = new DatabaseEndpoint(args[0], Integer.parseInt(args[1]), args[2], args[3],
                Optional.empty(), false);
        Path file = Path.of(args[4]);
        String name = file.getFileName().toString();
        BackupRef ref = new BackupRef(file.toString(), name, Files.size(file), Instant.now(),
                BackupRef.TimestampSource.MODIFICATION_TIME, BackupFormat.ofFileName(name).orElseThrow());
        // A drill has connected to the server before it restores (to create the temporary database): load and
        // initialise the driver first, so the figure is the restore's and not the JVM's class loading.
        try (Connection warmUp = PostgresConnections.openForScripts(target.withDatabase("postgres"))) {
            warmUp.createStatement().execute("SELECT 1");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + target.describe(), e);
        }
        long started = System.nanoTime();
        RestoreStats stats;
        try (InputStream in = Files.newInputStream(file)) {
            PlainDumpRestorer restorer = args.length == 6
                    ? new PlainDumpRestorer(PlainDumpRestorer.DEFAULT_COPY_CONNECTIONS, Integer.parseInt(args[5]))
                    : new PlainDumpRestorer();
            stats = restorer.restore(ref, in, target, RestoreProgress.NONE);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("millis=" + millis + " rows=" + stats.rowsCopied() + " statements=" + stats.statements()
                + " bytes=" + stats.bytesRead());
    }
}
