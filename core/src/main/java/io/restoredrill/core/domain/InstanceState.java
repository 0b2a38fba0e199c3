package io.restoredrill.core.domain;

import java.util.Locale;
import java.util.Set;

/** The RDS statuses folded into the three a drill's poll loop acts on (and DELETING, for cleanup). */
public enum InstanceState {
    /** Still being created or prepared: wait and ask again. */
    CREATING,
    /** Ready for connections. */
    AVAILABLE,
    /** Will never become available: the drill fails (and cleans up). */
    FAILED,
    /** Being deleted. */
    DELETING;

    // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/accessing-monitoring.html#Overview.DBInstance.Status
    private static final Set<String> FAILED_STATUSES = Set.of("failed", "incompatible-restore",
            "incompatible-parameters", "incompatible-network", "incompatible-option-group",
            "incompatible-credentials", "inaccessible-encryption-credentials",
            "inaccessible-encryption-credentials-recoverable", "restore-error", "storage-full", "stopped",
            "stopping", "insufficient-capacity");

    public static InstanceState ofRdsStatus(String rdsStatus) {
        String status = rdsStatus.toLowerCase(Locale.ROOT);
        if (status.equals("available")) {
            return AVAILABLE;
        }
        if (status.equals("deleting")) {
            return DELETING;
        }
        if (FAILED_STATUSES.contains(status)) {
            return FAILED;
        }
        // creating, backing-up, modifying, configuring-enhanced-monitoring, rebooting, ...: transitional.
        return CREATING;
    }
}
