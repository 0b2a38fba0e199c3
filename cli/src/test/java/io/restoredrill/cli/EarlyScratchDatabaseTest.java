package io.restoredrill.cli;

import io.restoredrill.core.port.TemporaryDatabase;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code run} command line's scratch database is started from the raw arguments, before picocli reads them; the
 * drill takes it only when picocli read the same target, and a command line that goes no further drops it.
 */
class EarlyScratchDatabaseTest {

    private static final Path EXAMPLE = Path.of("..", "examples", "shop");

    @Test
    void theTargetIsReadAsPicocliReadsIt() {
        assertThat(EarlyScratchDatabase.scratchTarget(new String[] {"run", "--backups", "b", "--target", "postgresql://h/db"}))
                .contains("postgresql://h/db");
        assertThat(EarlyScratchDatabase.scratchTarget(new String[] {"run", "--target=postgresql://h/db", "--backups", "b"}))
                .contains("postgresql://h/db");
    }

    @Test
    void nothingStartsForAnotherCommandTheEmbeddedTargetHelpTwoTargetsOrAPgVersion() {
        for (List<String> args : List.of(
                List.of("preflight", "--target", "postgresql://h/db"),
                List.of("run", "--backups", "b"),
                List.of("run", "--target", "embedded"),
                List.of("run", "--target", "postgresql://h/db", "--help"),
                List.of("run", "-h", "--target", "postgresql://h/db"),
                List.of("run", "--target", "postgresql://h/a", "--target", "postgresql://h/b"),
                List.of("run", "--target", "postgresql://h/db", "--pg-version", "16"),
                List.of("run", "--target"),
                List.<String>of())) {
            assertThat(EarlyScratchDatabase.scratchTarget(args.toArray(String[]::new))).as(args.toString()).isEmpty();
        }
    }

    @Test
    void theDatabaseIsCreatedBeforeTheCommandLineIsParsedAndTheDrillTakesIt() throws Exception {
        String target = scratchTarget();
        try (EarlyScratchDatabase early = EarlyScratchDatabase.startFor(
                new String[] {"run", "--backups", "b", "--target", target}, Map.of())) {
            // Nothing has parsed the command line: the database appears all the same.
            String created = awaitScratchDatabase();

            Optional<DatabaseCreatedAhead> taken = early.take(target, Optional.empty());

            assertThat(taken).isPresent();
            try (TemporaryDatabase database = taken.get().create(Optional.empty())) {
                assertThat(database.describe()).contains(created);
            }
            assertThat(early.take(target, Optional.empty())).as("only once").isEmpty();
        }
        assertThat(scratchDatabases()).isEmpty();
    }

    @Test
    void aDatabaseStartedForAnotherTargetThanTheParsedOneIsDropped() throws Exception {
        String target = scratchTarget();
        try (EarlyScratchDatabase early = EarlyScratchDatabase.startFor(
                new String[] {"run", "--target", target}, Map.of())) {
            awaitScratchDatabase();

            assertThat(early.take(target.replace("localhost", "127.0.0.1"), Optional.empty())).isEmpty();
            assertThat(scratchDatabases()).isEmpty();
        }
    }

    @Test
    void aCommandLineThatPicocliRefusesLeavesNoDatabaseBehind() throws Exception {
        int code = launchShopDrill(scratchTarget(), "--bogus");

        assertThat(code).isEqualTo(RestoreDrillCli.USAGE_ERROR);
        assertThat(scratchDatabases()).isEmpty();
    }

    @Test
    void aMistakeFoundAfterTheParseLeavesNoDatabaseBehind() throws Exception {
        int code = launchShopDrill(scratchTarget(),
                "--report", EXAMPLE.resolve("no-such-folder").resolve("report.json").toString());

        assertThat(code).isEqualTo(RestoreDrillCli.USAGE_ERROR);
        assertThat(scratchDatabases()).isEmpty();
    }

    @Test
    void aDrillOnTheEarlyDatabasePassesAndDropsIt() throws Exception {
        int code = launchShopDrill(scratchTarget(), "--no-proofs");

        assertThat(code).isEqualTo(RestoreDrillCli.PASSED);
        assertThat(scratchDatabases()).isEmpty();
    }

    @Test
    void anUnreachableServerStartedEarlyFailsTheDrillWithItsOwnMessageAndNoPassword() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        int code;
        try (PrintStream captured = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            System.setOut(captured);
            System.setErr(captured);
            code = launchShopDrill("postgresql://drill:s3cret-pw@127.0.0.1:" + closedPort + "/postgres");
        } finally {
            System.setOut(out);
            System.setErr(err);
        }

        String printed = output.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(RestoreDrillCli.DRILL_FAILED);
        assertThat(printed).contains("cannot connect to the scratch PostgreSQL server drill@127.0.0.1:" + closedPort)
                .doesNotContain("s3cret-pw");
    }

    /** {@code main}'s way in, without its exit: a drill of examples/shop on {@code target}, with {@code more}. */
    private static int launchShopDrill(String target, String... more) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("run", "--backups", EXAMPLE.resolve("backups").toString(),
                "--checks", EXAMPLE.resolve("checks.yaml").toString(), "--target", target));
        args.addAll(List.of(more));
        return RestoreDrillCli.launch(Map.of(), args.toArray(String[]::new));
    }

    private static String scratchTarget() {
        return "postgresql://postgres@localhost:" + TestPostgres.port() + "/postgres";
    }

    private static List<String> scratchDatabases() {
        return TestPostgres.databaseNames().stream().filter(name -> name.startsWith("restore_drill_")).toList();
    }

    /** The one scratch database, once CREATE DATABASE has committed (a bound, not a timing: 60 s). */
    private static String awaitScratchDatabase() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> names = scratchDatabases();
            if (!names.isEmpty()) {
                assertThat(names).hasSize(1);
                return names.getFirst();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no restore_drill_ database was created within 60 s");
    }
}
