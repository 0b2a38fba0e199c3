package io.restoredrill.core.workflow;

import io.restoredrill.core.domain.BackupTooOldException;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.InstanceConflictException;
import io.restoredrill.core.domain.NoBackupFoundException;
import io.restoredrill.core.domain.NoIndependentBackupException;
import io.restoredrill.core.domain.ProductionInstanceFacts;
import io.restoredrill.core.domain.SnapshotCopy;
import io.restoredrill.core.domain.SnapshotNeedsCopyException;
import io.restoredrill.core.domain.SnapshotRef;
import io.restoredrill.core.domain.TemporaryInstance;
import io.restoredrill.core.port.InstanceLauncher;
import io.restoredrill.core.port.SnapshotCatalog;
import io.restoredrill.core.port.SnapshotCopies;
import io.restoredrill.core.port.TemporaryInstances;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The restore step of the AWS path. For RDS snapshots: audits the production instance's guardrails (the causes
 * of the incident), chooses the newest available independent snapshot, checks its age and restores it into the
 * drill's temporary instance. For S3 dumps: creates a blank temporary instance (the validate step picks and
 * loads the newest dump), with no snapshot audit.
 *
 * <p>The temporary instance's identifier is derived from the drill name and the execution, so a retried step
 * finds the instance its first attempt created and adopts it instead of making a second one. It adopts only an
 * instance {@link io.restoredrill.core.domain.AdoptionGuard} finds this drill's own; anything else with that name is
 * an {@link InstanceConflictException}.
 *
 * <p>RDS cannot restore a snapshot that is both shared from another account and encrypted. When the chosen snapshot
 * is one, the step refuses it ({@link SnapshotNeedsCopyException}) unless the spec has
 * {@code source.rdsSnapshot.copyShared}; then it starts copying it into this account (a temporary snapshot with the
 * instance's name and tags), records the copy in {@code snapshotCopy} and names the instance, not created yet; the
 * status step restores the copy once it is available.
 *
 * <p>When the step fails (no independent backup, backup too old), the exception's message carries the audit's
 * findings, so the failed execution still shows them.
 */
public final class RestoreStep {

    private static final Logger log = LoggerFactory.getLogger(RestoreStep.class);
    private static final String AVAILABLE = "available";

    private final SnapshotCatalog catalog;
    private final InstanceLauncher launcher;
    private final TemporaryInstances instances;
    private final SnapshotCopies copies;
    private final Clock clock;

    public RestoreStep(SnapshotCatalog catalog, InstanceLauncher launcher, TemporaryInstances instances,
                       SnapshotCopies copies, Clock clock) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.instances = Objects.requireNonNull(instances, "instances");
        this.copies = Objects.requireNonNull(copies, "copies");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @return the state with {@code audit}, {@code backup} (snapshots only) and {@code instance} set
     * @throws io.restoredrill.core.domain.InvalidConfigurationException when the drill spec is invalid
     * @throws NoIndependentBackupException when only automated snapshots exist and the spec does not allow them
     * @throws NoBackupFoundException       when no snapshot is available
     * @throws BackupTooOldException        when the chosen snapshot is older than {@code maxBackupAgeHours}
     * @throws SnapshotNeedsCopyException   when the chosen snapshot is shared and encrypted and the spec has no
     *                                      {@code source.rdsSnapshot.copyShared}
     * @throws InstanceConflictException    when an instance this execution did not create has the drill's name
     */
    public DrillState restore(DrillState state) {
        DrillSpec spec = state.drill().spec();
        if (spec.source() instanceof DrillSpec.AwsBackupRestoreTest test) {
            // Before anything is requested: such a drill has no target to restore into.
            throw new InvalidConfigurationException("drill " + spec.name() + " validates the restores of AWS Backup's"
                    + " restore testing plan " + test.restoreTestingPlan() + ": the restore job's completion starts it"
                    + " (the restore-testing workflow), never the nightly drill workflow, which restores nothing for it");
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plus(spec.target().timeToLive()).truncatedTo(ChronoUnit.SECONDS);
        InstanceLauncher.Request request = TemporaryInstanceRequests.of(spec, state.executionId(), expiresAt);
        return switch (spec.source()) {
            case DrillSpec.RdsSnapshots source -> restoreSnapshot(state, spec, source, request, now, expiresAt);
            case DrillSpec.AwsBackupRestoreTest source -> throw new IllegalStateException("refused above");
            case DrillSpec.S3Dumps source -> {
                log.info("creating blank instance {} for the dumps under {}", request.identifier(), source.uri());
                TemporaryInstance instance = TemporaryInstanceRequests.existingOwn(instances, request)
                        .orElseGet(() -> launcher.createBlank(request));
                yield state.withInstance(InstanceStatuses.of(instance, expiresAt));
            }
        };
    }

    private DrillState restoreSnapshot(DrillState state, DrillSpec spec, DrillSpec.RdsSnapshots source,
                                       InstanceLauncher.Request request, Instant now, Instant expiresAt) {
        String production = source.dbInstanceIdentifier();
        Optional<ProductionInstanceFacts> facts = catalog.productionInstance(production);
        List<SnapshotRef> snapshots = catalog.snapshotsOf(production);
        List<SnapshotRef> available = snapshots.stream().filter(s -> s.status().equalsIgnoreCase(AVAILABLE)).toList();
        Optional<SnapshotRef> newestIndependent = newest(available.stream()
                .filter(s -> s.kind().independentOfInstance()).toList());
        boolean anyAutomated = available.stream().anyMatch(s -> !s.kind().independentOfInstance());
        boolean onlyAutomated = anyAutomated && newestIndependent.isEmpty();

        List<String> findings = new ArrayList<>();
        if (facts.isEmpty()) {
            findings.add("Production instance " + production + " does not exist (any more): only its independent"
                    + " backups can bring it back.");
        }
        facts.filter(f -> !f.deletionProtection()).ifPresent(f -> findings.add("Deletion protection is off on "
                + production + ": one delete-db-instance call or terraform destroy removes it, together with its"
                + " automated snapshots."));
        facts.filter(f -> f.backupRetentionDays() == 0).ifPresent(f -> findings.add("Automated backups are off on "
                + production + " (backup retention 0 days): there is no point-in-time recovery."));
        if (onlyAutomated) {
            findings.add("The only backups of " + production + " are automated snapshots, which RDS deletes with"
                    + " the instance: take manual snapshots, share copies with a backup account, or use AWS Backup.");
        } else if (available.isEmpty()) {
            findings.add(production + " has no available snapshot at all.");
        }
        Optional<Double> independentAgeHours = newestIndependent.map(s -> hours(s.ageAt(now)));
        independentAgeHours.ifPresent(age -> spec.maxBackupAge()
                .filter(max -> age > hours(max))
                .ifPresent(max -> findings.add("The newest independent backup of " + production + " is "
                        + age + " hours old, older than the allowed " + hours(max) + " hours.")));
        Instant newestUsable = newestIndependent.map(SnapshotRef::createdAt).orElse(Instant.MIN);
        snapshots.stream()
                .filter(s -> !s.status().equalsIgnoreCase(AVAILABLE) && s.createdAt().isAfter(newestUsable))
                .sorted(Comparator.comparing(SnapshotRef::createdAt).reversed())
                .limit(3)
                .forEach(s -> findings.add("Snapshot " + s.identifier() + " (" + type(s.kind()) + ", newer than"
                        + " every restorable independent one) is " + s.status() + ", not available: it cannot be"
                        + " restored."));

        Optional<SnapshotRef> chosen = newest(available.stream()
                .filter(s -> s.kind().independentOfInstance() || source.allowAutomated()).toList());
        chosen.filter(s -> !s.kind().independentOfInstance()).ifPresent(s -> findings.add("The drill restores an"
                + " automated snapshot because allowAutomated is on: it proves the restore path, not a backup"
                + " that survives the deletion of " + production + "."));

        DrillState.Audit audit = new DrillState.Audit(production, facts.isPresent(),
                facts.map(ProductionInstanceFacts::deletionProtection), independentAgeHours, onlyAutomated,
                List.copyOf(findings));
        findings.forEach(f -> log.warn("audit: {}", f));

        SnapshotRef snapshot = chosen.orElseThrow(() -> {
            if (onlyAutomated) {
                return new NoIndependentBackupException("No independent backup of " + production + ": its only"
                        + " snapshots are automated ones, and automated snapshots die with the instance (deleting "
                        + production + " deletes them too). Create manual, shared or AWS Backup snapshots; to drill"
                        + " the automated ones anyway, set source.rdsSnapshot.allowAutomated: true in the drill"
                        + " spec." + auditText(audit));
            }
            return new NoBackupFoundException("No available snapshot of " + production + " to restore (found "
                    + snapshots.size() + " snapshot(s), none available)." + auditText(audit));
        });
        double ageHours = hours(snapshot.ageAt(now));
        spec.maxBackupAge().filter(max -> snapshot.ageAt(now).compareTo(max) > 0).ifPresent(max -> {
            throw new BackupTooOldException("The newest usable snapshot of " + production + ", "
                    + snapshot.identifier() + " (" + type(snapshot.kind()) + ", created " + snapshot.createdAt()
                    + "), is " + ageHours + " hours old; the drill allows at most " + hours(max)
                    + " hours (maxBackupAgeHours)." + auditText(audit));
        });
        log.info("restoring {} snapshot {} of {}, {} hours old, into {}", type(snapshot.kind()),
                snapshot.identifier(), production, ageHours, request.identifier());

        DrillState chosenState = state.withAudit(audit)
                .withBackup(new DrillState.Backup("rds-snapshot", snapshot.identifier(), snapshot.arn(),
                        type(snapshot.kind()), snapshot.createdAt(), ageHours, snapshot.kind().independentOfInstance(),
                        Optional.empty()));
        Optional<TemporaryInstance> existing = TemporaryInstanceRequests.existingOwn(instances, request);
        if (existing.isEmpty() && snapshot.kind() == SnapshotRef.Kind.SHARED && snapshot.encrypted()) {
            return copySharedSnapshot(chosenState, source, snapshot, request, expiresAt, audit);
        }
        TemporaryInstance instance = existing.orElseGet(() -> launcher.restoreFromSnapshot(request, snapshot));
        return chosenState.withInstance(InstanceStatuses.of(instance, expiresAt));
    }

    /** RDS User Guide, "Sharing a DB snapshot": a shared encrypted snapshot must be copied before a restore. */
    private DrillState copySharedSnapshot(DrillState state, DrillSpec.RdsSnapshots source, SnapshotRef snapshot,
                                          InstanceLauncher.Request request, Instant expiresAt, DrillState.Audit audit) {
        DrillSpec.CopyShared copyShared = source.copyShared().orElseThrow(() -> new SnapshotNeedsCopyException(
                SnapshotNeedsCopyException.sharedAndEncrypted(snapshot).getMessage() + "." + auditText(audit)));
        SnapshotCopy copy = copies.copy(snapshot, new SnapshotCopies.CopyRequest(request.identifier(),
                copyShared.kmsKeyId(), request.tags()));
        log.info("copying shared encrypted snapshot {} into this account as {} (status {}); the status step restores"
                + " it once it is available", snapshot.arn(), copy.identifier(), copy.status());
        return state.withSnapshotCopy(new DrillState.SnapshotCopy(copy.identifier(), snapshot.arn(), copy.status()))
                .withInstance(new DrillState.Instance(request.identifier(), InstanceStatus.CREATING,
                        InstanceStatuses.AWAITING_SNAPSHOT_COPY, Optional.empty(), Optional.empty(), Optional.empty(),
                        expiresAt));
    }

    private static Optional<SnapshotRef> newest(List<SnapshotRef> snapshots) {
        return snapshots.stream().max(Comparator.comparing(SnapshotRef::createdAt));
    }

    /** The state document's name for a snapshot kind. */
    static String type(SnapshotRef.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static double hours(Duration duration) {
        return io.restoredrill.core.domain.Hours.of(duration);
    }

    private static String auditText(DrillState.Audit audit) {
        return audit.findings().isEmpty() ? "" : " Guardrail audit of " + audit.productionInstance() + ": "
                + String.join(" ", audit.findings());
    }
}
