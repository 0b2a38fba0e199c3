package io.restoredrill.lambda.cleanup;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.workflow.ReapReport;
import io.restoredrill.core.workflow.ReaperMetrics;
import io.restoredrill.core.adapter.in.lambda.StateJson;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Publishes a reaper run as one CloudWatch embedded metric format (EMF) line on stdout, which Lambda sends to
 * CloudWatch Logs, where it becomes metrics in namespace {@code RestoreDrill} without any API call:
 * {@code ReaperDeleted} (orphans deleted, instances, Aurora clusters and snapshot copies: the infrastructure alarms when it is above
 * 0), {@code ReaperRefused}
 * (suspicious instances and unreadable expiries) and {@code ReaperFailed}. No dimensions: one reaper per account
 * and region.
 */
public final class EmfReaperMetrics implements ReaperMetrics {

    public static final String NAMESPACE = "RestoreDrill";

    private final PrintStream out;

    public EmfReaperMetrics(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void publish(ReapReport report) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode line = json.objectNode();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", report.at().toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray();
        ArrayNode metrics = directive.putArray("Metrics");
        // Instances and snapshot copies together: either left behind means an execution did not clean up.
        metric(line, metrics, "ReaperDeleted", report.deleted().size() + report.snapshotCopies().deleted().size()
                + report.clusters().deleted().size());
        metric(line, metrics, "ReaperRefused", report.refused().size() + report.snapshotCopies().refused().size()
                + report.clusters().refused().size());
        metric(line, metrics, "ReaperFailed", report.failed().size() + report.snapshotCopies().failed().size()
                + report.clusters().failed().size());
        try {
            out.println(StateJson.mapper().writeValueAsString(line));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }

    private static void metric(ObjectNode line, ArrayNode metrics, String name, int value) {
        metrics.addObject().put("Name", name).put("Unit", "Count");
        line.put(name, value);
    }
}
