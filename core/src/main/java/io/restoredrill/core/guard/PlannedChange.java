package io.restoredrill.core.guard;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One resource's change in an infrastructure plan, read from the plan's own words.
 *
 * @param address              how the plan names it, and how {@code --allow} approves it: a Terraform address
 *                             ({@code module.db.aws_db_instance.orders}) or a CloudFormation logical ID
 * @param resourceType         {@code aws_db_instance}, {@code AWS::RDS::DBInstance}, ...
 * @param deletionProtection   the resource's deletion protection after the change, when the plan says; empty when
 *                             it does not (unknown until apply, or a resource without such a setting)
 * @param names                names the resource is known by (bucket name, DB identifier, physical ID), before or
 *                             after the change, for {@code --protect-name}
 * @param tags                 its tags, before and after the change, for {@code --protect-tag}
 * @param detail               what the plan says beyond the kind, e.g. a CloudFormation policy action
 */
public record PlannedChange(String address, String resourceType, ChangeKind kind,
                            Optional<Boolean> deletionProtection, boolean inCluster, Set<String> names,
                            Map<String, String> tags, Optional<String> detail) {
    public PlannedChange {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(deletionProtection, "deletionProtection");
        names = Set.copyOf(names);
        tags = Map.copyOf(tags);
        Objects.requireNonNull(detail, "detail");
    }
}
