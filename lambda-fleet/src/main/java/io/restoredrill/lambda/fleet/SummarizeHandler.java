package io.restoredrill.lambda.fleet;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.restoredrill.core.adapter.in.lambda.StateHandlers;
import io.restoredrill.core.fleet.SummarizeNight;
import io.restoredrill.core.fleet.SummaryRequest;
import org.slf4j.MDC;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The parent state machine's Summarize step: reads the Distributed Map's results, writes every drill's verdict to
 * {@code runs/<name>/summary.json} and returns the bounded summary whose {@code cause} the Fail state uses
 * ({@link SummarizeNight}).
 */
public final class SummarizeHandler implements RequestStreamHandler {

    private final SummarizeNight summarize;

    public SummarizeHandler() {
        this(FleetWiring.summarizeFromEnvironment());
    }

    public SummarizeHandler(SummarizeNight summarize) {
        this.summarize = Objects.requireNonNull(summarize, "summarize");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        try {
            SummaryRequest request = FleetJson.summaryRequest(FleetJson.read(input));
            MDC.put("execution", request.execution());
            FleetJson.write(FleetJson.summary(summarize.summarize(request)), output);
        } catch (RuntimeException e) {
            throw StateHandlers.logAndTrim(e);
        } finally {
            MDC.remove("execution");
        }
    }
}
