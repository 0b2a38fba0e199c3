package io.restoredrill.lambda.restore;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.restoredrill.core.adapter.in.lambda.RestoreTestingJson;
import io.restoredrill.core.workflow.RestoreTestAdoption;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The restore-testing workflow's Adopt task: takes {@code {"event", "drill", "executionId"}} (the AWS Backup restore
 * job event and the drill the stack's rule matched it to), returns the state document with the restored instance.
 */
public final class RestoreTestAdoptHandler implements RequestStreamHandler {

    private final RestoreTestAdoption step;

    public RestoreTestAdoptHandler() {
        this(RestoreTestingWiring.fromEnvironment().adoption());
    }

    public RestoreTestAdoptHandler(RestoreTestAdoption step) {
        this.step = Objects.requireNonNull(step, "step");
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) {
        RestoreTestingJson.adopt(in, out, step);
    }
}
