package io.restoredrill.core.workflow;

import java.util.Arrays;

/**
 * The state document's {@code instance.status}: what the state machine's poll loop acts on. Written as the
 * lower-case names the state machine's Choice states compare ({@code "creating"}, ...).
 */
public enum InstanceStatus {
    /** Being created, restored from a snapshot copy, or its managed secret is not usable yet: poll again. */
    CREATING("creating"),
    /** Ready for the validate step: endpoint and usable managed secret. */
    AVAILABLE("available"),
    /** Will never serve the drill (RDS failed it, it is gone, or it outlived its expiry). */
    FAILED("failed"),
    /** The cleanup step deleted it (or found it gone). */
    DELETED("deleted");

    private final String wire;

    InstanceStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static InstanceStatus of(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("not an instance status: \"" + wire + "\" (expected one of creating,"
                        + " available, failed, deleted)"));
    }

    @Override
    public String toString() {
        return wire;
    }
}
