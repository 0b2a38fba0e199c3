package io.restoredrill.statemachine.harness;

import io.restoredrill.core.workflow.DrillState;
import io.restoredrill.core.adapter.in.lambda.StateHandlers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.UnaryOperator;

/**
 * What serves one Task state: the shape of a Lambda {@code RequestStreamHandler} without its Context. A real handler
 * plugs in as {@code (in, out) -> new RestoreHandler(...).handleRequest(in, out, context)}; a test step that acts on
 * the state document plugs in with {@link #of(UnaryOperator)}.
 */
@FunctionalInterface
public interface StreamTask {

    void handle(InputStream in, OutputStream out) throws IOException;

    /** A step over the state document, with the plumbing the real handlers share ({@link StateHandlers}). */
    static StreamTask of(UnaryOperator<DrillState> step) {
        return (in, out) -> StateHandlers.handle(in, out, step);
    }
}
