package io.restoredrill.core.adapter.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.port.DrillMetrics;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Drill metrics as CloudWatch Embedded Metric Format (EMF) log lines: one JSON object per line, which CloudWatch
 * Logs turns into metrics. In Lambda the stream is {@code System.out}: every stdout line becomes a log event of
 * the function's log group, where EMF is extracted without a PutMetricData call (and without its IAM permission
 * or latency).
 *
 * <pre>{@code
 * {"_aws":{"Timestamp":1764126000000,"CloudWatchMetrics":[{"Namespace":"RestoreDrill","Dimensions":[["Drill"]],
 *   "Metrics":[{"Name":"DrillSucceeded","Unit":"Count"},{"Name":"RestoreSeconds","Unit":"Seconds"},
 *              {"Name":"BackupAgeHours","Unit":"None"},{"Name":"ChecksFailed","Unit":"Count"}]}]},
 *  "Drill":"orders","DrillSucceeded":1,"RestoreSeconds":412.5,"BackupAgeHours":3.2,"ChecksFailed":0}
 * }</pre>
 *
 * RestoreSeconds and BackupAgeHours are left out (from the directive and the values) when unknown: EMF needs a
 * number for every metric it declares, and a made-up 0 would pull averages and alarms the wrong way.
 */
public final class EmfDrillMetrics implements DrillMetrics {

    public static final String DEFAULT_NAMESPACE = "RestoreDrill";
    public static final String DIMENSION = "Drill";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final String namespace;
    private final Clock clock;

    /** Namespace {@value #DEFAULT_NAMESPACE}, timestamps from the system clock. */
    public EmfDrillMetrics(PrintStream out) {
        this(out, DEFAULT_NAMESPACE, Clock.systemUTC());
    }

    public EmfDrillMetrics(PrintStream out, String namespace, Clock clock) {
        this.out = Objects.requireNonNull(out, "out");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (namespace.isBlank()) {
            throw new IllegalArgumentException("the metrics namespace must not be blank");
        }
    }

    @Override
    public void publish(String drillName, boolean succeeded, OptionalDouble restoreSeconds,
                        OptionalDouble backupAgeHours, int checksFailed) {
        Objects.requireNonNull(drillName, "drillName");
        ObjectNode root = JSON.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        directive.putArray("Dimensions").addArray().add(DIMENSION);
        ArrayNode metrics = directive.putArray("Metrics");
        root.put(DIMENSION, drillName);

        declare(metrics, "DrillSucceeded", "Count");
        root.put("DrillSucceeded", succeeded ? 1 : 0);
        if (isFinite(restoreSeconds)) {
            declare(metrics, "RestoreSeconds", "Seconds");
            root.put("RestoreSeconds", restoreSeconds.getAsDouble());
        }
        if (isFinite(backupAgeHours)) {
            // CloudWatch has no "Hours" unit; the name carries it.
            declare(metrics, "BackupAgeHours", "None");
            root.put("BackupAgeHours", backupAgeHours.getAsDouble());
        }
        declare(metrics, "ChecksFailed", "Count");
        root.put("ChecksFailed", checksFailed);

        String line;
        try {
            line = JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an EMF line", e); // only a bug gets here
        }
        // One println: a single log event. Flushed, so the line is out before Lambda freezes the process.
        out.println(line);
        out.flush();
    }

    // EMF values must be JSON numbers; NaN or infinity would make CloudWatch drop the whole line.
    private static boolean isFinite(OptionalDouble value) {
        return value.isPresent() && Double.isFinite(value.getAsDouble());
    }

    private static void declare(ArrayNode metrics, String name, String unit) {
        metrics.addObject().put("Name", name).put("Unit", unit);
    }
}
