package io.restoredrill.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Starts the CLI in a child JVM with the test class path: for what needs a process of its own (signals, env). */
final class CliProcess {

    private CliProcess() {
    }

    static Process start(Path tmpDir, Map<String, String> environment, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Djava.io.tmpdir=" + tmpDir,
                "-cp", System.getProperty("java.class.path"), RestoreDrillCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** A finished CLI process: exit code, stdout and stderr apart. */
    record Finished(int exitCode, String out, String err) {
    }

    /** A CLI process whose stdout and stderr are read apart, in the background. */
    record Running(Process process, CompletableFuture<String> out, CompletableFuture<String> err) {

        Finished await() throws InterruptedException {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the CLI did not finish within 120 s: " + err.join());
            }
            return new Finished(process.exitValue(), out.join(), err.join());
        }
    }

    /**
     * Starts the CLI with stdout and stderr apart. {@code environment} is added to this JVM's; a null value removes
     * the variable (e.g. to prove a missing one is reported).
     */
    static Running startApart(Path tmpDir, Map<String, String> environment, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Djava.io.tmpdir=" + tmpDir,
                "-cp", System.getProperty("java.class.path"), RestoreDrillCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process process = builder.start();
        return new Running(process, drain(process.getInputStream()), drain(process.getErrorStream()));
    }

    static Finished run(Path tmpDir, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return startApart(tmpDir, environment, args).await();
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
