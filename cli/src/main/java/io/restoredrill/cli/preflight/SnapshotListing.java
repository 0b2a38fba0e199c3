package io.restoredrill.cli.preflight;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The snapshots of a source instance that this account can see, one snapshot type at a time. */
public interface SnapshotListing {

    /** Snapshot types as DescribeDBSnapshots names them. Automated ones die with their instance. */
    enum SnapshotType {
        MANUAL("manual"), SHARED("shared"), AWS_BACKUP("awsbackup"), AUTOMATED("automated");

        private final String apiValue;

        SnapshotType(String apiValue) {
            this.apiValue = apiValue;
        }

        public String apiValue() {
            return apiValue;
        }
    }

    List<VisibleSnapshot> snapshotsOf(String dbInstanceIdentifier, SnapshotType type);

    /** One snapshot: enough to say whether the drill can restore it and with which key. */
    record VisibleSnapshot(String identifier, String arn, SnapshotType type, String status, Optional<Instant> createdAt,
                           boolean encrypted, Optional<String> kmsKeyId) {
        public VisibleSnapshot {
            Objects.requireNonNull(identifier, "identifier");
            Objects.requireNonNull(arn, "arn");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(kmsKeyId, "kmsKeyId");
        }

        public boolean available() {
            return "available".equals(status);
        }
    }
}
