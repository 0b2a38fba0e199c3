package io.restoredrill.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl-C during a drill: the temporary server must be stopped and its data directory deleted. */
class InterruptedDrillTest {

    @Test
    void ctrlCDuringADrillTearsTheTemporaryServerDown(@TempDir Path dir) throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path checks = Files.writeString(dir.resolve("checks.yaml"), """
                checks:
                  - name: slow
                    sql: SELECT pg_sleep(120)
                    timeout: 300s
                """);
                Process drill = CliProcess.start(tmp, java.util.Map.of(),
                "run", "--backups", Path.of("..", "examples", "shop", "backups").toString(),
                "--checks", checks.toString());
        StringBuilder output = new StringBuilder();
        CompletableFuture<Void> checking = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(drill.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    output.append(line).append('\n');
                    if (line.contains("restored ")) {
                        checking.complete(null); // the restore is done; the slow check is running now
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();

        checking.get(120, TimeUnit.SECONDS);
        assertThat(Files.list(tmp).filter(p -> p.getFileName().toString().startsWith("epg")))
                .as("a data directory while the drill runs").isNotEmpty();
        assertThat(NothingLeftRunning.postgresProcessesRunFrom(tmp)).as("the drill's server while it runs").isNotEmpty();
        new ProcessBuilder("kill", "-" + interruptSignal(), String.valueOf(drill.pid())).start().waitFor();

        assertThat(drill.waitFor(60, TimeUnit.SECONDS)).as("drill exits after Ctrl-C").isTrue();
        reader.join(10_000);
        assertThat(output).contains("interrupted; tearing down embedded PostgreSQL");
        try (var left = Files.list(tmp)) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("epg")))
                    .as("data directories left behind").isEmpty();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!NothingLeftRunning.postgresProcessesRunFrom(tmp).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(NothingLeftRunning.postgresProcessesRunFrom(tmp)).as("postgres processes after Ctrl-C").isEmpty();
    }

    /**
     * SIGINT, as Ctrl-C sends; but a process started in the background by a shell without job control
     * inherits SIGINT as ignored (and so would the drill we start), so there use SIGTERM, which a stopping
     * service manager sends and which runs the same shutdown hooks.
     */
    private static String interruptSignal() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                long ignored = Long.parseLong(line.substring("SigIgn:".length()).trim(), 16);
                return (ignored & (1L << (2 - 1))) != 0 ? "TERM" : "INT";
            }
        }
        return "INT";
    }
}
