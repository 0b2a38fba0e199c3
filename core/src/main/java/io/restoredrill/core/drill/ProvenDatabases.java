package io.restoredrill.core.drill;

import io.restoredrill.core.domain.CheckResult;
import io.restoredrill.core.domain.Expectation;
import io.restoredrill.core.domain.HealthCheck;
import io.restoredrill.core.domain.RestoredDatabase;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.port.DatabaseEndpoint;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The databases a drill proves, and which of them a check runs in. Usually one: the database the backup was restored
 * into, or the one located on a restored instance. A pg_dumpall backup restores each of its databases into a
 * temporary database of its own; then the row counts and proofs cover each, and a check runs in the database its
 * {@code database:} names, by its name in the backup.
 */
final class ProvenDatabases {

    /** Databases every cluster has; a check without {@code database:} never picks one of them by default. */
    private static final Set<String> SERVER_DATABASES = Set.of("postgres", "template1", "template0");

    /** One database to prove, and its name in the backup when the backup held several. */
    record Proven(Optional<String> name, DatabaseEndpoint endpoint) {
    }

    /** Where a check runs, or why it cannot run. */
    sealed interface Placement {
        record In(DatabaseEndpoint endpoint) implements Placement {
        }

        record Nowhere(String why) implements Placement {
        }
    }

    private final DatabaseEndpoint drillDatabase;
    private final List<RestoredDatabase> restored;
    private final boolean onInstance;

    private ProvenDatabases(DatabaseEndpoint drillDatabase, List<RestoredDatabase> restored, boolean onInstance) {
        this.drillDatabase = drillDatabase;
        this.restored = List.copyOf(restored);
        this.onInstance = onInstance;
    }

    /** The databases a backup's restore made: its own, or each of a pg_dumpall file's ({@code restored}). */
    static ProvenDatabases fromBackup(DatabaseEndpoint drillDatabase, List<RestoredDatabase> restored) {
        return new ProvenDatabases(drillDatabase, restored, false);
    }

    /** A database on a restored instance: a check's {@code database:} names another database on that instance. */
    static ProvenDatabases onInstance(DatabaseEndpoint located) {
        return new ProvenDatabases(located, List.of(), true);
    }

    boolean several() {
        return !restored.isEmpty();
    }

    List<RestoredDatabase> restored() {
        return restored;
    }

    /** Every database whose rows are counted and which the proofs cover. */
    List<Proven> all() {
        if (restored.isEmpty()) {
            return List.of(new Proven(Optional.empty(), drillDatabase));
        }
        return restored.stream().map(d -> new Proven(Optional.of(d.name()), endpointOf(d))).toList();
    }

    /**
     * The database that checks without {@code database:} and the freshness entries run in: the drill's; for a
     * backup of several, the one that is not postgres or template1, when there is exactly one.
     */
    Optional<DatabaseEndpoint> main() {
        if (restored.isEmpty()) {
            return Optional.of(drillDatabase);
        }
        List<RestoredDatabase> own = restored.stream().filter(d -> !SERVER_DATABASES.contains(d.name())).toList();
        return own.size() == 1 ? Optional.of(endpointOf(own.get(0))) : Optional.empty();
    }

    Placement placementOf(HealthCheck check) {
        if (check.database().isEmpty()) {
            return main().<Placement>map(Placement.In::new).orElseGet(() -> new Placement.Nowhere(
                    "the backup holds the databases " + names() + "; say which one the check runs in with"
                            + " \"database:\""));
        }
        String wanted = check.database().get();
        if (onInstance) {
            return new Placement.In(drillDatabase.withDatabase(wanted));
        }
        if (restored.isEmpty()) {
            return new Placement.Nowhere("\"database: " + wanted + "\" names a database, but the backup is a dump of"
                    + " one database, restored as the drill's own; \"database:\" applies to pg_dumpall backups of"
                    + " several databases");
        }
        return restored.stream().filter(d -> d.name().equals(wanted)).findFirst()
                .<Placement>map(d -> new Placement.In(endpointOf(d)))
                .orElseGet(() -> new Placement.Nowhere("database " + wanted + " is not in the backup, which holds "
                        + names()));
    }

    /** The result of a check that could not run anywhere: failed, saying why. */
    static CheckResult notRun(HealthCheck check, String why) {
        return new CheckResult(check.name(), check.sql(), check.expect().map(Expectation::text), Optional.empty(),
                Verdict.FAILED, Optional.of(why), 0);
    }

    private DatabaseEndpoint endpointOf(RestoredDatabase d) {
        return drillDatabase.withDatabase(d.restoredAs());
    }

    private String names() {
        return String.join(", ", restored.stream().map(RestoredDatabase::name).toList());
    }
}
