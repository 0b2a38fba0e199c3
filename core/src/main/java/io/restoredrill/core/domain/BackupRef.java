package io.restoredrill.core.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One backup file found in a source.
 *
 * @param location  where it lives, for people and reports: a path or {@code s3://bucket/key}
 * @param name      the file name (last path segment)
 * @param sizeBytes size in bytes as the source reports it
 * @param timestamp when the backup was taken: from its name when the name carries one, else modification time
 * @param timestampSource which of the two {@code timestamp} came from
 * @param format    the dump format its name announces
 */
public record BackupRef(
        String location,
        String name,
        long sizeBytes,
        Instant timestamp,
        TimestampSource timestampSource,
        BackupFormat format) {

    public enum TimestampSource { FILE_NAME, MODIFICATION_TIME }

    public BackupRef {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(timestampSource, "timestampSource");
        Objects.requireNonNull(format, "format");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative: " + sizeBytes);
        }
    }

    /** How old the backup is at {@code now} (never negative: a clock skew reads as age zero). */
    public Duration ageAt(Instant now) {
        Duration age = Duration.between(timestamp, now);
        return age.isNegative() ? Duration.ZERO : age;
    }
}
