package io.restoredrill.core.workflow;

import io.restoredrill.core.domain.DeletionGuard;
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
 */
public final class Reaper {

    private static final Logger log = LoggerFactory.getLogger(Reaper.class);

    private final TemporaryInstances instances;
    private final SnapshotCopies copies;
    private final Clock clock;
    private final ReaperMetrics metrics;

    public Reaper(TemporaryInstances instances, SnapshotCopies copies, Clock clock, ReaperMetrics metrics) {
        this.instances = Objects.requireNonNull(instances, "instances");
        this.copies = Objects.requireNonNull(copies, "copies");
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
        ReapReport.SnapshotCopies copyReport = reapSnapshotCopies(now);
        ReapReport report = new ReapReport(now, deleted, kept, refused, failed, copyReport);
        log.info("reaper run: {} deleted, {} kept, {} refused, {} failed; snapshot copies: {} deleted, {} kept, {}"
                        + " refused, {} failed", deleted.size(), kept.size(), refused.size(), failed.size(),
                copyReport.deleted().size(), copyReport.kept().size(), copyReport.refused().size(),
                copyReport.failed().size());
        metrics.publish(report);
        if (!failed.isEmpty() || !copyReport.failed().isEmpty()) {
            throw new ReaperFailedException(report);
        }
        return report;
    }

    private ReapReport.SnapshotCopies reapSnapshotCopies(Instant now) {
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
        if (prefixed) {
            return "its identifier starts with \"" + TemporaryInstanceName.PREFIX + "\" but it is not tagged "
                    + DrillTags.TEMPORARY + "=true: restore-drill did not create it, or its tags were changed;"
                    + " nothing was deleted";
        }
        return "it is tagged " + DrillTags.TEMPORARY + "=true but its identifier does not start with \""
                + TemporaryInstanceName.PREFIX + "\": restore-drill never names an instance so, and IAM lets the"
                + " drill delete what carries this tag; remove the tag; nothing was deleted";
    }
}
