package io.restoredrill.lambda.fleet;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.InputStream;
import java.io.OutputStream;

/** BRANCH SCAFFOLD (fleet-base only; replaced by the fleet-lambdas helper before anything lands on main). */
public final class PlanHandler implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        throw new IllegalStateException("scaffold: PlanHandler is not built yet");
    }
}
