package io.restoredrill.core.domain;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A drill's temporary copy of a shared snapshot in this account (RDS cannot restore a shared encrypted snapshot
 * directly). Its identifier is the drill's temporary name, and it carries the drill's four tags.
 *
 * @param status     the RDS snapshot status: {@code creating}, {@code copying}, {@code available}, {@code failed}...
 * @param sourceArn  the shared snapshot it was copied from, when RDS reports it
 */
public record SnapshotCopy(String identifier, String arn, String status, Optional<String> sourceArn,
                           Map<String, String> tags) {

    public SnapshotCopy {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(sourceArn, "sourceArn");
        tags = Map.copyOf(tags);
    }

    public Optional<String> tag(String key) {
        return Optional.ofNullable(tags.get(key));
    }

    public boolean available() {
        return status.equalsIgnoreCase("available");
    }

    /** Still on its way: RDS reports {@code creating} or {@code copying} (and {@code pending} in some regions). */
    public boolean inProgress() {
        String s = status.toLowerCase(java.util.Locale.ROOT);
        return s.equals("creating") || s.equals("copying") || s.equals("pending");
    }
}
