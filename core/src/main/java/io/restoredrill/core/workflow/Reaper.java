package io.restoredrill.core.workflow;

import io.restoredrill.core.domain.ClusterDeletionPermit;
import io.restoredrill.core.domain.DeletionGuard;
import io.restoredrill.core.domain.TemporaryCluster;
import io.restoredrill.core.domain.DeletionPermit;
import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.InstanceBusyException;
import io.restoredrill.core.domain.SnapshotCopy;
import io.restoredrill.core.domain.SnapshotDeletionGuard;
import io.restoredrill.core.domain.SnapshotDeletionPermit;
import io.restoredrill.core.domain.TemporaryInstance;
import io.restoredrill.core.domain.TemporaryInstanceName;
import io.restoredrill.core.domain.UnsafeDeletionException;
import io.restoredrill.core.port.SnapshotCopies;
import io.restoredrill.core.port.TemporaryInstances;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Deletes drill instances past their {@code restore-drill:expires-at}, so an execution that crashed before its
 * cleanup cannot leave an instance running for weeks. Runs on a schedule.
 *
 * <p>Candidates are the instances whose identifier has the drill prefix <em>and</em> that are tagged
 * {@code restore-drill:temporary=true}; each is deleted only when {@link DeletionGuard#checkExpired} approves.
 * An instance with only one of the two marks is suspicious: it is reported (and logged as a warning), never
 * deleted. Every other instance is not even looked at.
 *
 * <p>Then the same for the drills' temporary snapshot copies (this account's manual snapshots with the drill prefix),
 * each deleted only when {@link SnapshotDeletionGuard#checkExpired} approves; a copy RDS cannot delete yet (an
 * instance is still being restored from it, or deleted) is kept for the next run.
 *
 * <p>With {@link ClusterPorts}, also Aurora cluster drills' temporary clusters (the same two marks, their instances
 * first) and their cluster snapshot copies; see {@code reapClusters}.
 */
public final class Reaper {

    private static final Logger log = LoggerFactory.getLogger(Reaper.class);

    private final TemporaryInstances instances;
    private final SnapshotCopies copies;
    private final Optional<ClusterPorts> clusters;
    private final Clock clock;
    private final ReaperMetrics metrics;

    /** A reaper of instances and DB snapshot copies only (no Aurora clusters). */
    public Reaper(TemporaryInstances instances, SnapshotCopies copies, Clock clock, ReaperMetrics metrics) {
        this(instances, copies, Optional.empty(), clock, metrics);
    }

    public Reaper(TemporaryInstances instances, SnapshotCopies copies, ClusterPorts clusters, Clock clock,
                  ReaperMetrics metrics) {
        this(instances, copies, Optional.of(clusters), clock, metrics);
    }

    private Reaper(TemporaryInstances instances, SnapshotCopies copies, Optional<ClusterPorts> clusters, Clock clock,
                   ReaperMetrics metrics) {
        this.instances = Objects.requireNonNull(instances, "instances");
        this.copies = Objects.requireNonNull(copies, "copies");
        this.clusters = Objects.requireNonNull(clusters, "clusters");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * @return what was deleted, kept and refused
     * @throws ReaperFailedException after handling every candidate, when deleting one or more of them failed
     */
    public ReapReport reap() {
        Instant now = clock.instant();
        List<String> deleted = new ArrayList<>();
        List<ReapReport.Kept> kept = new ArrayList<>();
        List<ReapReport.Refused> refused = new ArrayList<>();
        List<ReapReport.Failed> failed = new ArrayList<>();
        for (TemporaryInstance instance : instances.listAll()) {
            String id = instance.identifier();
            boolean prefixed = TemporaryInstanceName.hasPrefix(id);
            boolean tagged = instance.tag(DrillTags.TEMPORARY).equals(Optional.of("true"));
            if (!prefixed && !tagged) {
                continue;
            }
            if (prefixed != tagged) {
                String reason = suspicious(instance, prefixed);
                log.warn("suspicious instance {}: {}", id, reason);
                refused.add(new ReapReport.Refused(id, reason));
                continue;
            }
            Optional<Instant> expiry = expiry(instance);
            if (expiry.isPresent() && !now.isAfter(expiry.get())) {
                kept.add(new ReapReport.Kept(id, expiry.get()));
                continue;
            }
            DeletionPermit permit;
            try {
                permit = DeletionGuard.checkExpired(instance, now);
            } catch (UnsafeDeletionException e) {
                log.warn("reaper refused {}: {}", id, e.getMessage());
                refused.add(new ReapReport.Refused(id, e.getMessage()));
                continue;
            }
            try {
                GuardedDeletion.Outcome outcome = GuardedDeletion.delete(instances, permit);
                if (outcome == GuardedDeletion.Outcome.DELETED) {
                    log.warn("reaper deleted expired drill instance {} (expired at {}): an execution left it behind",
                            id, expiry.map(Instant::toString).orElse("?"));
                    deleted.add(id);
                }
            } catch (RuntimeException e) {
                // One failure must not leave the other orphans running: record it, carry on, fail at the end.
                log.error("reaper could not delete expired drill instance {}", id, e);
                failed.add(new ReapReport.Failed(id, e.toString()));
            }
        }
        ReapReport.SnapshotCopies clusterReport = clusters.map(ports -> reapClusters(ports, now, deleted, failed))
                .orElse(ReapReport.SnapshotCopies.NONE);
        ReapReport.SnapshotCopies copyReport = reapSnapshotCopies(copies, now);
        if (clusters.isPresent()) {
            copyReport = merged(copyReport, reapSnapshotCopies(clusters.get().copies(), now));
        }
        ReapReport report = new ReapReport(now, deleted, kept, refused, failed, copyReport, clusterReport);
        log.info("reaper run: {} deleted, {} kept, {} refused, {} failed; snapshot copies: {} deleted, {} kept, {}"
                        + " refused, {} failed; clusters: {} deleted, {} kept, {} refused, {} failed", deleted.size(),
                kept.size(), refused.size(), failed.size(),
                copyReport.deleted().size(), copyReport.kept().size(), copyReport.refused().size(),
                copyReport.failed().size(), clusterReport.deleted().size(), clusterReport.kept().size(),
                clusterReport.refused().size(), clusterReport.failed().size());
        metrics.publish(report);
        if (!failed.isEmpty() || !copyReport.failed().isEmpty() || !clusterReport.failed().isEmpty()) {
            throw new ReaperFailedException(report);
        }
        return report;
    }

    /**
     * Aurora cluster drills' clusters past their expiry: the same two marks pick the candidates, the guard decides
     * ({@link DeletionGuard#checkExpiredCluster}); a cluster's own instances are deleted first (each through
     * {@link DeletionGuard#checkExpired}, listed with the instances), as RDS deletes no cluster that still has
     * instances. A cluster RDS cannot delete yet (an instance is still being deleted) is kept for the next run; one
     * whose instance the guard refuses is refused with it.
     */
    private ReapReport.SnapshotCopies reapClusters(ClusterPorts ports, Instant now, List<String> deletedInstances,
                                                   List<ReapReport.Failed> failedInstances) {
        List<String> deleted = new ArrayList<>();
        List<ReapReport.Kept> kept = new ArrayList<>();
        List<ReapReport.Refused> refused = new ArrayList<>();
        List<ReapReport.Failed> failed = new ArrayList<>();
        for (TemporaryCluster cluster : ports.clusters().listAll()) {
            String id = cluster.identifier();
            boolean prefixed = TemporaryInstanceName.hasPrefix(id);
            boolean tagged = cluster.tag(DrillTags.TEMPORARY).equals(Optional.of("true"));
            if (!prefixed && !tagged) {
                continue;
            }
            if (prefixed != tagged) {
                String reason = suspicious("cluster", prefixed);
                log.warn("suspicious cluster {}: {}", id, reason);
                refused.add(new ReapReport.Refused(id, reason));
                continue;
            }
            Optional<Instant> expiry = parsedExpiry(cluster.tag(DrillTags.EXPIRES_AT));
            if (expiry.isPresent() && !now.isAfter(expiry.get())) {
                kept.add(new ReapReport.Kept(id, expiry.get()));
                continue;
            }
            ClusterDeletionPermit permit;
            try {
                permit = DeletionGuard.checkExpiredCluster(cluster, now);
            } catch (UnsafeDeletionException e) {
                log.warn("reaper refused cluster {}: {}", id, e.getMessage());
                refused.add(new ReapReport.Refused(id, e.getMessage()));
                continue;
            }
            Optional<String> memberRefused = deleteMembers(cluster, now, deletedInstances, failedInstances);
            if (memberRefused.isPresent()) {
                refused.add(new ReapReport.Refused(id, memberRefused.get()));
                continue;
            }
            try {
                CleanupResult outcome = ClusterDeletion.delete(ports.clusters(), permit);
                if (outcome == CleanupResult.DELETED) {
                    log.warn("reaper deleted expired drill cluster {} (expired at {}): an execution left it behind",
                            id, expiry.map(Instant::toString).orElse("?"));
                    deleted.add(id);
                }
            } catch (InstanceBusyException e) {
                log.info("expired cluster {} cannot be deleted yet ({}); the next run tries again", id, e.getMessage());
                kept.add(new ReapReport.Kept(id, expiry.orElse(now)));
            } catch (RuntimeException e) {
                log.error("reaper could not delete expired drill cluster {}", id, e);
                failed.add(new ReapReport.Failed(id, e.toString()));
            }
        }
        return new ReapReport.SnapshotCopies(deleted, kept, refused, failed);
    }

    /** Deletes an expired cluster's instances; the reason when the guard refuses one (the cluster is then kept). */
    private Optional<String> deleteMembers(TemporaryCluster cluster, Instant now, List<String> deletedInstances,
                                           List<ReapReport.Failed> failedInstances) {
        for (String member : cluster.members()) {
            Optional<TemporaryInstance> instance = instances.find(member);
            if (instance.isEmpty() || instance.get().state() == io.restoredrill.core.domain.InstanceState.DELETING) {
                continue; // the instance loop above may have started it already
            }
            DeletionPermit permit;
            try {
                permit = DeletionGuard.checkExpired(instance.get(), now);
            } catch (UnsafeDeletionException e) {
                log.warn("reaper refused cluster {}: its instance {}: {}", cluster.identifier(), member, e.getMessage());
                return Optional.of("its instance " + member + " may not be deleted: " + e.getMessage());
            }
            try {
                if (GuardedDeletion.delete(instances, permit) == GuardedDeletion.Outcome.DELETED
                        && !deletedInstances.contains(member)) {
                    deletedInstances.add(member);
                }
            } catch (RuntimeException e) {
                log.error("reaper could not delete instance {} of expired drill cluster {}", member,
                        cluster.identifier(), e);
                failedInstances.add(new ReapReport.Failed(member, e.toString()));
            }
        }
        return Optional.empty();
    }

    private static ReapReport.SnapshotCopies merged(ReapReport.SnapshotCopies a, ReapReport.SnapshotCopies b) {
        return new ReapReport.SnapshotCopies(concat(a.deleted(), b.deleted()), concat(a.kept(), b.kept()),
                concat(a.refused(), b.refused()), concat(a.failed(), b.failed()));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Optional<Instant> parsedExpiry(Optional<String> tag) {
        try {
            return tag.map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty(); // the guard refuses it and says why
        }
    }

    private ReapReport.SnapshotCopies reapSnapshotCopies(SnapshotCopies copies, Instant now) {
        List<String> deleted = new ArrayList<>();
        List<ReapReport.Kept> kept = new ArrayList<>();
        List<ReapReport.Refused> refused = new ArrayList<>();
        List<ReapReport.Failed> failed = new ArrayList<>();
        for (SnapshotCopy copy : copies.listDrillNamed()) {
            String id = copy.identifier();
            Optional<Instant> expiry;
            try {
                expiry = copy.tag(DrillTags.EXPIRES_AT).map(Instant::parse);
            } catch (DateTimeParseException e) {
                expiry = Optional.empty(); // the guard refuses it and says why
            }
            if (copy.tag(DrillTags.TEMPORARY).equals(Optional.of("true")) && expiry.isPresent()
                    && !now.isAfter(expiry.get())) {
                kept.add(new ReapReport.Kept(id, expiry.get()));
                continue;
            }
            SnapshotDeletionPermit permit;
            try {
                permit = SnapshotDeletionGuard.checkExpired(copy, now);
            } catch (UnsafeDeletionException e) {
                log.warn("reaper refused snapshot {}: {}", id, e.getMessage());
                refused.add(new ReapReport.Refused(id, e.getMessage()));
                continue;
            }
            try {
                if (copies.delete(permit)) {
                    log.warn("reaper deleted expired drill snapshot copy {}: an execution left it behind", id);
                    deleted.add(id);
                }
            } catch (InstanceBusyException e) {
                log.info("expired snapshot copy {} cannot be deleted yet ({}); the next run tries again", id,
                        e.getMessage());
                kept.add(new ReapReport.Kept(id, expiry.orElse(now)));
            } catch (RuntimeException e) {
                log.error("reaper could not delete expired drill snapshot copy {}", id, e);
                failed.add(new ReapReport.Failed(id, e.toString()));
            }
        }
        return new ReapReport.SnapshotCopies(deleted, kept, refused, failed);
    }

    private static Optional<Instant> expiry(TemporaryInstance instance) {
        try {
            return instance.tag(DrillTags.EXPIRES_AT).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty(); // the guard refuses it and says why
        }
    }

    private static String suspicious(TemporaryInstance instance, boolean prefixed) {
        return suspicious("instance", prefixed);
    }

    private static String suspicious(String kind, boolean prefixed) {
        if (prefixed) {
            return "its identifier starts with \"" + TemporaryInstanceName.PREFIX + "\" but it is not tagged "
                    + DrillTags.TEMPORARY + "=true: restore-drill did not create it, or its tags were changed;"
                    + " nothing was deleted";
        }
        return "it is tagged " + DrillTags.TEMPORARY + "=true but its identifier does not start with \""
                + TemporaryInstanceName.PREFIX + "\": restore-drill never names " + (kind.equals("instance") ? "an instance" : "a cluster") + " so, and IAM lets the"
                + " drill delete what carries this tag; remove the tag; nothing was deleted";
    }
}
