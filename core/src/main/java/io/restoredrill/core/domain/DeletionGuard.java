package io.restoredrill.core.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether restore-drill may delete an instance (or an Aurora cluster: the same rules). It may only when all of these hold: the identifier
 * has the drill prefix, the instance carries {@code restore-drill:temporary=true}, and (for a drill's own
 * cleanup) its execution tag is that drill's execution; (for the reaper) its expiry has passed.
 * Everything else is refused with {@link UnsafeDeletionException}. IAM enforces the tag condition a second time.
 */
public final class DeletionGuard {

    private DeletionGuard() {
    }

    /** A drill cleaning up the instance its own execution created. */
    public static DeletionPermit checkOwnInstance(TemporaryInstance instance, String executionId) {
        checkTemporary(instance);
        Optional<String> execution = instance.tag(DrillTags.EXECUTION);
        if (!execution.equals(Optional.of(executionId))) {
            throw new UnsafeDeletionException("refusing to delete " + instance.identifier() + ": its tag "
                    + DrillTags.EXECUTION + " is " + execution.map(e -> "\"" + e + "\"").orElse("missing")
                    + ", not this execution \"" + executionId + "\"; nothing was deleted");
        }
        return new DeletionPermit(instance);
    }

    /** The reaper removing an instance a crashed execution left behind. */
    public static DeletionPermit checkExpired(TemporaryInstance instance, Instant now) {
        checkTemporary(instance);
        Optional<String> expiresAt = instance.tag(DrillTags.EXPIRES_AT);
        Instant expiry;
        try {
            expiry = Instant.parse(expiresAt.orElseThrow(() -> new UnsafeDeletionException("refusing to delete "
                    + instance.identifier() + ": it has no " + DrillTags.EXPIRES_AT + " tag; nothing was deleted")));
        } catch (java.time.format.DateTimeParseException e) {
            throw new UnsafeDeletionException("refusing to delete " + instance.identifier() + ": its "
                    + DrillTags.EXPIRES_AT + " tag \"" + expiresAt.orElse("") + "\" is not an instant; nothing was deleted");
        }
        if (!now.isAfter(expiry)) {
            throw new UnsafeDeletionException("refusing to delete " + instance.identifier() + ": it expires at "
                    + expiry + ", not yet; nothing was deleted");
        }
        return new DeletionPermit(instance);
    }

    /**
     * A drill cleaning up the Aurora cluster its own execution restored: the same three marks as an instance (prefix,
     * {@code restore-drill:temporary=true}, this execution's tag).
     */
    public static ClusterDeletionPermit checkOwnCluster(TemporaryCluster cluster, String executionId) {
        checkTemporaryCluster(cluster);
        Optional<String> execution = cluster.tag(DrillTags.EXECUTION);
        if (!execution.equals(Optional.of(executionId))) {
            throw new UnsafeDeletionException("refusing to delete cluster " + cluster.identifier() + ": its tag "
                    + DrillTags.EXECUTION + " is " + execution.map(e -> "\"" + e + "\"").orElse("missing")
                    + ", not this execution \"" + executionId + "\"; nothing was deleted");
        }
        return new ClusterDeletionPermit(cluster);
    }

    /** The reaper removing an Aurora cluster a crashed execution left behind. */
    public static ClusterDeletionPermit checkExpiredCluster(TemporaryCluster cluster, Instant now) {
        checkTemporaryCluster(cluster);
        Optional<String> expiresAt = cluster.tag(DrillTags.EXPIRES_AT);
        Instant expiry;
        try {
            expiry = Instant.parse(expiresAt.orElseThrow(() -> new UnsafeDeletionException("refusing to delete"
                    + " cluster " + cluster.identifier() + ": it has no " + DrillTags.EXPIRES_AT + " tag; nothing was"
                    + " deleted")));
        } catch (java.time.format.DateTimeParseException e) {
            throw new UnsafeDeletionException("refusing to delete cluster " + cluster.identifier() + ": its "
                    + DrillTags.EXPIRES_AT + " tag \"" + expiresAt.orElse("") + "\" is not an instant; nothing was"
                    + " deleted");
        }
        if (!now.isAfter(expiry)) {
            throw new UnsafeDeletionException("refusing to delete cluster " + cluster.identifier() + ": it expires at "
                    + expiry + ", not yet; nothing was deleted");
        }
        return new ClusterDeletionPermit(cluster);
    }

    private static void checkTemporaryCluster(TemporaryCluster cluster) {
        if (!TemporaryInstanceName.hasPrefix(cluster.identifier())) {
            throw new UnsafeDeletionException("refusing to delete cluster " + cluster.identifier() + ": its identifier"
                    + " does not start with \"" + TemporaryInstanceName.PREFIX + "\"; restore-drill deletes only the"
                    + " temporary clusters it created; nothing was deleted");
        }
        if (!cluster.tag(DrillTags.TEMPORARY).equals(Optional.of("true"))) {
            throw new UnsafeDeletionException("refusing to delete cluster " + cluster.identifier() + ": it is not"
                    + " tagged " + DrillTags.TEMPORARY + "=true; restore-drill deletes only the temporary clusters it"
                    + " created; nothing was deleted");
        }
    }

    private static void checkTemporary(TemporaryInstance instance) {
        if (!TemporaryInstanceName.hasPrefix(instance.identifier())) {
            throw new UnsafeDeletionException("refusing to delete " + instance.identifier() + ": its identifier does"
                    + " not start with \"" + TemporaryInstanceName.PREFIX + "\"; restore-drill deletes only the"
                    + " temporary instances it created; nothing was deleted");
        }
        if (!instance.tag(DrillTags.TEMPORARY).equals(Optional.of("true"))) {
            throw new UnsafeDeletionException("refusing to delete " + instance.identifier() + ": it is not tagged "
                    + DrillTags.TEMPORARY + "=true; restore-drill deletes only the temporary instances it created;"
                    + " nothing was deleted");
        }
    }
}
