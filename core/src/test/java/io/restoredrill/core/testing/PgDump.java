package io.restoredrill.core.testing;

import io.restoredrill.core.port.DatabaseEndpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/** Runs the real {@code pg_dump} (from PATH) against a test database, so tests restore genuine dumps. */
public final class PgDump {

    private PgDump() {
    }

    /** Plain SQL dump ({@code pg_dump -Fp}) of {@code source} into {@code file}. */
    public static Path plain(DatabaseEndpoint source, Path file) {
        return run(source, file, "-Fp");
    }

    /** Custom-format dump ({@code pg_dump -Fc}). */
    public static Path custom(DatabaseEndpoint source, Path file) {
        return run(source, file, "-Fc");
    }

    /** Plain dump compressed with gzip (as {@code pg_dump | gzip} writes it). */
    public static Path gzip(DatabaseEndpoint source, Path file) {
        try {
            Path plain = Files.createTempFile("pgdump", ".sql");
            run(source, plain, "-Fp");
            try (InputStream in = Files.newInputStream(plain);
                 OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                in.transferTo(out);
            }
            Files.delete(plain);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path run(DatabaseEndpoint source, Path file, String... options) {
        List<String> command = new ArrayList<>(List.of("pg_dump", "--no-password",
                "-h", source.host(), "-p", String.valueOf(source.port()), "-U", source.user(),
                "-f", file.toString()));
        command.addAll(List.of(options));
        command.add(source.database());
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("pg_dump failed: " + output);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run pg_dump (is it on PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
