package io.restoredrill.core.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Judges a plan before it is applied: refuses every change that would delete or replace a protected resource, and
 * every database the plan creates or keeps without deletion protection. Approval is per resource address
 * ({@code --allow}), never for the whole plan.
 */
public final class PlanGuard {

    private final GuardPolicy policy;

    public PlanGuard(GuardPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public List<GuardFinding> judge(List<PlannedChange> changes, Set<String> allowed) {
        List<GuardFinding> findings = new ArrayList<>();
        for (PlannedChange change : changes) {
            boolean approved = allowed.contains(change.address());
            policy.protects(change).filter(why -> change.kind().destroys()).ifPresent(why ->
                    findings.add(new GuardFinding(change.address(), change.resourceType(),
                            verb(change.kind()) + " " + why + change.detail().map(d -> "; " + d).orElse(""), approved)));
            if (change.kind().leavesResource() && policy.needsDeletionProtection(change)
                    && !change.deletionProtection().orElse(false)) {
                String state = change.deletionProtection().isPresent() ? "off" : "not set (unknown or default off)";
                findings.add(new GuardFinding(change.address(), change.resourceType(), switch (change.kind()) {
                    case CREATE -> "would create a database with deletion protection " + state;
                    case REPLACE, MAY_DELETE -> "would replace a database and leave its successor with deletion"
                            + " protection " + state;
                    default -> "would leave a database with deletion protection " + state;
                }, approved));
            }
        }
        return findings;
    }

    private static String verb(ChangeKind kind) {
        return switch (kind) {
            case DELETE -> "would delete";
            case REPLACE -> "would replace (delete and create anew)";
            case MAY_DELETE -> "may delete or replace";
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }
}
