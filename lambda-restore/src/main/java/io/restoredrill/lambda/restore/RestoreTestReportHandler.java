package io.restoredrill.lambda.restore;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.restoredrill.core.adapter.in.lambda.RestoreTestingJson;
import io.restoredrill.core.workflow.RestoreTestReport;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The restore-testing workflow's Report task, on every path: takes the execution's document ({@code event}, and
 * {@code state} and {@code error} when there are), sends the verdict to AWS Backup (PutRestoreValidationResult) and
 * returns it.
 */
public final class RestoreTestReportHandler implements RequestStreamHandler {

    private final RestoreTestReport step;

    public RestoreTestReportHandler() {
        this(RestoreTestingWiring.fromEnvironment().report());
    }

    public RestoreTestReportHandler(RestoreTestReport step) {
        this.step = Objects.requireNonNull(step, "step");
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) {
        RestoreTestingJson.report(in, out, step);
    }
}
