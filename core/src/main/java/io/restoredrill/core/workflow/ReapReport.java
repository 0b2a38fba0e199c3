package io.restoredrill.core.workflow;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one run of the {@link Reaper} did. Instances that are neither prefixed nor tagged as a drill's are not
 * listed: the reaper does not look at them.
 *
 * @param at      when the run decided (the instant expiry is measured against)
 * @param deleted the expired drill instances whose deletion this run started (each one an orphan: an execution
 *                that did not clean up after itself)
 * @param kept    drill instances that have not expired yet
 * @param refused instances the reaper would not delete, with the reason: suspicious ones (drill prefix without the
 *                temporary tag, or the tag without the prefix) and drill instances whose expiry cannot be read
 * @param failed  expired drill instances whose deletion failed, with the error
 * @param snapshotCopies what the run did with the drills' temporary snapshot copies (shared snapshots copied into
 *                this account, DB snapshots and Aurora cluster snapshots): the same four lists, by snapshot identifier
 * @param clusters what the run did with Aurora cluster drills' temporary clusters: the same four lists, by cluster
 *                identifier (a cluster's own instances are deleted first and listed with the instances)
 */
public record ReapReport(Instant at, List<String> deleted, List<Kept> kept, List<Refused> refused,
                         List<Failed> failed, SnapshotCopies snapshotCopies, SnapshotCopies clusters) {

    public ReapReport {
        Objects.requireNonNull(at, "at");
        deleted = List.copyOf(deleted);
        kept = List.copyOf(kept);
        refused = List.copyOf(refused);
        failed = List.copyOf(failed);
        snapshotCopies = Objects.requireNonNullElse(snapshotCopies, SnapshotCopies.NONE);
        clusters = Objects.requireNonNullElse(clusters, SnapshotCopies.NONE);
    }

    public ReapReport(Instant at, List<String> deleted, List<Kept> kept, List<Refused> refused, List<Failed> failed,
                      SnapshotCopies snapshotCopies) {
        this(at, deleted, kept, refused, failed, snapshotCopies, SnapshotCopies.NONE);
    }

    public ReapReport(Instant at, List<String> deleted, List<Kept> kept, List<Refused> refused, List<Failed> failed) {
        this(at, deleted, kept, refused, failed, SnapshotCopies.NONE);
    }

    /**
     * The reaper's work on temporary snapshot copies (ids are snapshot identifiers), or on temporary Aurora clusters
     * (ids are cluster identifiers).
     */
    public record SnapshotCopies(List<String> deleted, List<Kept> kept, List<Refused> refused, List<Failed> failed) {

        public static final SnapshotCopies NONE = new SnapshotCopies(List.of(), List.of(), List.of(), List.of());

        public SnapshotCopies {
            deleted = List.copyOf(deleted);
            kept = List.copyOf(kept);
            refused = List.copyOf(refused);
            failed = List.copyOf(failed);
        }
    }

    /** A drill instance left alone because it has not expired. */
    public record Kept(String instanceId, Instant expiresAt) {
    }

    /** An instance the reaper refused to delete; {@code reason} ends in "nothing was deleted". */
    public record Refused(String instanceId, String reason) {
    }

    /** An expired drill instance whose deletion failed. */
    public record Failed(String instanceId, String error) {
    }
}
