package io.restoredrill.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * CloudFormation replaces a resource whose logical ID changed: a retained bucket is orphaned with its baselines, a named
 * log group or dashboard fails to deploy, a topic subscription needs confirming again, an alarm loses its history. The
 * IDs below are those of the stack as deployed before it was split into constructs (synthesized from main at commit
 * dc712ad with this test fleet): if one changes, this test fails.
 */
class LogicalIdsTest {

    /** Resource types whose replacement loses data, configuration or a name: every one of them must be listed below. */
    private static final Set<String> STATEFUL_TYPES = Set.of("AWS::S3::Bucket", "AWS::S3::BucketPolicy",
            "AWS::Logs::LogGroup", "AWS::SNS::Topic", "AWS::SNS::Subscription", "AWS::SNS::TopicPolicy",
            "AWS::CloudWatch::Alarm", "AWS::CloudWatch::Dashboard", "AWS::StepFunctions::StateMachine",
            "AWS::RDS::DBSubnetGroup", "AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress",
            "AWS::EC2::SecurityGroupEgress", "AWS::Events::Rule");

    private static final Map<String, String> DEPLOYED = Map.ofEntries(
            entry("BackupTooOldbillingB1A64E76", "AWS::CloudWatch::Alarm"),
            entry("BackupTooOldlegacy8B27E3AF", "AWS::CloudWatch::Alarm"),
            entry("BackupTooOldordersAA8FD1B0", "AWS::CloudWatch::Alarm"),
            entry("DrillSilentbillingF7F6392C", "AWS::CloudWatch::Alarm"),
            entry("DrillSilentlegacy8804A91B", "AWS::CloudWatch::Alarm"),
            entry("DrillSilentordersFA424995", "AWS::CloudWatch::Alarm"),
            entry("ExecutionsAbortedAlarm1504A5C7", "AWS::CloudWatch::Alarm"),
            entry("ExecutionsFailedAlarmCA489332", "AWS::CloudWatch::Alarm"),
            entry("ExecutionsTimedOutAlarm75AA4D6F", "AWS::CloudWatch::Alarm"),
            entry("ReaperDeletedAlarm74C74836", "AWS::CloudWatch::Alarm"),
            // Added with the objectives (after dc712ad): pinned from their first synthesis.
            entry("RestoreTimeObjectiveMissedorders3459C647", "AWS::CloudWatch::Alarm"),
            entry("RecoveryPointObjectiveMissedorders7EFFCBEC", "AWS::CloudWatch::Alarm"),
            entry("RestoreTimeTrendbillingE476F560", "AWS::CloudWatch::Alarm"),
            entry("RestoreTimeTrendlegacyF7EA0CC3", "AWS::CloudWatch::Alarm"),
            entry("RestoreTimeTrendorders16FF9F42", "AWS::CloudWatch::Alarm"),
            entry("Dashboard9E4231ED", "AWS::CloudWatch::Dashboard"),
            entry("CleanupFunctionSecurityGroupDC1783ED", "AWS::EC2::SecurityGroup"),
            entry("ReaperFunctionSecurityGroup3DDAEF4F", "AWS::EC2::SecurityGroup"),
            // Issue 11: the night's plan and summary functions (new; pinned from their first deployment).
            entry("PlanFunctionSecurityGroup8E9F97A5", "AWS::EC2::SecurityGroup"),
            entry("SummarizeFunctionSecurityGroupFDF33B7C", "AWS::EC2::SecurityGroup"),
            entry("PlanFunctionLogsCB2CD115", "AWS::Logs::LogGroup"),
            entry("SummarizeFunctionLogs05657987", "AWS::Logs::LogGroup"),
            entry("AuditFunctionSecurityGroup4C04E840", "AWS::EC2::SecurityGroup"),
            entry("AuditFunctionLogsFBC8BCBF", "AWS::Logs::LogGroup"),
            entry("NightlyAuditSchedule05050D4E", "AWS::Events::Rule"),
            entry("MonthlyAlarmTestScheduleEBC26945", "AWS::Events::Rule"),
            entry("AccountAuditHighFindingsAlarm83F740D4", "AWS::CloudWatch::Alarm"),
            entry("AccountAuditSilentAlarm0AFF00FE", "AWS::CloudWatch::Alarm"),
            // Issue 13: AWS Backup restore testing (awsBackupRestoreTesting; new, pinned from their first deployment).
            entry("RestoreTestAdoptFunctionLogsB4F47A91", "AWS::Logs::LogGroup"),
            entry("RestoreTestAdoptFunctionSecurityGroupF1185BCC", "AWS::EC2::SecurityGroup"),
            entry("RestoreTestReportFunctionLogsEE599759", "AWS::Logs::LogGroup"),
            entry("RestoreTestReportFunctionSecurityGroupE3970AA8", "AWS::EC2::SecurityGroup"),
            entry("RestoreTestCompletedordersrestoretest32469E8A", "AWS::Events::Rule"),
            // AWS Backup restore testing of an Aurora cluster: the test fleet's second restore-test drill.
            entry("RestoreTestCompletedordersaurorarestoretestA818E344", "AWS::Events::Rule"),
            entry("RestoreTestFailedAlarm2494351B", "AWS::CloudWatch::Alarm"),
            entry("RestoreTestingStateMachineC2AF7DD2", "AWS::StepFunctions::StateMachine"),
            entry("RestoreTestingStateMachineLogsC8EDF421", "AWS::Logs::LogGroup"),
            entry("RestoreFunctionSecurityGroupD709C44F", "AWS::EC2::SecurityGroup"),
            entry("StatusFunctionSecurityGroupADA72F5E", "AWS::EC2::SecurityGroup"),
            entry("TemporaryInstanceSecurityGroup895B52E7", "AWS::EC2::SecurityGroup"),
            entry("ValidateFunctionSecurityGroup48B3804E", "AWS::EC2::SecurityGroup"),
            entry("ValidateFunctionSecurityGrouptoRestoreDrillTestTemporaryInstanceSecurityGroup85BDE9D254326B531DB5",
                    "AWS::EC2::SecurityGroupEgress"),
            entry("TemporaryInstanceSecurityGroupfromRestoreDrillTestValidateFunctionSecurityGroupF3AB75C254328D1D1D5F",
                    "AWS::EC2::SecurityGroupIngress"),
            entry("NightlyDrillScheduleF0F273AD", "AWS::Events::Rule"),
            entry("ReaperSchedule02258773", "AWS::Events::Rule"),
            entry("CleanupFunctionLogs9ED9A43C", "AWS::Logs::LogGroup"),
            entry("ReaperFunctionLogsF6C09F15", "AWS::Logs::LogGroup"),
            entry("RestoreFunctionLogs7A7CB969", "AWS::Logs::LogGroup"),
            entry("StateMachineLogs3CB16D3C", "AWS::Logs::LogGroup"),
            entry("StatusFunctionLogsA0B9EB7C", "AWS::Logs::LogGroup"),
            entry("ValidateFunctionLogs91027DA6", "AWS::Logs::LogGroup"),
            entry("TemporaryInstanceSubnetGroup", "AWS::RDS::DBSubnetGroup"),
            entry("AccessLogsBucket83982689", "AWS::S3::Bucket"),
            entry("BackupsBucketC69911ED", "AWS::S3::Bucket"),
            entry("ReportsBucket4E7C5994", "AWS::S3::Bucket"),
            entry("AccessLogsBucketPolicy7F77476F", "AWS::S3::BucketPolicy"),
            entry("BackupsBucketPolicyBD983994", "AWS::S3::BucketPolicy"),
            entry("ReportsBucketPolicy11C4A507", "AWS::S3::BucketPolicy"),
            entry("AlarmTopicdrillsexamplecomBFB73A02", "AWS::SNS::Subscription"),
            entry("AlarmTopicD01E77F9", "AWS::SNS::Topic"),
            entry("AlarmTopicPolicy309DB5F8", "AWS::SNS::TopicPolicy"),
            entry("DrillStateMachineAA8CD0AA", "AWS::StepFunctions::StateMachine"));

    @Test
    void everyDeployedStatefulResourceKeepsItsLogicalId() {
        Map<String, String> synthesized = statefulResources();
        assertThat(synthesized).containsAllEntriesOf(DEPLOYED);
    }

    @Test
    void noStatefulResourceExistsWithoutAPinnedLogicalId() {
        // A new stateful resource must be added to DEPLOYED on purpose (and pinned in its construct).
        assertThat(statefulResources()).containsOnlyKeys(DEPLOYED.keySet());
    }

    @Test
    void theIdRuleIsCdksOwnForResourcesAtStackScope() {
        assertThat(LogicalIds.uniqueId(List.of("TemporaryInstanceSubnetGroup"))).isEqualTo("TemporaryInstanceSubnetGroup");
        assertThat(LogicalIds.uniqueId(List.of("ReportsBucket", "Resource"))).isEqualTo("ReportsBucket4E7C5994");
        assertThat(LogicalIds.uniqueId(List.of("ReportsBucket", "Policy", "Resource"))).isEqualTo("ReportsBucketPolicy11C4A507");
        assertThat(LogicalIds.uniqueId(List.of("DrillSilent-orders", "Resource"))).isEqualTo("DrillSilentordersFA424995");
        assertThat(LogicalIds.uniqueId(List.of("RestoreTimeTrend-orders", "Resource"))).isEqualTo("RestoreTimeTrendorders16FF9F42");
    }

    private static Map<String, String> statefulResources() {
        JsonNode resources = new ObjectMapper().valueToTree(SynthesizedStack.get().template.toJSON()).get("Resources");
        Map<String, String> stateful = new TreeMap<>();
        resources.properties().forEach(e -> {
            String type = e.getValue().get("Type").asText();
            if (STATEFUL_TYPES.contains(type)) {
                stateful.put(e.getKey(), type);
            }
        });
        return stateful;
    }
}
