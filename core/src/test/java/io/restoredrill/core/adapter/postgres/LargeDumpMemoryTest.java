package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dump much larger than the heap restores: proof that the loader streams. Runs the loader in a separate JVM
 * whose heap (32 MB) is a sixth of the dump (about 200 MB, generated while it is read, never stored).
 */
class LargeDumpMemoryTest {

    private static final long ROWS = 2_300_000;

    @Test
    void restoresDumpSixTimesLargerThanTheHeap() throws Exception {
        DatabaseEndpoint target = TestPostgres.createDatabase("loader_large");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Xmx32m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                SyntheticDumpLoadMain.class.getName(),
                target.host(), String.valueOf(target.port()), target.database(), target.user(), String.valueOf(ROWS))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("rows=" + ROWS);
        long bytes = Long.parseLong(output.replaceAll("(?s).*bytes=(\\d+).*", "$1"));
        assertThat(bytes).isGreaterThan(6L * 32 * 1024 * 1024);
        assertThat(PlainDumpRestorerTest.query(target, "SELECT count(*), max(id) FROM synthetic"))
                .isEqualTo(List.of(ROWS + "|" + ROWS));
    }
}
