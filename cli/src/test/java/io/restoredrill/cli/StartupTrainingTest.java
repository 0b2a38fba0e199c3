package io.restoredrill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher's training run: both drills of examples/shop for real, and nothing left running after them. */
@ExtendWith(NothingLeftRunning.AfterEachTest.class)
class StartupTrainingTest {

    private static final Path EXAMPLE = Path.of("..", "examples", "shop");

    @Test
    void runsTheExampleOnTheEmbeddedServerAndThenAgainstAScratchServer(@TempDir Path work) throws Exception {
        assertThat(StartupTraining.train(EXAMPLE, work, Map.of())).isZero();

        JsonNode embedded = report(work.resolve("embedded.json"));
        assertThat(embedded.at("/verdict").asText()).isEqualTo("PASSED");
        assertThat(embedded.at("/target").asText()).contains("embedded PostgreSQL");
        JsonNode scratch = report(work.resolve("scratch-server.json"));
        assertThat(scratch.at("/verdict").asText()).isEqualTo("PASSED");
        // The path that creates a database on a server given with --target, and drops it again.
        assertThat(scratch.at("/target").asText()).startsWith("temporary database restore_drill_")
                .contains(" on postgres@localhost:");
        assertThat(scratch.at("/tables").size()).isEqualTo(embedded.at("/tables").size()).isPositive();
    }

    @Test
    void stopsWithTheFirstDrillsExitCodeWhenItFails(@TempDir Path work) throws Exception {
        Path example = work.resolve("example");
        Path backups = Files.createDirectories(example.resolve("backups"));
        try (Stream<Path> dumps = Files.list(EXAMPLE.resolve("backups"))) {
            for (Path dump : dumps.toList()) {
                Files.copy(dump, backups.resolve(dump.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Files.writeString(example.resolve("checks.yaml"), """
                checks:
                  - name: no-customers
                    sql: SELECT count(*) FROM shop.customers
                    expect: "= 0"
                """);

        assertThat(StartupTraining.train(example, work, Map.of())).isEqualTo(RestoreDrillCli.DRILL_FAILED);

        assertThat(report(work.resolve("embedded.json")).at("/verdict").asText()).isEqualTo("FAILED");
        assertThat(work.resolve("scratch-server.json")).as("the second drill, not run").doesNotExist();
    }

    private static JsonNode report(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }
}
