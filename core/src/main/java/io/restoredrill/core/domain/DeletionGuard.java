package io.restoredrill.core.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

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
        checkOwn(Marked.of(instance), executionId);
        return new DeletionPermit(instance);
    }

    /** The reaper removing an instance a crashed execution left behind. */
    public static DeletionPermit checkExpired(TemporaryInstance instance, Instant now) {
        checkExpired(Marked.of(instance), now);
        return new DeletionPermit(instance);
    }

    /**
     * A drill cleaning up the Aurora cluster its own execution restored: the same three marks as an instance (prefix,
     * {@code restore-drill:temporary=true}, this execution's tag).
     */
    public static ClusterDeletionPermit checkOwnCluster(TemporaryCluster cluster, String executionId) {
        checkOwn(Marked.of(cluster), executionId);
        return new ClusterDeletionPermit(cluster);
    }

    /** The reaper removing an Aurora cluster a crashed execution left behind. */
    public static ClusterDeletionPermit checkExpiredCluster(TemporaryCluster cluster, Instant now) {
        checkExpired(Marked.of(cluster), now);
        return new ClusterDeletionPermit(cluster);
    }

    /**
     * What the guard reads of an instance or a cluster: its identifier, how messages name it ({@code restore-drill-x}
     * or {@code cluster restore-drill-x}) and what it is a kind of (instances, clusters), and its tags.
     */
    private record Marked(String identifier, String name, String kind, Function<String, Optional<String>> tag) {
        static Marked of(TemporaryInstance instance) {
            return new Marked(instance.identifier(), instance.identifier(), "instances", instance::tag);
        }

        static Marked of(TemporaryCluster cluster) {
            return new Marked(cluster.identifier(), "cluster " + cluster.identifier(), "clusters", cluster::tag);
        }
    }

    private static void checkOwn(Marked resource, String executionId) {
        checkTemporary(resource);
        Optional<String> execution = resource.tag().apply(DrillTags.EXECUTION);
        if (!execution.equals(Optional.of(executionId))) {
            throw new UnsafeDeletionException("refusing to delete " + resource.name() + ": its tag "
                    + DrillTags.EXECUTION + " is " + execution.map(e -> "\"" + e + "\"").orElse("missing")
                    + ", not this execution \"" + executionId + "\"; nothing was deleted");
        }
    }

    private static void checkExpired(Marked resource, Instant now) {
        checkTemporary(resource);
        Optional<String> expiresAt = resource.tag().apply(DrillTags.EXPIRES_AT);
        Instant expiry;
        try {
            expiry = Instant.parse(expiresAt.orElseThrow(() -> new UnsafeDeletionException("refusing to delete "
                    + resource.name() + ": it has no " + DrillTags.EXPIRES_AT + " tag; nothing was deleted")));
        } catch (java.time.format.DateTimeParseException e) {
            throw new UnsafeDeletionException("refusing to delete " + resource.name() + ": its "
                    + DrillTags.EXPIRES_AT + " tag \"" + expiresAt.orElse("") + "\" is not an instant; nothing was deleted");
        }
        if (!now.isAfter(expiry)) {
            throw new UnsafeDeletionException("refusing to delete " + resource.name() + ": it expires at "
                    + expiry + ", not yet; nothing was deleted");
        }
    }

    private static void checkTemporary(Marked resource) {
        if (!TemporaryInstanceName.hasPrefix(resource.identifier())) {
            throw new UnsafeDeletionException("refusing to delete " + resource.name() + ": its identifier does"
                    + " not start with \"" + TemporaryInstanceName.PREFIX + "\"; restore-drill deletes only the"
                    + " temporary " + resource.kind() + " it created; nothing was deleted");
        }
        if (!resource.tag().apply(DrillTags.TEMPORARY).equals(Optional.of("true"))) {
            throw new UnsafeDeletionException("refusing to delete " + resource.name() + ": it is not tagged "
                    + DrillTags.TEMPORARY + "=true; restore-drill deletes only the temporary " + resource.kind()
                    + " it created; nothing was deleted");
        }
    }
}
