package io.restoredrill.core.guard;

import java.util.Objects;

/**
 * One thing the guard refuses in a plan.
 *
 * @param address  the plan's name for the resource (what {@code --allow} takes)
 * @param problem  what the change would do, in words
 * @param allowed  whether {@code --allow} approved it
 */
public record GuardFinding(String address, String resourceType, String problem, boolean allowed) {
    public GuardFinding {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(problem, "problem");
    }
}
