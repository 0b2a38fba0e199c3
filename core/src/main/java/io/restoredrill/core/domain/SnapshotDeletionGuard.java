package io.restoredrill.core.domain;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Decides whether restore-drill may delete a snapshot: only a drill's temporary copy, i.e. an identifier with the
 * drill prefix and the tag {@code restore-drill:temporary=true}; for a drill's own cleanup also its execution's
 * tag, for the reaper an expiry that has passed. Everything else (a production snapshot, a backup account's
 * snapshot, an untagged one) is refused with {@link UnsafeDeletionException}. IAM enforces prefix and tag again.
 */
public final class SnapshotDeletionGuard {

    private SnapshotDeletionGuard() {
    }

    /** A drill's cleanup deleting the copy its own execution made. */
    public static SnapshotDeletionPermit checkOwnCopy(SnapshotCopy copy, String executionId) {
        checkTemporary(copy);
        Optional<String> execution = copy.tag(DrillTags.EXECUTION);
        if (!execution.equals(Optional.of(executionId))) {
            throw new UnsafeDeletionException("refusing to delete snapshot " + copy.identifier() + ": its tag "
                    + DrillTags.EXECUTION + " is " + execution.map(e -> "\"" + e + "\"").orElse("missing")
                    + ", not this execution \"" + executionId + "\"; nothing was deleted");
        }
        return new SnapshotDeletionPermit(copy);
    }

    /** The reaper removing a copy a crashed execution left behind. */
    public static SnapshotDeletionPermit checkExpired(SnapshotCopy copy, Instant now) {
        checkTemporary(copy);
        String expiresAt = copy.tag(DrillTags.EXPIRES_AT).orElseThrow(() -> new UnsafeDeletionException(
                "refusing to delete snapshot " + copy.identifier() + ": it has no " + DrillTags.EXPIRES_AT
                        + " tag; nothing was deleted"));
        Instant expiry;
        try {
            expiry = Instant.parse(expiresAt);
        } catch (DateTimeParseException e) {
            throw new UnsafeDeletionException("refusing to delete snapshot " + copy.identifier() + ": its "
                    + DrillTags.EXPIRES_AT + " tag \"" + expiresAt + "\" is not an instant; nothing was deleted");
        }
        if (!now.isAfter(expiry)) {
            throw new UnsafeDeletionException("refusing to delete snapshot " + copy.identifier() + ": it expires at "
                    + expiry + ", not yet; nothing was deleted");
        }
        return new SnapshotDeletionPermit(copy);
    }

    private static void checkTemporary(SnapshotCopy copy) {
        if (!TemporaryInstanceName.hasPrefix(copy.identifier())) {
            throw new UnsafeDeletionException("refusing to delete snapshot " + copy.identifier() + ": its identifier"
                    + " does not start with \"" + TemporaryInstanceName.PREFIX + "\"; restore-drill deletes only the"
                    + " temporary snapshot copies it made; nothing was deleted");
        }
        if (!copy.tag(DrillTags.TEMPORARY).equals(Optional.of("true"))) {
            throw new UnsafeDeletionException("refusing to delete snapshot " + copy.identifier() + ": it is not"
                    + " tagged " + DrillTags.TEMPORARY + "=true; restore-drill deletes only the temporary snapshot"
                    + " copies it made; nothing was deleted");
        }
    }
}
