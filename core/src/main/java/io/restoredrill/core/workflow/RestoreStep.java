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
    private final Optional<ClusterPorts> clusters;
    private final Clock clock;

    /** A restore step for instance drills and S3 dumps only: an Aurora cluster drill is refused. */
    public RestoreStep(SnapshotCatalog catalog, InstanceLauncher launcher, TemporaryInstances instances,
                       SnapshotCopies copies, Clock clock) {
        this(catalog, launcher, instances, copies, Optional.empty(), clock);
    }

    public RestoreStep(SnapshotCatalog catalog, InstanceLauncher launcher, TemporaryInstances instances,
                       SnapshotCopies copies, ClusterPorts clusters, Clock clock) {
        this(catalog, launcher, instances, copies, Optional.of(clusters), clock);
    }

    private RestoreStep(SnapshotCatalog catalog, InstanceLauncher launcher, TemporaryInstances instances,
                        SnapshotCopies copies, Optional<ClusterPorts> clusters, Clock clock) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.instances = Objects.requireNonNull(instances, "instances");
        this.copies = Objects.requireNonNull(copies, "copies");
        this.clusters = Objects.requireNonNull(clusters, "clusters");
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
            case DrillSpec.AuroraCluster source -> restoreCluster(state, spec, source, now, expiresAt);
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
        Chosen chosen = choose(state, spec, Wording.INSTANCE, production, catalog.productionInstance(production),
                catalog.snapshotsOf(production), source.allowAutomated(), now);
        SnapshotRef snapshot = chosen.snapshot();
        log.info("restoring {} snapshot {} of {}, {} hours old, into {}", type(snapshot.kind()),
                snapshot.identifier(), production, hours(snapshot.ageAt(now)), request.identifier());
        Optional<TemporaryInstance> existing = TemporaryInstanceRequests.existingOwn(instances, request);
        if (existing.isEmpty() && snapshot.kind() == SnapshotRef.Kind.SHARED && snapshot.encrypted()) {
            return copySharedSnapshot(chosen.state(), source.copyShared(), Wording.INSTANCE, copies, snapshot,
                    request, chosen.audit())
                    .withInstance(new DrillState.Instance(request.identifier(), InstanceStatus.CREATING,
                            InstanceStatuses.AWAITING_SNAPSHOT_COPY, Optional.empty(), Optional.empty(),
                            Optional.empty(), expiresAt));
        }
        TemporaryInstance instance = existing.orElseGet(() -> launcher.restoreFromSnapshot(request, snapshot));
        return chosen.state().withInstance(InstanceStatuses.of(instance, expiresAt));
    }

    /**
     * An Aurora cluster drill: the same audit and choice over the cluster's snapshots, then RestoreDBClusterFromSnapshot
     * into the temporary cluster. Its one DB instance is named in the state but created by the status step, once the
     * cluster is available (the API Reference: "You can create DB instances only after the RestoreDBClusterFromSnapshot
     * operation has completed and the DB cluster is available").
     */
    private DrillState restoreCluster(DrillState state, DrillSpec spec, DrillSpec.AuroraCluster source, Instant now,
                                      Instant expiresAt) {
        ClusterPorts ports = clusters.orElseThrow(() -> new io.restoredrill.core.domain.InvalidConfigurationException(
                "drill " + spec.name() + " restores an Aurora cluster (source.auroraCluster), which this deployment's"
                        + " restore function was not built for"));
        String production = source.dbClusterIdentifier();
        Chosen chosen = choose(state, spec, Wording.CLUSTER, production, ports.catalog().productionCluster(production),
                ports.catalog().snapshotsOf(production), source.allowAutomated(), now);
        SnapshotRef snapshot = chosen.snapshot();
        InstanceLauncher.Request clusterRequest = TemporaryInstanceRequests.of(spec, state.executionId(), expiresAt);
        DrillState.Instance writer = ClusterStatuses.awaitingCluster(spec, state.executionId(), expiresAt);
        log.info("restoring {} cluster snapshot {} of {}, {} hours old, into cluster {}", type(snapshot.kind()),
                snapshot.identifier(), production, hours(snapshot.ageAt(now)), clusterRequest.identifier());
        Optional<io.restoredrill.core.domain.TemporaryCluster> existing =
                ClusterStatuses.existingOwn(ports.clusters(), clusterRequest);
        if (existing.isEmpty() && snapshot.kind() == SnapshotRef.Kind.SHARED && snapshot.encrypted()) {
            return copySharedSnapshot(chosen.state(), source.copyShared(), Wording.CLUSTER, ports.copies(), snapshot,
                    clusterRequest, chosen.audit())
                    .withCluster(new DrillState.Cluster(clusterRequest.identifier(),
                            InstanceStatuses.AWAITING_SNAPSHOT_COPY))
                    .withInstance(writer);
        }
        io.restoredrill.core.domain.TemporaryCluster cluster = existing
                .orElseGet(() -> ports.launcher().restoreFromSnapshot(clusterRequest, snapshot));
        return chosen.state().withCluster(new DrillState.Cluster(cluster.identifier(), cluster.rdsStatus()))
                .withInstance(writer);
    }

    /** The audit and the chosen snapshot, with the state that records both. */
    private record Chosen(DrillState state, DrillState.Audit audit, SnapshotRef snapshot) {
    }

    /** How the audit and the failures name what is restored: an instance or an Aurora cluster. */
    enum Wording {
        INSTANCE("instance", "source.rdsSnapshot", "delete-db-instance", "rds-snapshot", "snapshot"),
        CLUSTER("cluster", "source.auroraCluster", "delete-db-cluster", "aurora-cluster-snapshot", "cluster snapshot");

        final String noun;
        final String specKey;
        final String deleteCall;
        final String backupKind;
        final String snapshot;

        Wording(String noun, String specKey, String deleteCall, String backupKind, String snapshot) {
            this.noun = noun;
            this.specKey = specKey;
            this.deleteCall = deleteCall;
            this.backupKind = backupKind;
            this.snapshot = snapshot;
        }
    }

    private Chosen choose(DrillState state, DrillSpec spec, Wording w, String production,
                          Optional<ProductionInstanceFacts> facts, List<SnapshotRef> snapshots, boolean allowAutomated,
                          Instant now) {
        List<SnapshotRef> available = snapshots.stream().filter(s -> s.status().equalsIgnoreCase(AVAILABLE)).toList();
        Optional<SnapshotRef> newestIndependent = newest(available.stream()
                .filter(s -> s.kind().independentOfInstance()).toList());
        boolean anyAutomated = available.stream().anyMatch(s -> !s.kind().independentOfInstance());
        boolean onlyAutomated = anyAutomated && newestIndependent.isEmpty();

        List<String> findings = new ArrayList<>();
        if (facts.isEmpty()) {
            findings.add("Production " + w.noun + " " + production + " does not exist (any more): only its independent"
                    + " backups can bring it back.");
        }
        facts.filter(f -> !f.deletionProtection()).ifPresent(f -> findings.add("Deletion protection is off on "
                + production + ": one " + w.deleteCall + " call or terraform destroy removes it, together with its"
                + " automated snapshots."));
        facts.filter(f -> f.backupRetentionDays() == 0).ifPresent(f -> findings.add("Automated backups are off on "
                + production + " (backup retention 0 days): there is no point-in-time recovery."));
        if (onlyAutomated) {
            findings.add("The only backups of " + production + " are automated " + w.snapshot + "s, which RDS deletes"
                    + " with the " + w.noun + ": take manual " + w.snapshot + "s, share copies with a backup account,"
                    + " or use AWS Backup.");
        } else if (available.isEmpty()) {
            findings.add(production + " has no available " + w.snapshot + " at all.");
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
                .forEach(s -> findings.add(capitalized(w.snapshot) + " " + s.identifier() + " (" + type(s.kind())
                        + ", newer than every restorable independent one) is " + s.status() + ", not available: it"
                        + " cannot be restored."));

        Optional<SnapshotRef> chosen = newest(available.stream()
                .filter(s -> s.kind().independentOfInstance() || allowAutomated).toList());
        chosen.filter(s -> !s.kind().independentOfInstance()).ifPresent(s -> findings.add("The drill restores an"
                + " automated " + w.snapshot + " because allowAutomated is on: it proves the restore path, not a"
                + " backup that survives the deletion of " + production + "."));

        DrillState.Audit audit = new DrillState.Audit(production, facts.isPresent(),
                facts.map(ProductionInstanceFacts::deletionProtection), independentAgeHours, onlyAutomated,
                List.copyOf(findings));
        findings.forEach(f -> log.warn("audit: {}", f));

        SnapshotRef snapshot = chosen.orElseThrow(() -> {
            if (onlyAutomated) {
                return new NoIndependentBackupException("No independent backup of " + production + ": its only"
                        + " " + w.snapshot + "s are automated ones, and automated " + w.snapshot + "s die with the "
                        + w.noun + " (deleting " + production + " deletes them too). Create manual, shared or AWS"
                        + " Backup " + w.snapshot + "s; to drill the automated ones anyway, set " + w.specKey
                        + ".allowAutomated: true in the drill spec." + auditText(audit));
            }
            return new NoBackupFoundException("No available " + w.snapshot + " of " + production + " to restore"
                    + " (found " + snapshots.size() + " " + w.snapshot + "(s), none available)." + auditText(audit));
        });
        double ageHours = hours(snapshot.ageAt(now));
        spec.maxBackupAge().filter(max -> snapshot.ageAt(now).compareTo(max) > 0).ifPresent(max -> {
            throw new BackupTooOldException("The newest usable " + w.snapshot + " of " + production + ", "
                    + snapshot.identifier() + " (" + type(snapshot.kind()) + ", created " + snapshot.createdAt()
                    + "), is " + ageHours + " hours old; the drill allows at most " + hours(max)
                    + " hours (maxBackupAgeHours)." + auditText(audit));
        });
        DrillState chosenState = state.withAudit(audit)
                .withBackup(new DrillState.Backup(w.backupKind, snapshot.identifier(), snapshot.arn(),
                        type(snapshot.kind()), snapshot.createdAt(), ageHours, snapshot.kind().independentOfInstance(),
                        Optional.empty()));
        return new Chosen(chosenState, audit, snapshot);
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /**
     * RDS User Guide, "Sharing a DB snapshot" (and Aurora User Guide, "Sharing a DB cluster snapshot"): a shared
     * encrypted snapshot must be copied before a restore. Records the copy; the caller names what is to be restored.
     */
    private DrillState copySharedSnapshot(DrillState state, Optional<DrillSpec.CopyShared> copyShared, Wording w,
                                          SnapshotCopies into, SnapshotRef snapshot, InstanceLauncher.Request request,
                                          DrillState.Audit audit) {
        DrillSpec.CopyShared copy = copyShared.orElseThrow(() -> new SnapshotNeedsCopyException(
                (w == Wording.INSTANCE ? SnapshotNeedsCopyException.sharedAndEncrypted(snapshot).getMessage()
                        : SnapshotNeedsCopyException.sharedAndEncryptedCluster(snapshot).getMessage())
                        + "." + auditText(audit)));
        SnapshotCopy made = into.copy(snapshot, new SnapshotCopies.CopyRequest(request.identifier(), copy.kmsKeyId(),
                request.tags()));
        log.info("copying shared encrypted {} {} into this account as {} (status {}); the status step restores it once"
                + " it is available", w.snapshot, snapshot.arn(), made.identifier(), made.status());
        return state.withSnapshotCopy(new DrillState.SnapshotCopy(made.identifier(), snapshot.arn(), made.status()));
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
