package io.restoredrill.infra;

import io.restoredrill.core.domain.RestoreTrend;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.YAxisProps;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.Subscription;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;
import software.constructs.IConstruct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.restoredrill.infra.RestoreDrillStack.DEFAULT_MAX_BACKUP_AGE_HOURS;
import static io.restoredrill.infra.RestoreDrillStack.DRILL_DIMENSION;
import static io.restoredrill.infra.RestoreDrillStack.METRICS_NAMESPACE;
import static io.restoredrill.infra.RestoreDrillStack.SILENCE_HOURS;

/**
 * What tells people: the alarm topic (and its e-mail subscription), the alarms that notice failed executions, silence,
 * stale backups, missed restore-time objectives, rising restore times and orphans the reaper had to delete, and the
 * dashboard.
 */
final class DrillAlarms extends Construct {

    private final Topic topic;
    private final List<Alarm> alarms = new ArrayList<>();

    DrillAlarms(Construct scope, String id, Optional<String> notificationEmail, DrillFleet fleet,
                StateMachine stateMachine) {
        super(scope, id);
        topic = Topic.Builder.create(this, "AlarmTopic").displayName("restore-drill alarms").enforceSsl(true).build();
        notificationEmail.ifPresent(email -> topic.addSubscription(new EmailSubscription(email)));
        alarms(fleet, stateMachine);
        Dashboard dashboard = dashboard(fleet, stateMachine);

        // A replaced topic or subscription would need the e-mail confirmed again (alarms would go nowhere until then);
        // a replaced alarm loses its state and history; the dashboard has a fixed name.
        LogicalIds.keepAsIfIn(this, topic);
        topic.getNode().getChildren().stream()
                .filter(child -> child instanceof Subscription || child instanceof software.amazon.awscdk.services.sns.TopicPolicy)
                .forEach(child -> LogicalIds.keepAsIfIn(this, (IConstruct) child));
        alarms.forEach(alarm -> LogicalIds.keepAsIfIn(this, alarm));
        LogicalIds.keepAsIfIn(this, dashboard);
    }

    private void alarms(DrillFleet fleet, StateMachine stateMachine) {
        SnsAction notify = new SnsAction(topic);
        MetricOptions fiveMinuteSum = MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
        Map<String, IMetric> executionMetrics = new LinkedHashMap<>();
        executionMetrics.put("ExecutionsFailed", stateMachine.metricFailed(fiveMinuteSum));
        executionMetrics.put("ExecutionsTimedOut", stateMachine.metricTimedOut(fiveMinuteSum));
        executionMetrics.put("ExecutionsAborted", stateMachine.metricAborted(fiveMinuteSum));
        executionMetrics.forEach((name, metric) -> alarms.add(Alarm.Builder.create(this, name + "Alarm")
                .alarmDescription("A restore drill execution ended with " + name.substring("Executions".length())
                        + ": open the execution in the Step Functions console; each drill's report names the cause")
                .metric(metric)
                .threshold(1).comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build()));

        for (DrillFleet.Drill drill : fleet.drills()) {
            if (drill.spec().source() instanceof io.restoredrill.core.domain.DrillSpec.AwsBackupRestoreTest) {
                // Runs when its restore testing plan's job completes, on the plan's schedule: no nightly silence, and
                // no backup of its own to age. Its failures fail the restore-testing execution (DrillRestoreTesting).
                continue;
            }
            // Silence: no successful drill for 26 h (the schedule stopped, the functions never ran, metrics lost).
            // A single period cannot span 26 h, and period x evaluation periods may reach 7 days only for periods
            // of an hour or more: so 26 hourly periods, all 26 breaching, missing hours counted as breaching. The
            // statistic is Maximum: an hour is good when any run in it succeeded (failures have their own alarm).
            alarms.add(Alarm.Builder.create(this, "DrillSilent-" + drill.name())
                    .alarmDescription("No successful restore drill \"" + drill.name() + "\" for " + SILENCE_HOURS
                            + " hours: the nightly run did not happen or did not succeed")
                    .metric(drillMetric("DrillSucceeded", drill.name(), "Maximum", Duration.hours(1)))
                    .threshold(1).comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                    .evaluationPeriods(SILENCE_HOURS).datapointsToAlarm(SILENCE_HOURS)
                    .treatMissingData(TreatMissingData.BREACHING)
                    .build());
            double maxAge = drill.maxBackupAgeHours().orElse(DEFAULT_MAX_BACKUP_AGE_HOURS);
            alarms.add(Alarm.Builder.create(this, "BackupTooOld-" + drill.name())
                    .alarmDescription("The newest backup of drill \"" + drill.name() + "\" is older than " + maxAge
                            + " hours: backups stopped")
                    .metric(drillMetric("BackupAgeHours", drill.name(), "Maximum", Duration.hours(1)))
                    .threshold(maxAge).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .evaluationPeriods(1)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build());
            // Validate publishes RestoreTimeObjectiveMissed and RecoveryPointObjectiveMissed (1 or 0) only for a drill
            // whose figure it measured against an objective: hourly Maximum like the backup-age alarm, any miss in the
            // hour alarms; an hour without a drill is no news (silence and failures have their own alarms).
            drill.spec().objectives().restoreTime().ifPresent(objective -> alarms.add(objectiveMissed(
                    "RestoreTimeObjectiveMissed", drill.name(), "Drill \"" + drill.name() + "\" restored more slowly"
                            + " than its restore-time objective of " + objective.toSeconds() + " s: see RestoreSeconds"
                            + " and the drill's report; the backup did restore")));
            // The data a restore gives back (backup age plus freshness lag) was older than the objective.
            drill.spec().objectives().recoveryPoint().ifPresent(objective -> alarms.add(objectiveMissed(
                    "RecoveryPointObjectiveMissed", drill.name(), "Drill \"" + drill.name() + "\" restored data older"
                            + " than its recovery-point objective of " + objective.toHours() + " h: see"
                            + " RecoveryPointHours and the drill's report; backups are not taken (or copied) often"
                            + " enough")));
            // The window of 30 passing drills spans a month, beyond the 7 days an alarm may look back: validate keeps
            // it in S3 and publishes the ratio, only once it holds RestoreTrend.MINIMUM_DRILLS drills. So the rule
            // here is a plain threshold.
            alarms.add(Alarm.Builder.create(this, "RestoreTimeTrend-" + drill.name())
                    .alarmDescription("Drill \"" + drill.name() + "\" restored more than "
                            + Math.round((RestoreTrend.RISE_THRESHOLD - 1) * 100) + " % slower than the median of its"
                            + " last " + RestoreTrend.WINDOW + " passing drills: the restore time is rising before"
                            + " any objective is missed")
                    .metric(drillMetric("RestoreTimeVsRecentMedian", drill.name(), "Maximum", Duration.hours(1)))
                    .threshold(RestoreTrend.RISE_THRESHOLD).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .evaluationPeriods(1)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build());
        }

        alarms.add(Alarm.Builder.create(this, "ReaperDeletedAlarm")
                .alarmDescription("The reaper deleted a temporary instance that a drill did not clean up: an orphan"
                        + " happened; look for the failed cleanup in the executions of the last hours")
                .metric(Metric.Builder.create().namespace(METRICS_NAMESPACE).metricName("ReaperDeleted")
                        .statistic("Sum").period(Duration.hours(1)).build())
                .threshold(0).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
        // The nightly account audit (lambda-fleet's AuditHandler, EmfAuditMetrics): a database of the account with
        // no deletion protection or no independent backup; and an audit that stopped reporting for 26 hours.
        alarms.add(Alarm.Builder.create(this, "AccountAuditHighFindingsAlarm")
                .alarmDescription("The nightly account audit found a database with no deletion protection, or with no"
                        + " independent backup: read audit/latest.json in the reports bucket for the database and the"
                        + " fix (or run restore-drill audit)")
                .metric(Metric.Builder.create().namespace(METRICS_NAMESPACE).metricName("AuditDatabasesAtHigh")
                        .statistic("Maximum").period(Duration.hours(1)).build())
                .threshold(0).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
        alarms.add(Alarm.Builder.create(this, "AccountAuditSilentAlarm")
                .alarmDescription("No account audit for " + SILENCE_HOURS + " hours: the nightly audit function did"
                        + " not run or failed (its log group says why)")
                .metric(Metric.Builder.create().namespace(METRICS_NAMESPACE).metricName("AuditDatabases")
                        .statistic("SampleCount").period(Duration.hours(1)).build())
                .threshold(1).comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                .evaluationPeriods(SILENCE_HOURS).datapointsToAlarm(SILENCE_HOURS)
                .treatMissingData(TreatMissingData.BREACHING)
                .build());
        alarms.forEach(alarm -> alarm.addAlarmAction(notify));
    }

    private Dashboard dashboard(DrillFleet fleet, StateMachine stateMachine) {
        List<IMetric> restoreSeconds = new ArrayList<>();
        List<IMetric> backupAge = new ArrayList<>();
        List<IMetric> succeeded = new ArrayList<>();
        for (DrillFleet.Drill drill : fleet.drills()) {
            restoreSeconds.add(labelled(drillMetric("RestoreSeconds", drill.name(), "Maximum", Duration.days(1)), drill.name()));
            backupAge.add(labelled(drillMetric("BackupAgeHours", drill.name(), "Maximum", Duration.days(1)), drill.name()));
            succeeded.add(labelled(drillMetric("DrillSucceeded", drill.name(), "Maximum", Duration.days(1)), drill.name()));
        }
        MetricOptions daily = MetricOptions.builder().period(Duration.days(1)).statistic("Sum").build();
        List<IWidget> row = List.of(
                GraphWidget.Builder.create().title("Restore time (s)").left(restoreSeconds).width(12).build(),
                GraphWidget.Builder.create().title("Backup age (h)").left(backupAge).width(12).build());
        List<IWidget> second = List.of(
                GraphWidget.Builder.create().title("Drill passed (1) / failed (0)").left(succeeded)
                        .leftYAxis(YAxisProps.builder().min(0).max(1).build())
                        .width(12).build(),
                GraphWidget.Builder.create().title("Executions").left(List.of(
                        stateMachine.metricSucceeded(daily), stateMachine.metricFailed(daily),
                        stateMachine.metricTimedOut(daily), stateMachine.metricAborted(daily))).width(12).build());
        return Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(Stack.of(this).getStackName() + "-drills")
                .widgets(List.of(row, second))
                .build();
    }

    /** The alarm on one of a drill's objective metrics (1 when missed), named after the metric and the drill. */
    private Alarm objectiveMissed(String metricName, String drill, String description) {
        return Alarm.Builder.create(this, metricName + "-" + drill)
                .alarmDescription(description)
                .metric(drillMetric(metricName, drill, "Maximum", Duration.hours(1)))
                .threshold(1).comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    private static Metric drillMetric(String name, String drill, String statistic, Duration period) {
        return Metric.Builder.create().namespace(METRICS_NAMESPACE).metricName(name)
                .dimensionsMap(Map.of(DRILL_DIMENSION, drill)).statistic(statistic).period(period).build();
    }

    /** On the dashboard each line is labelled with its drill (a label would turn an alarm into metric math). */
    private static IMetric labelled(Metric metric, String drill) {
        return metric.with(MetricOptions.builder().label(drill).build());
    }

    Topic topic() {
        return topic;
    }
}
