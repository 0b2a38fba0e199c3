package io.restoredrill.core.adapter.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.domain.ObjectiveResult;
import io.restoredrill.core.domain.ObjectiveVerdict;
import io.restoredrill.core.domain.Objectives;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the lines against the EMF specification
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
 * a JSON object on one line; {@code _aws.Timestamp} in epoch milliseconds; {@code _aws.CloudWatchMetrics} an array
 * of directives with Namespace, Dimensions (an array of dimension sets, each an array of names) and Metrics
 * (Name, Unit); every dimension a string member of the root and every metric a number member of the root.
 */
class EmfDrillMetricsTest {

    private static final Instant NOW = Instant.parse("2026-11-26T03:15:00Z");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final EmfDrillMetrics metrics = new EmfDrillMetrics(new PrintStream(bytes, true, StandardCharsets.UTF_8),
            "RestoreDrill", Clock.fixed(NOW, ZoneOffset.UTC));

    private List<String> lines() {
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith(System.lineSeparator());
        return text.lines().toList();
    }

    private JsonNode onlyLine() throws Exception {
        List<String> lines = lines();
        assertThat(lines).hasSize(1);
        return new ObjectMapper().readTree(lines.get(0));
    }

    @Test
    void writesOneEmfDocumentWithAllFourMetricsUnderTheDrillDimension() throws Exception {
        metrics.publish("orders", true, OptionalDouble.of(412.5), OptionalDouble.of(3.25), 0);

        JsonNode root = onlyLine();
        JsonNode aws = root.get("_aws");
        assertThat(aws.get("Timestamp").isIntegralNumber()).isTrue();
        assertThat(aws.get("Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(aws.get("CloudWatchMetrics")).hasSize(1);
        JsonNode directive = aws.get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("RestoreDrill");
        assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"Drill\"]]");
        List<String> declared = new ArrayList<>();
        directive.get("Metrics").forEach(m -> declared.add(m.get("Name").asText() + ":" + m.get("Unit").asText()));
        assertThat(declared).containsExactly("DrillSucceeded:Count", "RestoreSeconds:Seconds", "BackupAgeHours:None",
                "ChecksFailed:Count");

        assertThat(root.get("Drill").isTextual()).isTrue();
        assertThat(root.get("Drill").asText()).isEqualTo("orders");
        assertThat(root.get("DrillSucceeded").isNumber()).isTrue();
        assertThat(root.get("DrillSucceeded").asInt()).isEqualTo(1);
        assertThat(root.get("RestoreSeconds").asDouble()).isEqualTo(412.5);
        assertThat(root.get("BackupAgeHours").asDouble()).isEqualTo(3.25);
        assertThat(root.get("ChecksFailed").asInt()).isZero();
    }

    @Test
    void aFailedDrillReportsZeroSuccessAndItsFailedChecks() throws Exception {
        metrics.publish("orders", false, OptionalDouble.of(60), OptionalDouble.of(1), 2);

        JsonNode root = onlyLine();
        assertThat(root.get("DrillSucceeded").asInt()).isZero();
        assertThat(root.get("ChecksFailed").asInt()).isEqualTo(2);
    }

    @Test
    void unknownValuesAreLeftOutOfTheDirectiveAndTheValues() throws Exception {
        metrics.publish("orders", false, OptionalDouble.empty(), OptionalDouble.of(Double.NaN), 0);

        JsonNode root = onlyLine();
        List<String> declared = new ArrayList<>();
        root.at("/_aws/CloudWatchMetrics/0/Metrics").forEach(m -> declared.add(m.get("Name").asText()));
        assertThat(declared).containsExactly("DrillSucceeded", "ChecksFailed");
        assertThat(root.has("RestoreSeconds")).isFalse();
        assertThat(root.has("BackupAgeHours")).isFalse();
    }

    @Test
    void eachPublicationIsItsOwnLine() {
        metrics.publish("orders", true, OptionalDouble.empty(), OptionalDouble.empty(), 0);
        metrics.publish("billing", true, OptionalDouble.empty(), OptionalDouble.empty(), 0);

        assertThat(lines()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
    }

    private static ObjectiveResult objective(String name, double target, Optional<Double> achieved,
                                             ObjectiveVerdict verdict) {
        return new ObjectiveResult(name, target, achieved, verdict, "test");
    }

    private static List<String> declared(JsonNode root) {
        List<String> names = new ArrayList<>();
        root.at("/_aws/CloudWatchMetrics/0/Metrics").forEach(m -> names.add(m.get("Name").asText() + ":"
                + m.get("Unit").asText()));
        return names;
    }

    @Test
    void aMissedRestoreTimeObjectiveCarriesTheTargetAndOneUnderTheDrillDimension() throws Exception {
        metrics.publish("orders", true, OptionalDouble.of(3000), OptionalDouble.of(3), 0,
                List.of(objective(Objectives.RESTORE_TIME, 2700, Optional.of(3000.0), ObjectiveVerdict.MISSED)),
                OptionalDouble.empty());

        JsonNode root = onlyLine();
        assertThat(declared(root)).containsExactly("DrillSucceeded:Count", "RestoreSeconds:Seconds",
                "BackupAgeHours:None", "ChecksFailed:Count", "RestoreTimeObjectiveSeconds:Seconds",
                "RestoreTimeObjectiveMissed:Count");
        assertThat(root.at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[\"Drill\"]]");
        assertThat(root.get("RestoreTimeObjectiveSeconds").isNumber()).isTrue();
        assertThat(root.get("RestoreTimeObjectiveSeconds").asDouble()).isEqualTo(2700.0);
        assertThat(root.get("RestoreTimeObjectiveMissed").asInt()).isEqualTo(1);
        assertThat(root.has("RecoveryPointObjectiveMissed")).isFalse();
    }

    @Test
    void aMetRecoveryPointObjectiveCarriesTargetAndAchievedHoursAndZero() throws Exception {
        metrics.publish("orders", true, OptionalDouble.of(600), OptionalDouble.of(3), 0,
                List.of(objective(Objectives.RESTORE_TIME, 2700, Optional.of(600.0), ObjectiveVerdict.MET),
                        objective(Objectives.RECOVERY_POINT, 26 * 3600, Optional.of(4.5 * 3600), ObjectiveVerdict.MET)),
                OptionalDouble.empty());

        JsonNode root = onlyLine();
        assertThat(declared(root)).contains("RecoveryPointObjectiveHours:None", "RecoveryPointHours:None",
                "RecoveryPointObjectiveMissed:Count");
        assertThat(root.get("RestoreTimeObjectiveMissed").asInt()).isZero();
        assertThat(root.get("RecoveryPointObjectiveHours").asDouble()).isEqualTo(26.0);
        assertThat(root.get("RecoveryPointHours").asDouble()).isEqualTo(4.5);
        assertThat(root.get("RecoveryPointObjectiveMissed").asInt()).isZero();
    }

    @Test
    void anUnmeasuredObjectivePublishesNothingRatherThanAZeroThatReadsAsMet() throws Exception {
        metrics.publish("orders", false, OptionalDouble.empty(), OptionalDouble.empty(), 0,
                List.of(objective(Objectives.RESTORE_TIME, 2700, Optional.empty(), ObjectiveVerdict.UNKNOWN),
                        objective(Objectives.RECOVERY_POINT, 26 * 3600, Optional.empty(), ObjectiveVerdict.UNKNOWN)),
                OptionalDouble.empty());

        JsonNode root = onlyLine();
        assertThat(declared(root)).containsExactly("DrillSucceeded:Count", "ChecksFailed:Count");
        assertThat(root.has("RestoreTimeObjectiveMissed")).isFalse();
        assertThat(root.has("RestoreTimeObjectiveSeconds")).isFalse();
    }

    @Test
    void theRestoreTimeAgainstTheRecentMedianIsItsOwnMetricAndLeftOutWhenThereIsNone() throws Exception {
        metrics.publish("orders", true, OptionalDouble.of(600), OptionalDouble.of(3), 0, List.of(),
                OptionalDouble.of(1.5));
        metrics.publish("orders", true, OptionalDouble.of(600), OptionalDouble.of(3), 0, List.of(),
                OptionalDouble.empty());

        List<String> lines = lines();
        JsonNode withTrend = new ObjectMapper().readTree(lines.get(0));
        assertThat(declared(withTrend)).last().isEqualTo("RestoreTimeVsRecentMedian:None");
        assertThat(withTrend.get("RestoreTimeVsRecentMedian").asDouble()).isEqualTo(1.5);
        JsonNode without = new ObjectMapper().readTree(lines.get(1));
        assertThat(declared(without)).noneMatch(name -> name.startsWith("RestoreTimeVsRecentMedian"));
        assertThat(without.has("RestoreTimeVsRecentMedian")).isFalse();
    }
}
