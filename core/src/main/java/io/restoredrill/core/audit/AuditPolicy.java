package io.restoredrill.core.audit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the audit holds a database to.
 *
 * @param exclusions            tags that exclude a database from the audit
 * @param maxBackupAge          an independent backup older than this is a medium finding
 * @param maxSinceDrillPassed   a covering drill whose last pass is older than this is a medium finding
 */
public record AuditPolicy(List<ExclusionTag> exclusions, Duration maxBackupAge, Duration maxSinceDrillPassed) {

    /** The tag that excludes a database unless the operator names others; its value is the reason. */
    public static final String DEFAULT_EXCLUSION_TAG = "restore-drill:audit-exclude";

    public AuditPolicy {
        exclusions = List.copyOf(exclusions);
        Objects.requireNonNull(maxBackupAge, "maxBackupAge");
        Objects.requireNonNull(maxSinceDrillPassed, "maxSinceDrillPassed");
        if (maxBackupAge.isNegative() || maxBackupAge.isZero() || maxSinceDrillPassed.isNegative()
                || maxSinceDrillPassed.isZero()) {
            throw new IllegalArgumentException("the audit's maximum ages must be positive");
        }
    }

    public static AuditPolicy defaults() {
        return new AuditPolicy(List.of(new ExclusionTag(DEFAULT_EXCLUSION_TAG, Optional.empty())), Duration.ofDays(7),
                Duration.ofDays(7));
    }

    /**
     * A tag that excludes a database.
     *
     * @param value when given, only this value excludes, and the reason is {@code key=value}; when empty, any value
     *              excludes and is the reason
     */
    public record ExclusionTag(String key, Optional<String> value) {
        public ExclusionTag {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (key.isBlank()) {
                throw new IllegalArgumentException("an exclusion tag needs a key");
            }
        }

        /** {@code key} or {@code key=value}. */
        public static ExclusionTag parse(String text) {
            int eq = text.indexOf('=');
            return eq < 0 ? new ExclusionTag(text.strip(), Optional.empty())
                    : new ExclusionTag(text.substring(0, eq).strip(), Optional.of(text.substring(eq + 1)));
        }
    }
}
