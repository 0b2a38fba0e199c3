package io.restoredrill.core.workflow;

import java.util.Arrays;

/** What the cleanup step did with the drill's instance or snapshot copy; written in lower case with hyphens. */
public enum CleanupResult {
    /** This step started the deletion. */
    DELETED("deleted"),
    /** RDS was already deleting it. */
    DELETING("deleting"),
    /** The state named it, but it no longer exists. */
    ALREADY_GONE("already-gone"),
    /** The drill never created one. */
    NOTHING_TO_DELETE("nothing-to-delete");

    private final String wire;

    CleanupResult(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static CleanupResult of(String wire) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(wire)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("not a cleanup result: \"" + wire + "\""));
    }

    @Override
    public String toString() {
        return wire;
    }
}
