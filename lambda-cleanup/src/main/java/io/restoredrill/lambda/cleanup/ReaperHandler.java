package io.restoredrill.lambda.cleanup;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.core.type.TypeReference;
import io.restoredrill.core.workflow.ReapReport;
import io.restoredrill.core.workflow.Reaper;
import io.restoredrill.core.adapter.in.lambda.StateJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;

/**
 * The reaper, invoked by an EventBridge schedule: deletes expired drill instances (see {@link Reaper}) and returns
 * what it did. When a deletion failed it throws {@code io.restoredrill.core.workflow.ReaperFailedException}, so the
 * invocation counts as an error.
 */
public final class ReaperHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {

    private static final Logger log = LoggerFactory.getLogger(ReaperHandler.class);
    private static final TypeReference<Map<String, Object>> AS_MAP = new TypeReference<>() {
    };

    private final Reaper reaper;

    public ReaperHandler() {
        this(CleanupWiring.fromEnvironment().reaper());
    }

    public ReaperHandler(Reaper reaper) {
        this.reaper = Objects.requireNonNull(reaper, "reaper");
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        log.info("reaper run for scheduled event {} ({})", event == null ? null : event.getId(),
                event == null ? null : event.getResources());
        ReapReport report = reaper.reap();
        // Plain maps and strings: the Lambda runtime's serializer need not know records or java.time.
        return StateJson.mapper().convertValue(report, AS_MAP);
    }
}
