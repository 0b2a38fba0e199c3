package io.restoredrill.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Compresses files with the real command-line programs (gzip, zstd, lz4, bzip2, xz, all installed on the build
 * machines), so tests decode what users' own tools write rather than what a Java library writes.
 */
public final class CompressionPrograms {

    private CompressionPrograms() {
    }

    /**
     * Runs {@code program options... < input > output}.
     *
     * @return {@code output}
     */
    public static Path compress(Path input, Path output, String program, String... options) {
        List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(List.of(options));
        command.add("-c");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(input.toFile())
                    .redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.PIPE)
                    .start();
            String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + errors);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + program + " (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code cat parts... > output}: several compressed streams one after another, as pbzip2 or pigz write them. */
    public static Path concatenate(Path output, Path... parts) {
        try {
            Files.deleteIfExists(output);
            for (Path part : parts) {
                Files.write(output, Files.readAllBytes(part), java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
