package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.port.BackupRestorer;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Restores custom-format dumps ({@code pg_dump -Fc}) with the {@code pg_restore} found on PATH.
 *
 * <p>Runs {@code pg_restore --no-owner --no-privileges --exit-on-error} without {@code --single-transaction}:
 * it stops at the first error like the plain loader (psql's ON_ERROR_STOP), and the temporary database is
 * thrown away after a failure anyway, so one big transaction would add nothing but the risk of running out of
 * lock slots ({@code max_locks_per_transaction}) on dumps with many tables.
 *
 * <p>The password travels in the child's environment ({@code PGPASSWORD}), never on its command line, which
 * other users of the machine can read.
 */
public final class PgRestoreRestorer implements BackupRestorer {

    private static final Logger log = LoggerFactory.getLogger(PgRestoreRestorer.class);

    private static final int STDERR_LINES = 20;
    private static final long PROGRESS_EVERY_BYTES = 8L << 20;

    /** pg_restore's words for an archive it cannot read: the backup's fault, not the database's. */
    private static final List<String> UNUSABLE_ARCHIVE = List.of(
            "does not appear to be a valid archive",
            "could not read input file",
            "could not read from input file",
            "end of file",
            "did not find magic string",
            "could not find block id",
            "could not uncompress data",
            "could not decompress data",
            "corrupt",
            "found unexpected block id",
            "unrecognized data block type");

    private final String executable;
    private final Optional<Path> tempDirectory;

    /** Uses {@code pg_restore} from PATH. */
    public PgRestoreRestorer() {
        this("pg_restore");
    }

    /** @param executable the pg_restore to run: a name looked up on PATH or a path */
    public PgRestoreRestorer(String executable) {
        this(executable, Optional.empty());
    }

    /** @param tempDirectory where the dump is copied for pg_restore; the system's temp folder when empty */
    PgRestoreRestorer(String executable, Optional<Path> tempDirectory) {
        this.executable = Objects.requireNonNull(executable, "executable");
        this.tempDirectory = Objects.requireNonNull(tempDirectory, "tempDirectory");
    }

    @Override
    public Optional<Integer> dumpedFromMajorVersion(BackupRef backup, InputStream dumpHead) {
        requireCustom(backup);
        try {
            return CustomArchiveHeader.read(new BufferedInputStream(dumpHead)).serverMajorVersion();
        } catch (EOFException | CustomArchiveHeader.NotAnArchiveException e) {
            // The restore reports what is wrong with the file; here it only means "version unknown".
            log.debug("no version in the header of {}: {}", backup.location(), e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            throw new BackupUnusableException("cannot read " + backup.location() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public RestoreStats restore(BackupRef backup, InputStream dump, DatabaseEndpoint target, RestoreProgress progress) {
        requireCustom(backup);
        String version = pgRestoreVersion();
        Path copy = null;
        try {
            copy = tempDirectory.isPresent()
                    ? Files.createTempFile(tempDirectory.get(), "restore-drill-", ".dump")
                    : Files.createTempFile("restore-drill-", ".dump");
            long bytes = copy(backup, dump, copy, progress);
            CustomArchiveHeader header = checkHeader(backup, copy, bytes);
            log.debug("restoring {} ({} bytes, archive {}, dumped by pg_dump {}) with {}", backup.name(), bytes,
                    header.archiveVersion(), header.pgDumpVersion().orElse("?"), version);
            run(backup, copy, target, header, version);
            progress.update(bytes, 0);
            return new RestoreStats(bytes, 0, 0);
        } catch (IOException e) {
            throw new RestoreFailedException("cannot make a temporary copy of " + backup.location()
                    + " for pg_restore: " + e.getMessage(), e);
        } finally {
            if (copy != null) {
                deleteQuietly(copy);
            }
        }
    }

    private static void requireCustom(BackupRef backup) {
        if (backup.format() != BackupFormat.CUSTOM) {
            throw new IllegalArgumentException("pg_restore restores custom-format dumps (" + BackupFormat.CUSTOM.suffix()
                    + "), not " + backup.format() + " (" + backup.name() + ")");
        }
    }

    /** pg_restore's version line; fails with the install hint when it cannot be run. */
    private String pgRestoreVersion() {
        try {
            Process p = new ProcessBuilder(executable, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return out.isEmpty() ? executable : out;
        } catch (IOException e) {
            throw new RestoreFailedException("custom-format dumps (.dump) need pg_restore on PATH; install the"
                    + " PostgreSQL client or use a plain dump (.sql, .sql.gz), which restore-drill restores in pure"
                    + " Java (cannot run \"" + executable + "\": " + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreFailedException("interrupted while starting pg_restore", e);
        }
    }

    /** Copies the dump to {@code file}; read errors are the backup's, write errors the machine's. */
    private static long copy(BackupRef backup, InputStream dump, Path file, RestoreProgress progress)
            throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        long reported = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                int n;
                try {
                    n = dump.read(buffer);
                } catch (IOException e) {
                    throw new BackupUnusableException("cannot read " + backup.location() + " after " + total
                            + " bytes: " + e.getMessage(), e);
                }
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                total += n;
                if (total - reported >= PROGRESS_EVERY_BYTES) {
                    progress.update(total, 0);
                    reported = total;
                }
            }
        }
        return total;
    }

    private static CustomArchiveHeader checkHeader(BackupRef backup, Path copy, long bytes) throws IOException {
        if (bytes == 0) {
            throw new BackupUnusableException(backup.location() + " is empty (0 bytes)");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(copy))) {
            return CustomArchiveHeader.read(in);
        } catch (EOFException e) {
            throw new BackupUnusableException(backup.location() + " is truncated: it ends inside the archive header ("
                    + bytes + " bytes)", e);
        } catch (CustomArchiveHeader.NotAnArchiveException e) {
            throw new BackupUnusableException(backup.location() + " is not a pg_dump custom-format archive ("
                    + e.getMessage() + ")", e);
        }
    }

    private void run(BackupRef backup, Path archive, DatabaseEndpoint target, CustomArchiveHeader header,
                     String version) {
        List<String> command = List.of(executable, "--no-owner", "--no-privileges", "--exit-on-error",
                "--no-password", "-h", target.host(), "-p", Integer.toString(target.port()), "-U", target.user(),
                "-d", target.database(), archive.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(false);
        Map<String, String> env = builder.environment();
        env.remove("PGPASSWORD");
        target.password().ifPresent(secret -> env.put("PGPASSWORD", secret.value()));
        // The same TLS rule as PostgresConnections: verify the server, or no TLS at all for a local server.
        env.put("PGSSLMODE", target.requireTls() ? "verify-full" : "disable");
        target.rootCertificate().ifPresent(pem -> env.put("PGSSLROOTCERT", pem.toString()));
        env.put("PGCONNECT_TIMEOUT", "15");
        env.put("PGAPPNAME", "restore-drill");

        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new RestoreFailedException("cannot start " + executable + ": " + e.getMessage(), e);
        }
        Thread killer = new Thread(process::destroyForcibly, "pg_restore-killer");
        boolean hookAdded = addShutdownHook(killer);
        try {
            StderrTail stderr = StderrTail.follow(process.getErrorStream());
            int exit = process.waitFor();
            List<String> tail = stderr.await();
            if (exit != 0) {
                throw failure(backup, target, header, version, exit, tail);
            }
            if (!tail.isEmpty()) {
                log.debug("pg_restore said: {}", String.join(" | ", tail));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreFailedException("restore of " + backup.location() + " was interrupted; pg_restore stopped", e);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
            if (hookAdded) {
                removeShutdownHook(killer);
            }
        }
    }

    private RuntimeException failure(BackupRef backup, DatabaseEndpoint target, CustomArchiveHeader header,
                                     String version, int exit, List<String> tail) {
        String said = String.join("\n", tail);
        String lower = said.toLowerCase(Locale.ROOT);
        if (lower.contains("unsupported version")) {
            return new RestoreFailedException(version + " cannot read " + backup.location() + " (archive format "
                    + header.archiveVersion() + ", written by pg_dump " + header.pgDumpVersion().orElse("?")
                    + "); install a newer PostgreSQL client:\n" + said);
        }
        if (UNUSABLE_ARCHIVE.stream().anyMatch(lower::contains)) {
            return new BackupUnusableException(backup.location() + " is truncated or corrupt; pg_restore said:\n" + said);
        }
        return new RestoreFailedException("pg_restore of " + backup.location() + " into " + target.describe()
                + " failed (exit " + exit + "):\n" + said);
    }

    /** Reads the child's stderr on its own thread (so waiting stays interruptible), keeping the last lines. */
    private static final class StderrTail {
        private final Deque<String> lines = new ArrayDeque<>();
        private final Thread reader;

        private StderrTail(InputStream stderr) {
            reader = Thread.ofVirtual().unstarted(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        synchronized (lines) {
                            lines.addLast(line);
                            if (lines.size() > STDERR_LINES) {
                                lines.removeFirst();
                            }
                        }
                    }
                } catch (IOException e) {
                    // The stream closes when the process is killed; what was read so far is kept.
                    log.debug("reading pg_restore's stderr stopped: {}", e.getMessage());
                }
            });
        }

        static StderrTail follow(InputStream stderr) {
            StderrTail tail = new StderrTail(stderr);
            tail.reader.start();
            return tail;
        }

        List<String> await() throws InterruptedException {
            reader.join();
            synchronized (lines) {
                return new ArrayList<>(lines);
            }
        }
    }

    private static boolean addShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException e) {
            return false; // the JVM is already shutting down; the finally block still kills the child
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down and runs the hook: it only kills an already finished process.
            log.debug("shutdown in progress, pg_restore hook stays registered");
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete the temporary copy {}: {}", file, e.getMessage());
        }
    }
}
