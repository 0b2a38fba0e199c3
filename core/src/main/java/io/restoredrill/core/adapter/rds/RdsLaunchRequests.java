package io.restoredrill.core.adapter.rds;

import io.restoredrill.core.domain.InstanceQuotaReachedException;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.RestoreFailedException;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.Tag;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the instance and cluster launchers and the snapshot copies send and how they report RDS's refusals, in one
 * place: the security groups, the tags, and the errors a person must fix or the state machine waits out.
 */
final class RdsLaunchRequests {

    private RdsLaunchRequests() {
    }

    /**
     * The drill's groups plus the stack's temporary-instance group, without duplicates. Refused before any call
     * when both are empty: RDS would put the resource in the VPC's default group, which validate cannot reach.
     *
     * @param what the resource, for the message: {@code "instance restore-drill-orders-..."}
     */
    static List<String> securityGroups(String what, List<String> drillGroups, Optional<String> stackGroup) {
        LinkedHashSet<String> groups = new LinkedHashSet<>(drillGroups);
        stackGroup.ifPresent(groups::add);
        if (groups.isEmpty()) {
            throw new InvalidConfigurationException("the temporary " + what + " would have no security group: the"
                    + " drill spec's target.rds.vpcSecurityGroupIds is empty and the environment variable"
                    + " TEMPORARY_INSTANCE_SECURITY_GROUP_ID (the stack's temporary-instance security group) is not"
                    + " set; set one of them");
        }
        return List.copyOf(groups);
    }

    /** The tags, sorted by key (the order every request sends them in, so a retried request is the same). */
    static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                .toList();
    }

    /**
     * The quota is reached, usually for the minutes another drill's resources take to delete: the state machine
     * retries the restore (the drill queues); lasting, it says what to raise.
     */
    static InstanceQuotaReachedException quotaReached(String action, String quota, RdsException e) {
        return new InstanceQuotaReachedException("RDS could not " + action + ": the account's RDS " + quota
                + " is reached; the drill waits for room as other drills' resources are deleted, and if it stays"
                + " reached, raise the quota (Service Quotas) or lower the deployment's maxConcurrency ("
                + detail(e) + ")", e);
    }

    /** A refusal a person must fix, saying what to fix. */
    static RestoreFailedException failed(String action, String why, RdsException e) {
        return new RestoreFailedException("RDS could not " + action + ": " + why + " (" + detail(e) + ")", e);
    }

    private static String detail(RdsException e) {
        return e.awsErrorDetails() == null ? e.getMessage()
                : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
    }
}
