package io.restoredrill.core.adapter.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.domain.ObjectiveResult;
import io.restoredrill.core.domain.ObjectiveVerdict;
import io.restoredrill.core.domain.Objectives;
import io.restoredrill.core.port.DrillMetrics;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
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
 * A drill with a measured restore-time objective adds RestoreTimeObjectiveSeconds (the target) and
 * RestoreTimeObjectiveMissed (1 or 0); one with a measured recovery-point objective adds RecoveryPointObjectiveHours
 * (the target), RecoveryPointHours (what it achieved) and RecoveryPointObjectiveMissed; a drill whose trend window is
 * full enough adds RestoreTimeVsRecentMedian. Each EMF document may declare up to 100 metrics, far more than these.
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
                        OptionalDouble backupAgeHours, int checksFailed, List<ObjectiveResult> objectives,
                        OptionalDouble restoreVsRecentMedian) {
        Objects.requireNonNull(drillName, "drillName");
        Objects.requireNonNull(objectives, "objectives");
        Objects.requireNonNull(restoreVsRecentMedian, "restoreVsRecentMedian");
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
        // Only measured objectives: an UNKNOWN one (the restore did not complete, no backup was chosen) is neither
        // met nor missed, and a 0 would read as "met" to the alarm. The failure has its own alarms.
        for (ObjectiveResult objective : objectives) {
            if (objective.verdict() == ObjectiveVerdict.UNKNOWN || objective.achievedSeconds().isEmpty()) {
                continue;
            }
            int missed = objective.missed() ? 1 : 0;
            switch (objective.name()) {
                case Objectives.RESTORE_TIME -> {
                    declare(metrics, "RestoreTimeObjectiveSeconds", "Seconds");
                    root.put("RestoreTimeObjectiveSeconds", objective.targetSeconds());
                    declare(metrics, "RestoreTimeObjectiveMissed", "Count");
                    root.put("RestoreTimeObjectiveMissed", missed);
                }
                case Objectives.RECOVERY_POINT -> {
                    declare(metrics, "RecoveryPointObjectiveHours", "None");
                    root.put("RecoveryPointObjectiveHours", objective.targetSeconds() / 3600);
                    declare(metrics, "RecoveryPointHours", "None");
                    root.put("RecoveryPointHours", objective.achievedSeconds().get() / 3600);
                    declare(metrics, "RecoveryPointObjectiveMissed", "Count");
                    root.put("RecoveryPointObjectiveMissed", missed);
                }
                default -> throw new IllegalArgumentException("no metric for the objective " + objective.name());
            }
        }
        if (isFinite(restoreVsRecentMedian)) {
            declare(metrics, "RestoreTimeVsRecentMedian", "None");
            root.put("RestoreTimeVsRecentMedian", restoreVsRecentMedian.getAsDouble());
        }

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
