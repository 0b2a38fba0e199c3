package io.restoredrill.core.adapter.in.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.workflow.DrillState;

import java.util.Objects;

/**
 * A state document as a Lambda handler reads it: the drill spec exactly as the state machine's input gave it, which
 * is written back unchanged, and the state the workflow steps work on, its spec parsed.
 *
 * @param drill the {@code drill} member, as given
 * @param state the rest of the document, with {@code drill} parsed
 */
public record StateDocument(JsonNode drill, DrillState state) {

    public StateDocument {
        Objects.requireNonNull(drill, "drill");
        Objects.requireNonNull(state, "state");
    }

    /** The same document after a step: its drill as given, the step's state. */
    public StateDocument with(DrillState next) {
        return new StateDocument(drill, next);
    }

    /** The drill's name for logs, {@code ?} when the spec has none. */
    public String drillName() {
        return drill.path("name").asText("?");
    }
}
