package io.restoredrill.lambda.fleet;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.restoredrill.core.adapter.in.lambda.StateHandlers;
import io.restoredrill.core.fleet.NightRequest;
import io.restoredrill.core.fleet.PlanNight;
import org.slf4j.MDC;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The parent state machine's first step (PlanNight): reads the night's drills, validates them, writes the items
 * the Distributed Map reads and returns the plan ({@link PlanNight}). A failure propagates as the use case's
 * exception, logged whole and rethrown without stack frames: {@code io.restoredrill.core.domain.NoCapacityException}
 * when the RDS quotas leave no instance, {@code io.restoredrill.core.domain.InvalidConfigurationException} for a bad
 * list or input.
 */
public final class PlanHandler implements RequestStreamHandler {

    private final PlanNight plan;

    public PlanHandler() {
        this(FleetWiring.planFromEnvironment());
    }

    public PlanHandler(PlanNight plan) {
        this.plan = Objects.requireNonNull(plan, "plan");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        try {
            NightRequest request = FleetJson.nightRequest(FleetJson.read(input));
            MDC.put("execution", request.execution());
            FleetJson.write(FleetJson.plan(plan.plan(request)), output);
        } catch (RuntimeException e) {
            throw StateHandlers.logAndTrim(e);
        } finally {
            MDC.remove("execution");
        }
    }
}
