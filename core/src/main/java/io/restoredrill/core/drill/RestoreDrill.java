package io.restoredrill.core.drill;

import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.port.BackupRestorer;
import io.restoredrill.core.port.BackupSource;
import io.restoredrill.core.port.DatabaseInspector;
import io.restoredrill.core.port.DatabaseProofs;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.port.TemporaryDatabaseProvider;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The local drill: take the newest backup, restore it into a temporary database, prove it holds what it should,
 * and destroy the temporary database again, whatever happened. The steps are {@link Verification}'s; this class
 * hands it the local adapters and reports every failure.
 *
 * <p>Every failure of the drill itself ends up in the returned report as a FAILED verdict; the temporary
 * database is torn down before this method returns, on success and on every failure.
 */
public final class RestoreDrill {

    private final BackupSource source;
    private final TemporaryDatabaseProvider databases;
    private final BackupRestorer restorer;
    private final RestoreProgress progress;
    private final Clock clock;
    private final Verification verification;

    public RestoreDrill(BackupSource source, TemporaryDatabaseProvider databases, BackupRestorer restorer,
                        DatabaseInspector inspector, DatabaseProofs proofs, RestoreProgress progress, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.databases = Objects.requireNonNull(databases, "databases");
        this.restorer = Objects.requireNonNull(restorer, "restorer");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.verification = new Verification(inspector, proofs, clock);
    }

    public DrillReport run(DrillCommand command) {
        String drillId = UUID.randomUUID().toString();
        Instant startedAt = clock.instant();
        VerificationOutcome outcome = verification.run(
                new Verification.Plan(command.drillName(), command.checks(), command.tolerances(),
                        Baselines.given(command.baseline()), command.proofs(), command.objectives()),
                new Subject.Backups(source, "backup", command.maxAge(), restorer, databases, progress,
                        Optional.empty()));
        return outcome.report(drillId, startedAt, outcome.loadMillis(), clock.instant(), Optional.empty());
    }
}
