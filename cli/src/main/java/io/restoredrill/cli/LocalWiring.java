package io.restoredrill.cli;

import io.restoredrill.cli.embedded.BundledPostgres;
import io.restoredrill.cli.embedded.EmbeddedPostgresDatabases;
import io.restoredrill.core.adapter.postgres.AdminEndpoints;
import io.restoredrill.core.adapter.postgres.DumpRestorers;
import io.restoredrill.core.adapter.postgres.JdbcDatabaseInspector;
import io.restoredrill.core.adapter.postgres.PostgresProofs;
import io.restoredrill.core.adapter.postgres.ScratchServerDatabases;
import io.restoredrill.core.adapter.source.FolderBackupSource;
import io.restoredrill.core.adapter.source.S3BackupSource;
import io.restoredrill.core.adapter.source.S3Location;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.port.BackupRestorer;
import io.restoredrill.core.port.BackupSource;
import io.restoredrill.core.port.DatabaseInspector;
import io.restoredrill.core.port.DatabaseProofs;
import io.restoredrill.core.port.TemporaryDatabaseProvider;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the adapters of a local drill from the command line's options. The only place that reads the environment. */
record LocalWiring(BackupSource source, TemporaryDatabaseProvider databases, BackupRestorer restorer,
                   DatabaseInspector inspector, DatabaseProofs proofs) {

    private static final List<String> GENERIC_FOLDER_NAMES = List.of("backups", "backup", "dumps", "dump");

    static LocalWiring forOptions(String backups, TemporaryDatabaseProvider databases, Optional<Integer> jobs) {
        return new LocalWiring(source(backups), databases,
                jobs.map(DumpRestorers::withJobs).orElseGet(DumpRestorers::standard), new JdbcDatabaseInspector(),
                new PostgresProofs());
    }

    /**
     * Where the drill restores, torn down should the process be asked to exit. A scratch server's database is
     * created at once, while the rest of the drill gets ready; the embedded server waits for the dump's version.
     */
    static DatabaseCreatedAhead databases(String target, Optional<Integer> pgVersion, Map<String, String> env) {
        if (target.equals("embedded")) {
            return DatabaseCreatedAhead.onDemand(new TeardownOnExit(parse("--pg-version",
                    () -> new EmbeddedPostgresDatabases(BundledPostgres.fromClasspath(), pgVersion))));
        }
        if (pgVersion.isPresent()) {
            throw new InvalidConfigurationException("--pg-version applies to the embedded target only; the server"
                    + " given with --target has its own version");
        }
        return DatabaseCreatedAhead.startingNow(new TeardownOnExit(new ScratchServerDatabases(
                parse("--target", () -> AdminEndpoints.parse(target, Optional.ofNullable(env.get("PGPASSWORD")))))));
    }

    private static BackupSource source(String backups) {
        if (backups.startsWith("s3://")) {
            S3Location location = parse("--backups", () -> S3Location.parse(backups));
            return S3BackupSource.fromEnvironment(location);
        }
        return new FolderBackupSource(Path.of(backups));
    }

    /** "shop" for examples/shop/backups, "orders" for s3://bucket/orders/: the folder that names the data. */
    static String drillName(String backups) {
        String[] segments = backups.replaceFirst("^s3://", "").split("/+");
        for (int i = segments.length - 1; i >= 0; i--) {
            String segment = segments[i];
            if (!segment.isBlank() && !segment.equals(".") && !GENERIC_FOLDER_NAMES.contains(segment.toLowerCase())) {
                return segment;
            }
        }
        return "drill";
    }

    /** Runs a parser of an option's value; its IllegalArgumentException becomes a usage error naming the option. */
    static <T> T parse(String option, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(option + ": " + e.getMessage(), e);
        }
    }
}
