package io.restoredrill.core.adapter.plan;

import io.restoredrill.core.guard.PlannedChange;

import java.util.List;
import java.util.Objects;

/**
 * A plan as read from its JSON.
 *
 * @param description what the plan is, for people: "Terraform 1.11.4 plan (format 1.2)", "CloudFormation change set
 *                    x of stack y"
 */
public record ReadPlan(String description, List<PlannedChange> changes) {
    public ReadPlan {
        Objects.requireNonNull(description, "description");
        changes = List.copyOf(changes);
    }
}
