package io.restoredrill.cli;

import io.restoredrill.cli.embedded.BundledPostgres;
import io.restoredrill.cli.embedded.EmbeddedPostgresDatabases;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.TemporaryDatabase;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The training run of the launcher's start-up cache ({@code scripts/java-options.sh}): the JVM records the classes
 * and compilations a drill needs on its way to its first COPY, once per build, and maps them in at every start.
 * It trains both ways a drill runs on a machine: the example's backups restored on the embedded server, then the
 * same backups against a scratch server ({@code --target}), which it starts for the purpose (an embedded server of
 * its own). A cache trained on the embedded drill alone leaves the scratch path's classes and lambdas to be made at
 * every start, some 30 ms before a scratch server's first connection (README, "A whole drill against psql -f").
 *
 * <p>Not a command of the tool: the launcher runs it with {@code java -cp restore-drill.jar}. Exits with the first
 * drill's exit code that is not 0, and nothing is left running either way.
 */
public final class StartupTraining {

    private StartupTraining() {
    }

    /** {@code StartupTraining EXAMPLE_FOLDER WORK_FOLDER}: the example's {@code backups} and {@code checks.yaml}. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: StartupTraining <example folder, e.g. examples/shop> <work folder>");
            System.exit(RestoreDrillCli.USAGE_ERROR);
        }
        System.exit(train(Path.of(args[0]), Path.of(args[1]), System.getenv()));
    }

    static int train(Path example, Path work, Map<String, String> env) throws InterruptedException {
        String backups = example.resolve("backups").toString();
        String checks = example.resolve("checks.yaml").toString();
        int embedded = RestoreDrillCli.launch(env, "run", "--backups", backups, "--checks", checks,
                "--report", work.resolve("embedded.json").toString());
        if (embedded != RestoreDrillCli.PASSED) {
            return embedded;
        }
        // Stopped at the end, and by TeardownOnExit's hook should the training be interrupted.
        TeardownOnExit embeddedServers = new TeardownOnExit(
                new EmbeddedPostgresDatabases(BundledPostgres.fromClasspath(), Optional.empty()));
        try (TemporaryDatabase server = embeddedServers.create(Optional.empty())) {
            DatabaseEndpoint admin = server.endpoint();
            // The embedded server trusts local connections: the URI needs no password.
            String target = "postgresql://" + admin.user() + "@" + admin.host() + ":" + admin.port() + "/postgres";
            return RestoreDrillCli.launch(env, "run", "--backups", backups, "--checks", checks, "--target", target,
                    "--report", work.resolve("scratch-server.json").toString());
        }
    }
}
