package io.restoredrill.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlarmsTest {

    private final List<JsonNode> alarms = new ArrayList<>();
    private SynthesizedStack synthesized;

    @BeforeAll
    void synthesize() {
        synthesized = SynthesizedStack.get();
        new ObjectMapper().valueToTree(synthesized.template.toJSON()).get("Resources").forEach(resource -> {
            if (resource.get("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                alarms.add(resource.get("Properties"));
            }
        });
    }

    private List<JsonNode> alarmsOn(String namespace, String metric) {
        return alarms.stream().filter(a -> a.path("Namespace").asText().equals(namespace)
                && a.path("MetricName").asText().equals(metric)).toList();
    }

    private static String dimension(JsonNode alarm, String name) {
        for (JsonNode d : alarm.path("Dimensions")) {
            if (d.get("Name").asText().equals(name)) {
                return d.get("Value").asText();
            }
        }
        return null;
    }

    @Test
    void failedTimedOutAndAbortedExecutionsAlarm() {
        for (String metric : List.of("ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted")) {
            assertThat(alarmsOn("AWS/States", metric)).as(metric)
                    .filteredOn(alarm -> alarm.at("/Dimensions/0/Value").toString().contains("DrillStateMachine"))
                    .singleElement().satisfies(alarm -> {
                assertThat(alarm.get("Statistic").asText()).isEqualTo("Sum");
                assertThat(alarm.get("Threshold").asDouble()).isEqualTo(1);
                assertThat(alarm.get("ComparisonOperator").asText()).isEqualTo("GreaterThanOrEqualToThreshold");
                assertThat(alarm.at("/Dimensions/0/Name").asText()).isEqualTo("StateMachineArn");
            });
        }
    }

    @Test
    void aDrillSilentFor26HoursAlarmsWithMissingDataBreaching() {
        List<JsonNode> silent = alarmsOn("RestoreDrill", "DrillSucceeded");
        assertThat(silent).extracting(a -> dimension(a, "Drill")).containsExactlyInAnyOrder("orders", "billing", "legacy");
        assertThat(silent).allSatisfy(alarm -> {
            assertThat(alarm.get("TreatMissingData").asText()).isEqualTo("breaching");
            assertThat(alarm.get("ComparisonOperator").asText()).isEqualTo("LessThanThreshold");
            assertThat(alarm.get("Threshold").asDouble()).isEqualTo(1);
            int period = alarm.get("Period").asInt();
            int periods = alarm.get("EvaluationPeriods").asInt();
            assertThat(period * periods).as("the window").isEqualTo(26 * 3600);
            assertThat(alarm.get("DatapointsToAlarm").asInt()).as("every hour of the window without success").isEqualTo(periods);
            // CloudWatch: period x evaluation periods <= 7 days, and <= 1 day when the period is under an hour.
            assertThat(period).isGreaterThanOrEqualTo(3600);
            assertThat(period * periods).isLessThanOrEqualTo(604_800);
        });
    }

    @Test
    void aBackupOlderThanTheDrillAllowsAlarms() {
        List<JsonNode> age = alarmsOn("RestoreDrill", "BackupAgeHours");
        assertThat(age).hasSize(3).allSatisfy(a -> assertThat(a.get("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold"));
        assertThat(age.stream().filter(a -> "orders".equals(dimension(a, "Drill")))).singleElement()
                .satisfies(a -> assertThat(a.get("Threshold").asDouble()).isEqualTo(26));
        assertThat(age.stream().filter(a -> "billing".equals(dimension(a, "Drill")))).singleElement()
                .satisfies(a -> assertThat(a.get("Threshold").asDouble()).isEqualTo(30));
        assertThat(age.stream().filter(a -> "legacy".equals(dimension(a, "Drill")))).singleElement()
                .satisfies(a -> assertThat(a.get("Threshold").asDouble()).isEqualTo(RestoreDrillStack.DEFAULT_MAX_BACKUP_AGE_HOURS));
    }

    @Test
    void theReaperDeletingAnythingAlarms() {
        assertThat(alarmsOn("RestoreDrill", "ReaperDeleted")).singleElement().satisfies(alarm -> {
            assertThat(alarm.get("Statistic").asText()).isEqualTo("Sum");
            assertThat(alarm.get("Threshold").asDouble()).isZero();
            assertThat(alarm.get("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
        });
    }

    @Test
    void aDrillWithARestoreTimeObjectiveAlarmsWhenItMissesIt() {
        // Only orders declares objectives (restoreTime: 45m) in the test fleet: the others get no such alarm.
        assertThat(alarmsOn("RestoreDrill", "RestoreTimeObjectiveMissed")).singleElement().satisfies(alarm -> {
            assertThat(dimension(alarm, "Drill")).isEqualTo("orders");
            assertThat(alarm.get("Dimensions")).hasSize(1);
            assertThat(alarm.get("Statistic").asText()).isEqualTo("Maximum");
            assertThat(alarm.get("Period").asInt()).isEqualTo(3600);
            assertThat(alarm.get("EvaluationPeriods").asInt()).isEqualTo(1);
            assertThat(alarm.get("Threshold").asDouble()).isEqualTo(1);
            assertThat(alarm.get("ComparisonOperator").asText()).isEqualTo("GreaterThanOrEqualToThreshold");
            assertThat(alarm.get("TreatMissingData").asText()).isEqualTo("notBreaching");
            assertThat(alarm.get("AlarmDescription").asText()).contains("\"orders\"").contains("2700 s");
        });
    }

    @Test
    void aDrillWithARecoveryPointObjectiveAlarmsWhenItMissesIt() {
        // orders declares recoveryPoint: 26h in the test fleet; the others have no objective.
        assertThat(alarmsOn("RestoreDrill", "RecoveryPointObjectiveMissed")).singleElement().satisfies(alarm -> {
            assertThat(dimension(alarm, "Drill")).isEqualTo("orders");
            assertThat(alarm.get("Dimensions")).hasSize(1);
            assertThat(alarm.get("Statistic").asText()).isEqualTo("Maximum");
            assertThat(alarm.get("Period").asInt()).isEqualTo(3600);
            assertThat(alarm.get("Threshold").asDouble()).isEqualTo(1);
            assertThat(alarm.get("ComparisonOperator").asText()).isEqualTo("GreaterThanOrEqualToThreshold");
            assertThat(alarm.get("TreatMissingData").asText()).isEqualTo("notBreaching");
            assertThat(alarm.get("AlarmDescription").asText()).contains("\"orders\"").contains("26 h");
        });
    }

    @Test
    void everyDrillAlarmsWhenItsRestoreTimeRisesWellAboveTheRecentMedian() {
        List<JsonNode> trend = alarmsOn("RestoreDrill", "RestoreTimeVsRecentMedian");
        assertThat(trend).extracting(a -> dimension(a, "Drill")).containsExactlyInAnyOrder("orders", "billing", "legacy");
        assertThat(trend).allSatisfy(alarm -> {
            assertThat(alarm.get("Dimensions")).hasSize(1);
            assertThat(alarm.get("Statistic").asText()).isEqualTo("Maximum");
            assertThat(alarm.get("Period").asInt()).isEqualTo(3600);
            assertThat(alarm.get("EvaluationPeriods").asInt()).isEqualTo(1);
            assertThat(alarm.get("Threshold").asDouble()).isEqualTo(1.3);
            assertThat(alarm.get("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
            assertThat(alarm.get("TreatMissingData").asText()).isEqualTo("notBreaching");
            assertThat(alarm.get("AlarmDescription").asText()).contains("30 % slower").contains("last 30 passing");
        });
    }

    /**
     * The nightly account audit publishes AuditDatabasesAtHigh and AuditDatabases (EmfAuditMetrics): one alarm when a
     * database has no deletion protection or no independent backup, one when the audit stops reporting. CloudWatch
     * allows period x evaluation periods up to 7 days for periods of an hour or more (PutMetricAlarm).
     */
    @Test
    void theAccountAuditAlarmsOnAHighFindingAndOnSilence() {
        assertThat(alarmsOn("RestoreDrill", "AuditDatabasesAtHigh")).singleElement().satisfies(alarm -> {
            assertThat(alarm.get("Dimensions")).isNull();
            assertThat(alarm.get("Statistic").asText()).isEqualTo("Maximum");
            assertThat(alarm.get("Threshold").asDouble()).isZero();
            assertThat(alarm.get("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
            assertThat(alarm.get("TreatMissingData").asText()).isEqualTo("notBreaching");
            assertThat(alarm.get("AlarmDescription").asText()).contains("no deletion protection")
                    .contains("audit/latest.json");
        });
        assertThat(alarmsOn("RestoreDrill", "AuditDatabases")).singleElement().satisfies(alarm -> {
            assertThat(alarm.get("Period").asInt() * alarm.get("EvaluationPeriods").asInt()).isEqualTo(26 * 3600);
            assertThat(alarm.get("DatapointsToAlarm").asInt()).isEqualTo(26);
            assertThat(alarm.get("TreatMissingData").asText()).isEqualTo("breaching");
        });
        JsonNode schedule = new ObjectMapper().valueToTree(synthesized.template.toJSON()).get("Resources")
                .get("NightlyAuditSchedule05050D4E");
        assertThat(schedule.at("/Properties/ScheduleExpression").asText()).isEqualTo("cron(30 2 * * ? *)");
        assertThat(schedule.at("/Properties/Targets/0/Arn").toString()).contains("AuditFunction");
    }

    /** The fire drill of the alarms: monthly, off by default (it pages someone), starting the alarm test's night. */
    @Test
    void theMonthlyAlarmTestIsOffByDefaultAndStartsTheAlarmTest() throws Exception {
        JsonNode rule = new ObjectMapper().valueToTree(synthesized.template.toJSON()).get("Resources")
                .get("MonthlyAlarmTestScheduleEBC26945");
        assertThat(rule).as("the rule keeps its pinned logical ID").isNotNull();
        assertThat(rule.at("/Properties/State").asText()).isEqualTo("DISABLED");
        assertThat(rule.at("/Properties/ScheduleExpression").asText()).isEqualTo("cron(0 10 1 * ? *)");
        assertThat(new ObjectMapper().readTree(rule.at("/Properties/Targets/0/Input").asText()))
                .isEqualTo(new ObjectMapper().readTree("{\"alarmTest\": true}"));
        assertThat(rule.at("/Properties/Targets/0/Arn").toString()).contains("DrillStateMachine");
    }

    @Test
    void everyAlarmNotifiesTheTopic() {
        // executions 3, per drill silence + backup age + trend (3 x 3), the one drill's two objectives, the reaper,
        // the account audit's findings and its silence, the restore-testing workflow's failed executions (its drill
        // has no nightly silence, backup age or trend alarm: it runs on its restore testing plan's schedule)
        assertThat(alarms).hasSize(3 + 3 * 3 + 2 + 1 + 2 + 1).allSatisfy(alarm ->
                assertThat(alarm.get("AlarmActions").toString()).contains("AlarmTopic"));
        String topic = alarms.get(0).get("AlarmActions").toString();
        assertThat(alarms).allSatisfy(alarm -> assertThat(alarm.get("AlarmActions").toString()).isEqualTo(topic));
    }

    @Test
    void theDashboardShowsRestoreTimeBackupAgeAndPassFail() {
        JsonNode dashboard = new ObjectMapper().valueToTree(synthesized.template.toJSON()).get("Resources").properties()
                .stream().filter(e -> e.getValue().get("Type").asText().equals("AWS::CloudWatch::Dashboard"))
                .findFirst().orElseThrow().getValue();
        String body = Policies.render(dashboard.at("/Properties/DashboardBody"));
        assertThat(body).contains("\"RestoreDrill\",\"RestoreSeconds\",\"Drill\",\"orders\"")
                .contains("\"RestoreDrill\",\"BackupAgeHours\",\"Drill\",\"billing\"")
                .contains("\"RestoreDrill\",\"DrillSucceeded\",\"Drill\",\"legacy\"");
    }
}
