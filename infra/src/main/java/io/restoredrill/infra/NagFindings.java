package io.restoredrill.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.stepfunctions.StateMachine;

import java.util.ArrayList;
import java.util.List;

/**
 * The cdk-nag AwsSolutions findings this stack accepts, each narrowed to the exact resource pattern it is about
 * and given the reason it is accepted. Anything else nag reports is an error that fails synth and the tests.
 */
final class NagFindings {

    private static final String WILDCARD = "AwsSolutions-IAM5";

    private NagFindings() {
    }

    static void functionRuntime(Function function) {
        NagSuppressions.addResourceSuppressions(function, List.of(because("AwsSolutions-L1",
                "The lambda modules are compiled for and tested on java21 (the project's target runtime); moving to"
                        + " a newer Java runtime is a project-wide decision, not a per-function one")));
    }

    static void functionRole(IRole role, RestoreDrillStack.Handler handler) {
        List<NagPackSuppression> findings = new ArrayList<>();
        findings.add(wildcard("^Resource::\\*$",
                "Only actions without useful resource-level permissions: Lambda's VPC network-interface actions (the set"
                        + " of AWSLambdaVPCAccessExecutionRole) and read-only RDS Describe*; and for restore and status"
                        + " kms:CreateGrant/DescribeKey on the keys of snapshots that may live in a backup account (unknown"
                        + " at synth), allowed only through RDS (kms:ViaService) and, for CreateGrant, only for AWS"
                        + " resources (kms:GrantIsForAWSResource); plus an explicit Deny on public instances"));
        switch (handler) {
            case RESTORE, STATUS -> {
                findings.add(wildcard(arn(":rds:", ":db:restore-drill-\\*"),
                        "Temporary instances are named restore-drill-<drill>-<hash>; creation additionally requires"
                                + " aws:RequestTag/restore-drill:temporary=true and PubliclyAccessible=false, tagging only"
                                + " the drill's tag keys on a resource not yet tagged, and ModifyDBInstance (status) the"
                                + " temporary tag and ManageMasterUserPassword=true"));
                findings.add(wildcard(arn(":rds:", ":(subgrp|og|pg):\\*"),
                        "RDS authorizes every resource a restore names: the subnet, option and parameter groups are"
                                + " inputs the call cannot change; the created instance is restricted separately"));
                findings.add(wildcard(arn(":rds:", ":snapshot:restore-drill-\\*"),
                        "The drill's own snapshot copies (same identifier as its instance): restore copies into them"
                                + " only with the temporary tag in the request, status restores from them"));
                findings.add(wildcard(arn(":secretsmanager:", ":secret:rds!db-\\*"),
                        "RDS names the master-user secrets it manages rds!db-<uuid>; CreateSecret/TagResource only when"
                                + " a service makes the call with the role's credentials (aws:ViaAWSService), as RDS does"
                                + " for ManageMasterUserPassword"));
                findings.addAll(clusterRestoreFindings(handler));
                if (handler == RestoreDrillStack.Handler.RESTORE) {
                    findings.add(wildcard("^Resource::arn:<AWS::Partition>:rds:[^:]+:\\*:snapshot:\\*$",
                            "Snapshots to restore or copy come from this account, a backup account or AWS Backup, and"
                                    + " their names are not known in advance; restoring reads a snapshot and cannot change"
                                    + " it, a copy must carry restore-drill:temporary=true"));
                }
            }
            case RESTORE_TEST_ADOPT -> {
                findings.add(wildcard(arn(":rds:", ":db:\\*"),
                        "Describes the instance an AWS Backup restore testing job restored, which AWS Backup names: a"
                                + " read-only DescribeDBInstances and nothing that creates, changes or deletes"));
                findings.add(wildcard(arn(":rds:", ":cluster:\\*"),
                        "The Aurora cluster an AWS Backup restore testing job restored, which AWS Backup names: a"
                                + " read-only DescribeDBClusters, and CreateDBInstance joining it only for a"
                                + " restore-drill-* instance with the drill's tags, private; the production clusters"
                                + " the drills name and the drills' own clusters are denied"));
                findings.add(wildcard(arn(":rds:", ":db:restore-drill-\\*"),
                        "The drill instance added to AWS Backup's restored cluster: named restore-drill-*, created"
                                + " and tagged only with the drill's tags and explicitly private"));
            }
            case RESTORE_TEST_REPORT -> findings.add(wildcard("^Resource::\\*$",
                    "backup:PutRestoreValidationResult has no resource type and no condition key in the Service"
                            + " Authorization Reference"));
            case VALIDATE -> {
                findings.add(wildcard("^Resource::<(Buckets)?ReportsBucket[0-9A-F]+\\.Arn>/reports/\\*$",
                        "Reports are read (the baseline) and written under reports/<drill>/...: get and put only there"));
                findings.add(wildcard("^Resource::arn:<AWS::Partition>:s3:::[^/]+/.*\\*$",
                        "Reads the pg_dump files under the S3 prefix a drill spec names (its backups), nothing else"));
                findings.add(wildcard(arn(":secretsmanager:", ":secret:rds!db-\\*"),
                        "Managed secrets are named rds!db-<uuid>; reading is restricted to secrets whose"
                                + " aws:rds:primaryDBInstanceArn tag names a restore-drill-* instance"));
                findings.add(wildcard(arn(":secretsmanager:", ":secret:rds!cluster-\\*"),
                        "An Aurora cluster's managed secret is named rds!cluster-<uuid>; reading is restricted to"
                                + " secrets whose aws:rds:primaryDBClusterArn tag names a restore-drill-* cluster"));
            }
            case PLAN -> {
                findings.add(wildcard(
                        "^Resource::<(Buckets)?ReportsBucket[0-9A-F]+\\.Arn>/runs/\\*/drills\\.json$",
                        "Writes the night's items, runs/<execution>/drills.json: the execution's name is known at run"
                                + " time"));
                findings.add(wildcard(
                        "^Resource::<(Buckets)?ReportsBucket[0-9A-F]+\\.Arn>/reports/\\*/trend\\.json$",
                        "Reads each drill's trend window, reports/<drill>/trend.json, to start the longest restores"
                                + " first: one object per drill, and drills are added without redeploying this role"));
            }
            case SUMMARIZE -> {
                findings.add(wildcard(
                        "^Resource::<(Buckets)?ReportsBucket[0-9A-F]+\\.Arn>/runs/\\*/(drills\\.json|results/\\*|summary\\.json)$",
                        "Reads the night's items and the Map Run's results, writes runs/<execution>/summary.json: the"
                                + " execution's name is known at run time"));
                findings.add(wildcard("^Resource::<(Buckets)?ReportsBucket[0-9A-F]+\\.Arn>/reports/_alarm-tests/\\*$",
                        "Records alarm tests by date and execution name, known at run time, in their own folder"));
            }
            case AUDIT -> {
                findings.add(wildcard("^Resource::\\*$",
                        "The account audit lists every database and snapshot of the region (read-only Describe calls),"
                                + " and ListRecoveryPointsByResource has no resource type"));
                findings.add(wildcard("^Resource::<(Buckets)?ReportsBucket[0-9A-F]+\\.Arn>/reports/\\*/latest\\.json$",
                        "Reads each drill's newest passed report to see which database it covers: drills are added"
                                + " without redeploying this role"));
                findings.add(wildcard("^Resource::<(Buckets)?ReportsBucket[0-9A-F]+\\.Arn>/audit/\\*$",
                        "Writes the audit's dated report and audit/latest.json"));
                findings.add(wildcard(arn(":backup:", ":backup-vault:\\*"),
                        "Reads whether a vault lock protects the vaults that hold the databases' recovery points,"
                                + " which are known only at run time (read-only)"));
            }
            case CLEANUP, REAPER -> {
                findings.add(wildcard(arn(":rds:", ":db:restore-drill-\\*"),
                        "Deletion is restricted to instances named restore-drill-* that carry the tag"
                                + " restore-drill:temporary=true (aws:ResourceTag and rds:db-tag conditions)"));
                findings.add(wildcard(arn(":rds:", ":snapshot:restore-drill-\\*"),
                        "Deletion is restricted to the drill's snapshot copies: named restore-drill-* and tagged"
                                + " restore-drill:temporary=true (aws:ResourceTag and rds:snapshot-tag conditions)"));
                findings.add(wildcard(arn(":secretsmanager:", ":secret:rds!db-\\*"),
                        "Deleting an instance makes RDS delete its managed secret: allowed only through a service"
                                + " (aws:ViaAWSService) and only for secrets of restore-drill-* instances (tag condition)"));
                findings.add(wildcard(arn(":rds:", ":cluster:restore-drill-\\*"),
                        "Aurora cluster drills: deletion is restricted to clusters named restore-drill-* that carry"
                                + " restore-drill:temporary=true (aws:ResourceTag and rds:cluster-tag conditions)"));
                findings.add(wildcard(arn(":rds:", ":cluster-snapshot:restore-drill-\\*"),
                        "Aurora cluster drills: the drill's cluster snapshot copies (tag-conditioned deletion), and the"
                                + " final-snapshot resource DeleteDBCluster names, which the drill always skips"));
                findings.add(wildcard(arn(":secretsmanager:", ":secret:rds!cluster-\\*"),
                        "Deleting a cluster makes RDS delete its managed secret: only through a service and only for"
                                + " secrets of restore-drill-* clusters (tag condition)"));
            }
        }
        NagSuppressions.addResourceSuppressions(role, findings, true);
    }

    /** Restore and status, Aurora cluster drills (issue 13). */
    private static List<NagPackSuppression> clusterRestoreFindings(RestoreDrillStack.Handler handler) {
        List<NagPackSuppression> findings = new ArrayList<>();
        findings.add(wildcard(arn(":rds:", ":cluster:restore-drill-\\*"),
                "Aurora cluster drills' temporary clusters are named restore-drill-<drill>-<hash>; restoring one"
                        + " requires aws:RequestTag/restore-drill:temporary=true and only the drill's tag keys, tagging"
                        + " only a cluster not yet tagged, ModifyDBCluster (status) the temporary tag and"
                        + " ManageMasterUserPassword=true, and an instance is added (status) only with the drill's tags"
                        + " and PubliclyAccessible=false"));
        findings.add(wildcard(arn(":rds:", ":cluster-pg:\\*"),
                "RDS authorizes the DB cluster parameter group a cluster restore uses (the default one): an input the"
                        + " call cannot change"));
        findings.add(wildcard(arn(":rds:", ":cluster-snapshot:restore-drill-\\*"),
                "The drill's own cluster snapshot copies: restore copies into them only with the temporary tag in the"
                        + " request, status restores from them"));
        if (handler == RestoreDrillStack.Handler.STATUS) {
            findings.add(wildcard(arn(":secretsmanager:", ":secret:rds!cluster-\\*"),
                    "RDS names the master-user secret it manages for a cluster rds!cluster-<uuid>; CreateSecret and"
                            + " TagResource only when a service makes the call (aws:ViaAWSService), as RDS does for"
                            + " ModifyDBCluster's ManageMasterUserPassword"));
        } else {
            findings.add(wildcard("^Resource::arn:<AWS::Partition>:rds:[^:]+:\\*:cluster-snapshot:\\*$",
                    "Cluster snapshots to restore or copy come from this account, a backup account or AWS Backup, and"
                            + " their names are not known in advance; restoring reads a cluster snapshot and cannot change"
                            + " it, a copy must carry restore-drill:temporary=true"));
        }
        return findings;
    }

    static void stateMachine(StateMachine stateMachine, Policy distributedMap) {
        NagSuppressions.addResourceSuppressions(stateMachine, List.of(
                wildcard("^Resource::\\*$",
                        "X-Ray tracing and CloudWatch Logs delivery (execution logging) have no resource-level"
                                + " permissions; CDK grants exactly the actions the service documents"),
                wildcard("^Resource::<(Functions)?(Restore|Status|Validate|Cleanup|Plan|Summarize)Function[0-9A-F]+"
                                + "\\.Arn>:\\*$",
                        "Invoking the workflow's own six functions, including their versions and aliases")), true);
        NagSuppressions.addResourceSuppressions(distributedMap, List.of(
                wildcard("^Resource::arn:<AWS::Partition>:states:[^:]+:[0-9]+:execution:<(Workflow)?DrillStateMachine"
                                + "[0-9A-F]+\\.Name>/\\*$",
                        "The Distributed Map's child executions (execution:<state machine>/<map run>:<child>), which it"
                                + " describes and stops: the resource the Developer Guide's IAM policies for Distributed Map"
                                + " give, names unknown until run time"),
                wildcard("^Resource::<(Buckets)?ReportsBucket[0-9A-F]+\\.Arn>/runs/\\*/(drills\\.json|results/\\*)$",
                        "The night's items (runs/<execution>/drills.json, read by the ItemReader) and the Map Run's"
                                + " results (runs/<execution>/results/..., written by the ResultWriter): execution names"
                                + " are known at run time only")), true);
    }

    static void restoreTestingStateMachine(StateMachine stateMachine) {
        NagSuppressions.addResourceSuppressions(stateMachine, List.of(
                wildcard("^Resource::\\*$",
                        "X-Ray tracing and CloudWatch Logs delivery (execution logging) have no resource-level"
                                + " permissions; CDK grants exactly the actions the service documents"),
                wildcard("^Resource::<(Functions)?(RestoreTestAdopt|Status|Validate|RestoreTestReport|Cleanup)"
                                + "Function[0-9A-F]+\\.Arn>:\\*$",
                        "Invoking the restore-testing workflow's own functions and the drill workflow's status,"
                                + " validate and cleanup (an Aurora cluster's drill instance), including their versions"
                                + " and aliases")), true);
    }

    static void accessLogsBucket(Bucket bucket) {
        NagSuppressions.addResourceSuppressions(bucket, List.of(because("AwsSolutions-S1",
                "This bucket is the server access log destination of the other buckets; logging it into itself"
                        + " would loop")));
    }

    private static String arn(String service, String resource) {
        return "^Resource::arn:<AWS::Partition>" + service + "[^:]+:[0-9]+" + resource + "$";
    }

    private static NagPackSuppression wildcard(String findingRegex, String reason) {
        // cdk-nag matches appliesTo regexes in JavaScript: /^...$/ anchored, no Java-only syntax.
        String regex = findingRegex;
        return NagPackSuppression.builder().id(WILDCARD).reason(reason)
                .appliesTo(List.of(RegexAppliesTo.builder().regex("/" + regex + "/").build())).build();
    }

    static NagPackSuppression because(String id, String reason) {
        return NagPackSuppression.builder().id(id).reason(reason).build();
    }
}
