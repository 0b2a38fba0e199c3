package io.restoredrill.core.adapter.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.audit.AccountAuditReport;
import io.restoredrill.core.audit.Severity;
import io.restoredrill.core.audit.AuditMetrics;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Publishes a nightly audit as one CloudWatch embedded metric format line on stdout (Lambda sends it to CloudWatch
 * Logs, which turns it into metrics in namespace {@value EmfDrillMetrics#DEFAULT_NAMESPACE}; no API call, no permission):
 * {@code AuditDatabases} (databases reviewed, excluded ones left out), {@code AuditDatabasesAtHigh} (databases with a
 * high-severity finding: no deletion protection, or no independent backup; the infrastructure alarms when it is
 * above 0) and {@code AuditDatabasesAtMedium} (medium or worse). No dimensions: one audit per account and region.
 */
public final class EmfAuditMetrics implements AuditMetrics {

    public static final String DATABASES = "AuditDatabases";
    public static final String AT_HIGH = "AuditDatabasesAtHigh";
    public static final String AT_MEDIUM = "AuditDatabasesAtMedium";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;

    public EmfAuditMetrics(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void publish(Instant checkedAt, List<AccountAuditReport> reports) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", checkedAt.toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", EmfDrillMetrics.DEFAULT_NAMESPACE);
        directive.putArray("Dimensions").addArray();
        ArrayNode metrics = directive.putArray("Metrics");
        metric(line, metrics, DATABASES, sum(reports, r -> r.databases().stream().filter(d -> !d.excluded()).count()));
        metric(line, metrics, AT_HIGH, sum(reports, r -> r.databasesAtOrAbove(Severity.HIGH)));
        metric(line, metrics, AT_MEDIUM, sum(reports, r -> r.databasesAtOrAbove(Severity.MEDIUM)));
        try {
            out.println(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }

    private static long sum(List<AccountAuditReport> reports, ToLongFunction<AccountAuditReport> count) {
        return reports.stream().mapToLong(count).sum();
    }

    private static void metric(ObjectNode line, ArrayNode metrics, String name, long value) {
        metrics.addObject().put("Name", name).put("Unit", "Count");
        line.put(name, value);
    }
}
