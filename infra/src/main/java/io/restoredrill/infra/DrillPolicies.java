package io.restoredrill.infra;

import io.restoredrill.core.domain.AlarmTest;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.TemporaryInstanceName;
import io.restoredrill.core.history.ReportLayout;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.IBucket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IAM statements of each function, grouped by the function they serve: exactly the calls its code makes (see
 * core's {@code function-calls.json}) and the calls AWS services make with its credentials on its behalf.
 *
 * <p>The rules they enforce, whatever the code does (Aurora clusters and cluster snapshots included, in their own
 * statements): only an RDS instance, cluster or snapshot named {@code restore-drill-*}
 * and tagged {@code restore-drill:temporary=true} can ever be deleted; an instance or snapshot copy can only be created
 * with that tag; nothing is ever created publicly accessible; the only modification of an instance is turning on the
 * RDS-managed master password of a tagged drill instance.
 *
 * <p>Pages every statement rests on (resource types and condition keys per action):
 * <ul>
 *   <li>{@value #SAR_RDS}</li>
 *   <li>{@value #SAR_KMS}</li>
 *   <li>{@value #SAR_SECRETS_MANAGER}</li>
 *   <li>{@value #SAR_S3}</li>
 * </ul>
 *
 * <p>What IAM cannot express, and the code guards instead (the README says so too): ModifyDBInstance has one condition
 * key, {@code rds:ManageMasterUserPassword}, so IAM cannot stop the same call from also changing public accessibility,
 * security groups or the instance class; CopyDBSnapshot names its source and its target as the same resource type, so
 * IAM cannot require the target to be named {@code restore-drill-*} while sources may be any snapshot; tag-on-create
 * ({@code rds:AddTagsToResource}) cannot be told apart from a later tagging call, so an existing instance named
 * {@code restore-drill-*} that carries no {@code restore-drill:temporary} tag could be given one.
 */
final class DrillPolicies {

    static final String SAR_RDS = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html";
    static final String SAR_KMS =
            "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html";
    static final String SAR_SECRETS_MANAGER =
            "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html";
    static final String SAR_S3 = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html";

    /** Every temporary instance's identifier starts with the prefix the deletion guard checks; so do its copies. */
    static final String INSTANCE_PATTERN = TemporaryInstanceName.PREFIX + "*";
    static final String TEMPORARY_TAG = DrillTags.TEMPORARY;
    /** The only tag keys a drill puts on what it creates. */
    static final List<String> DRILL_TAG_KEYS = List.of(DrillTags.TEMPORARY, DrillTags.DRILL, DrillTags.EXECUTION,
            DrillTags.EXPIRES_AT);

    private final String partition;
    private final String region;
    private final String account;

    DrillPolicies(Stack stack) {
        this.partition = stack.getPartition();
        this.region = stack.getRegion();
        this.account = stack.getAccount();
    }

    String rdsArn(String resourceType, String name) {
        return "arn:" + partition + ":rds:" + region + ":" + account + ":" + resourceType + ":" + name;
    }

    String temporaryInstances() {
        return rdsArn("db", INSTANCE_PATTERN);
    }

    String temporarySnapshotCopies() {
        return rdsArn("snapshot", INSTANCE_PATTERN);
    }

    /** Snapshots of this and of any other account (a backup account sharing them), in this region. */
    private String snapshotsOfAnyAccount() {
        return "arn:" + partition + ":rds:" + region + ":*:snapshot:*";
    }

    private String managedSecrets() {
        // RDS names the master-user secret it manages "rds!db-<uuid>"; the name says nothing about the instance.
        return "arn:" + partition + ":secretsmanager:" + region + ":" + account + ":secret:rds!db-*";
    }

    // ---------------------------------------------------------------------------------------------------- restore

    /**
     * Restore: finds the newest snapshot, restores it (or creates a blank instance for S3 dumps, with an RDS-managed
     * password), and copies a shared encrypted snapshot into this account first (item 8).
     */
    List<PolicyStatement> restore() {
        List<PolicyStatement> statements = new ArrayList<>();
        statements.add(describe("rds:DescribeDBInstances", "rds:DescribeDBSnapshots"));
        statements.add(createTaggedPrivateInstances(List.of("rds:RestoreDBInstanceFromDBSnapshot", "rds:CreateDBInstance")));
        // Every resource a call names must be allowed too (SAR: RestoreDBInstanceFromDBSnapshot requires db, og, pg and
        // subgrp, snapshot is optional; CreateDBInstance requires db, og/pg/subgrp optional). These are inputs the call
        // cannot change: the snapshot (of this account or a backup account) and the groups.
        statements.add(PolicyStatement.Builder.create().sid("RestoreInputs").effect(Effect.ALLOW)
                .actions(List.of("rds:RestoreDBInstanceFromDBSnapshot", "rds:CreateDBInstance"))
                .resources(List.of(snapshotsOfAnyAccount(), rdsArn("subgrp", "*"), rdsArn("og", "*"), rdsArn("pg", "*")))
                .build());
        // CopyDBSnapshot (SAR: resource snapshot, required; keys aws:RequestTag, aws:TagKeys, rds:CopyOptionGroup). RDS
        // authorizes the source and the target snapshot against the same statement and no key tells them apart, so the
        // resource is any snapshot; what IAM can require is the request's tags: every copy this role makes carries
        // restore-drill:temporary=true and only the drill's tag keys.
        statements.add(PolicyStatement.Builder.create().sid("CopySnapshotsOnlyAsTaggedDrillCopies").effect(Effect.ALLOW)
                .actions(List.of("rds:CopyDBSnapshot"))
                .resources(List.of(temporarySnapshotCopies(), snapshotsOfAnyAccount()))
                .conditions(requestTags())
                .build());
        statements.add(tagOnCreate(List.of(temporaryInstances(), temporarySnapshotCopies())));
        statements.add(neverPubliclyAccessible());
        statements.addAll(useSnapshotKeysThroughRds());
        // CreateDBInstance with ManageMasterUserPassword=true.
        statements.add(letRdsCreateTheManagedSecret());
        statements.addAll(restoreClusters());
        return statements;
    }

    // ----------------------------------------------------------------------------------------------------- status

    /**
     * Status: polls the instance, restores from the drill's own copy once it is available, and turns on the managed
     * master password of the restored instance (RestoreDBInstanceFromDBSnapshot accepts ManageMasterUserPassword only
     * for RDS for Oracle, so the password is managed by a ModifyDBInstance once the instance is available).
     */
    List<PolicyStatement> status() {
        List<PolicyStatement> statements = new ArrayList<>();
        statements.add(describe("rds:DescribeDBInstances", "rds:DescribeDBSnapshots"));
        statements.add(createTaggedPrivateInstances(List.of("rds:RestoreDBInstanceFromDBSnapshot")));
        // Status restores only from the drill's own copies (restore-drill-*, this account), never from another snapshot.
        statements.add(PolicyStatement.Builder.create().sid("RestoreInputs").effect(Effect.ALLOW)
                .actions(List.of("rds:RestoreDBInstanceFromDBSnapshot"))
                .resources(List.of(temporarySnapshotCopies(), rdsArn("subgrp", "*"), rdsArn("og", "*"), rdsArn("pg", "*")))
                .build());
        statements.add(tagOnCreate(List.of(temporaryInstances())));
        // SAR: ModifyDBInstance requires db; its only condition key is rds:ManageMasterUserPassword (Bool). So: only a
        // drill instance (name and temporary tag, as aws:ResourceTag and rds:db-tag), and only a request that turns
        // password management on. IAM cannot restrict the call's other parameters: the code sends only
        // DBInstanceIdentifier, ManageMasterUserPassword and ApplyImmediately (asserted on the wire in core).
        statements.add(PolicyStatement.Builder.create().sid("ModifyOnlyToManageTheMasterPasswordOfDrillInstances")
                .effect(Effect.ALLOW)
                .actions(List.of("rds:ModifyDBInstance"))
                .resources(List.of(temporaryInstances()))
                .conditions(Map.of(
                        "StringEquals", Map.of(
                                "aws:ResourceTag/" + TEMPORARY_TAG, "true",
                                "rds:db-tag/" + TEMPORARY_TAG, "true"),
                        "Bool", Map.of("rds:ManageMasterUserPassword", "true")))
                .build());
        statements.add(neverPubliclyAccessible());
        statements.addAll(useSnapshotKeysThroughRds());
        // ModifyDBInstance with ManageMasterUserPassword=true.
        statements.add(letRdsCreateTheManagedSecret());
        statements.addAll(statusClusters());
        return statements;
    }

    // --------------------------------------------------------------------------------------------------- validate

    /**
     * Validate: reads the drill instance's secret, reads the drill's baseline report, writes the report, and for
     * drills whose backups are pg_dump files in S3 lists and reads them. It never calls RDS.
     */
    List<PolicyStatement> validate(IBucket reports, String reportsPrefix, List<DrillSpec.S3Dumps> dumps) {
        List<PolicyStatement> statements = new ArrayList<>();
        statements.add(readTemporaryInstanceSecrets());
        statements.add(readTemporaryClusterSecrets());
        // Validate learns whether a baseline exists by listing exactly its key (ListObjectsV2, Prefix =
        // reports/<drill>/latest.json), then reads it. Listing rather than reading a missing key: GetObject answers
        // 403, not 404, unless the caller may s3:ListBucket the bucket
        // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html, "Permissions"), and AWS does not say
        // whether that implicit check carries s3:prefix. SAR: ListBucket acts on the bucket, condition key s3:prefix.
        statements.add(PolicyStatement.Builder.create().sid("ListReportsSoAMissingBaselineIsNotFound").effect(Effect.ALLOW)
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(reports.getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(reportsPrefix + "*"))))
                .build());
        statements.add(PolicyStatement.Builder.create().sid("ReadBaselineReports").effect(Effect.ALLOW)
                .actions(List.of("s3:GetObject"))
                .resources(List.of(reports.arnForObjects(reportsPrefix + "*")))
                .build());
        statements.add(PolicyStatement.Builder.create().sid("WriteReports").effect(Effect.ALLOW)
                .actions(List.of("s3:PutObject"))
                .resources(List.of(reports.arnForObjects(reportsPrefix + "*")))
                .build());
        dumps.forEach(d -> statements.addAll(readS3Dumps(d)));
        return statements;
    }

    // ------------------------------------------------------------------------------------------ plan, summarize

    /** The night's documents live under runs/&lt;execution name&gt;/ of the reports bucket. */
    static final String RUNS_PREFIX = "runs/";

    /**
     * Plan: reads the deployed drill list (exactly the Asset's object), writes the night's items
     * (runs/&lt;execution&gt;/drills.json) and reads the account's RDS quotas. SAR: GetObject and PutObject act on
     * object; DescribeAccountAttributes has no resource type ("*").
     */
    List<PolicyStatement> plan(IBucket reports, DrillList drillList) {
        return List.of(
                PolicyStatement.Builder.create().sid("ReadTheDeployedDrillList").effect(Effect.ALLOW)
                        .actions(List.of("s3:GetObject"))
                        .resources(List.of(drillList.objectArn(partition)))
                        .build(),
                PolicyStatement.Builder.create().sid("WriteTheNightsItems").effect(Effect.ALLOW)
                        .actions(List.of("s3:PutObject"))
                        .resources(List.of(reports.arnForObjects(RUNS_PREFIX + "*/drills.json")))
                        .build(),
                PolicyStatement.Builder.create().sid("ReadRdsQuotas").effect(Effect.ALLOW)
                        .actions(List.of("rds:DescribeAccountAttributes"))
                        .resources(List.of("*"))
                        .build(),
                // The plan starts the longest expected restores first: it reads each drill's trend window, learning
                // whether there is one by listing exactly its key (as validate does: see validate()).
                PolicyStatement.Builder.create().sid("ListTheDrillsTrends").effect(Effect.ALLOW)
                        .actions(List.of("s3:ListBucket"))
                        .resources(List.of(reports.getBucketArn()))
                        .conditions(Map.of("StringLike", Map.of("s3:prefix",
                                List.of(RestoreDrillStack.REPORTS_PREFIX + "*/" + ReportLayout.TREND))))
                        .build(),
                PolicyStatement.Builder.create().sid("ReadTheDrillsTrends").effect(Effect.ALLOW)
                        .actions(List.of("s3:GetObject"))
                        .resources(List.of(reports.arnForObjects(RestoreDrillStack.REPORTS_PREFIX + "*/"
                                + ReportLayout.TREND)))
                        .build());
    }

    /**
     * Summarize: reads the night's items and the Map Run's results (ResultWriter's manifest and result files under
     * runs/&lt;execution&gt;/results/), writes runs/&lt;execution&gt;/summary.json.
     */
    List<PolicyStatement> summarize(IBucket reports) {
        return List.of(
                PolicyStatement.Builder.create().sid("ReadTheNightsItemsAndResults").effect(Effect.ALLOW)
                        .actions(List.of("s3:GetObject"))
                        .resources(List.of(reports.arnForObjects(RUNS_PREFIX + "*/drills.json"),
                                reports.arnForObjects(RUNS_PREFIX + "*/results/*")))
                        .build(),
                PolicyStatement.Builder.create().sid("WriteTheNightsSummary").effect(Effect.ALLOW)
                        .actions(List.of("s3:PutObject"))
                        .resources(List.of(reports.arnForObjects(RUNS_PREFIX + "*/summary.json")))
                        .build(),
                // A night that was an alarm test is recorded where the history reads it, in its own folder beside
                // the drills' (no drill's name can hold "_"): never a drill's report.
                PolicyStatement.Builder.create().sid("RecordAlarmTests").effect(Effect.ALLOW)
                        .actions(List.of("s3:PutObject"))
                        .resources(List.of(reports.arnForObjects(RestoreDrillStack.REPORTS_PREFIX
                                + AlarmTest.FOLDER + "/*")))
                        .build());
    }

    // ---------------------------------------------------------------------------------------------------- audit

    /** The nightly audit's reports live under audit/ of the reports bucket, beside the drills' reports/. */
    static final String AUDIT_PREFIX = "audit/";

    /**
     * The nightly account audit: reads (never changes) every database and snapshot of the region, the drills' newest
     * passed reports, AWS Backup's vaults, and writes its report under audit/. SAR (RDS): the four Describe calls
     * list the whole account, resource "*"; SAR (AWS Backup): ListRecoveryPointsByResource has no resource type,
     * DescribeBackupVault acts on backupVault; SAR (STS): AssumeRole acts on the role. The roles it may assume are
     * exactly the deployment's auditBackupAccountRoles; what they may do is the backup account's policy.
     */
    List<PolicyStatement> audit(IBucket reports, List<String> backupAccountRoles) {
        List<PolicyStatement> statements = new ArrayList<>();
        statements.add(PolicyStatement.Builder.create().sid("ReadTheAccountsDatabasesAndSnapshots").effect(Effect.ALLOW)
                .actions(List.of("rds:DescribeDBInstances", "rds:DescribeDBClusters", "rds:DescribeDBSnapshots",
                        "rds:DescribeDBClusterSnapshots"))
                .resources(List.of("*")).build());
        // S3DrillCoverage lists the drill folders (Prefix = reports/, Delimiter = /) and reads each latest.json.
        statements.add(PolicyStatement.Builder.create().sid("ListTheDrillsFolders").effect(Effect.ALLOW)
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(reports.getBucketArn()))
                .conditions(Map.of("StringEquals", Map.of("s3:prefix", List.of(RestoreDrillStack.REPORTS_PREFIX)))).build());
        statements.add(PolicyStatement.Builder.create().sid("ReadTheDrillsNewestPassedReports").effect(Effect.ALLOW)
                .actions(List.of("s3:GetObject"))
                .resources(List.of(reports.arnForObjects(RestoreDrillStack.REPORTS_PREFIX + "*/" + ReportLayout.LATEST)))
                .build());
        statements.add(PolicyStatement.Builder.create().sid("WriteTheAuditReport").effect(Effect.ALLOW)
                .actions(List.of("s3:PutObject"))
                .resources(List.of(reports.arnForObjects(AUDIT_PREFIX + "*"))).build());
        statements.add(PolicyStatement.Builder.create().sid("ListRecoveryPointsOfTheDatabases").effect(Effect.ALLOW)
                .actions(List.of("backup:ListRecoveryPointsByResource")).resources(List.of("*")).build());
        statements.add(PolicyStatement.Builder.create().sid("ReadTheVaultsLocks").effect(Effect.ALLOW)
                .actions(List.of("backup:DescribeBackupVault"))
                .resources(List.of("arn:" + partition + ":backup:" + region + ":" + account + ":backup-vault:*")).build());
        if (!backupAccountRoles.isEmpty()) {
            statements.add(PolicyStatement.Builder.create().sid("ReadCopiesInTheBackupAccounts").effect(Effect.ALLOW)
                    .actions(List.of("sts:AssumeRole")).resources(List.copyOf(backupAccountRoles)).build());
        }
        return statements;
    }

    // ------------------------------------------------------------------------------------------ state machine

    /** Developer Guide, "IAM policies for using Distributed Map states". */
    static final String DISTRIBUTED_MAP_IAM =
            "https://docs.aws.amazon.com/step-functions/latest/dg/iam-policies-eg-dist-map.html";

    /**
     * What the state machine's role needs for its Distributed Map, per {@value #DISTRIBUTED_MAP_IAM}: to start its
     * child executions (states:StartExecution on the state machine itself), to describe and stop them
     * (states:DescribeExecution, states:StopExecution on its executions, whose ARNs are
     * execution:&lt;state machine name&gt;/&lt;map run&gt;:&lt;child&gt;), to read the items (the ItemReader's s3:GetObject on
     * runs/&lt;execution&gt;/drills.json) and to write the results (the ResultWriter's s3:PutObject, s3:GetObject,
     * s3:ListMultipartUploadParts and s3:AbortMultipartUpload under runs/&lt;execution&gt;/results/). Scoped to the
     * prefixes the plan's paths resolve to at run time, as the page asks.
     */
    List<PolicyStatement> distributedMap(String stateMachineArn, String stateMachineName, IBucket reports) {
        return List.of(
                PolicyStatement.Builder.create().sid("StartTheDrillsChildExecutions").effect(Effect.ALLOW)
                        .actions(List.of("states:StartExecution"))
                        .resources(List.of(stateMachineArn))
                        .build(),
                PolicyStatement.Builder.create().sid("DescribeAndStopTheDrillsChildExecutions").effect(Effect.ALLOW)
                        .actions(List.of("states:DescribeExecution", "states:StopExecution"))
                        .resources(List.of("arn:" + partition + ":states:" + region + ":" + account + ":execution:"
                                + stateMachineName + "/*"))
                        .build(),
                PolicyStatement.Builder.create().sid("ReadTheNightsItems").effect(Effect.ALLOW)
                        .actions(List.of("s3:GetObject"))
                        .resources(List.of(reports.arnForObjects(RUNS_PREFIX + "*/drills.json")))
                        .build(),
                PolicyStatement.Builder.create().sid("WriteTheMapRunsResults").effect(Effect.ALLOW)
                        .actions(List.of("s3:PutObject", "s3:GetObject", "s3:ListMultipartUploadParts",
                                "s3:AbortMultipartUpload"))
                        .resources(List.of(reports.arnForObjects(RUNS_PREFIX + "*/results/*")))
                        .build());
    }

    /**
     * Read only the secrets RDS manages for drill instances: RDS tags each managed secret with
     * aws:rds:primaryDBInstanceArn, the ARN of its instance, and drill instances are all named restore-drill-*.
     * SAR: GetSecretValue acts on Secret and supports aws:ResourceTag/${TagKey}.
     */
    PolicyStatement readTemporaryInstanceSecrets() {
        return PolicyStatement.Builder.create().sid("ReadOnlyTemporaryInstanceSecrets").effect(Effect.ALLOW)
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(managedSecrets()))
                .conditions(Map.of("StringLike", Map.of("aws:ResourceTag/aws:rds:primaryDBInstanceArn", temporaryInstances())))
                .build();
    }

    /**
     * Read exactly the login secrets the deployed drill specs name (login.secretArn: a read-only role's username and
     * password, validate's login instead of the instance's managed secret). SAR: GetSecretValue acts on Secret.
     */
    PolicyStatement readLoginSecrets(List<String> secretArns) {
        return PolicyStatement.Builder.create().sid("ReadTheDrillsLoginSecrets").effect(Effect.ALLOW)
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.copyOf(secretArns))
                .build();
    }

    // ------------------------------------------------------------------------------- AWS Backup restore testing

    /**
     * The adopt function describes the instance a restore testing job restored, and nothing else: no create,
     * modify or delete (AWS Backup deletes it). AWS Backup names that instance itself, so the describe names any db
     * of this account and region (DescribeDBInstances is read-only; SAR: it acts on db).
     *
     * <p>For an Aurora cluster, which AWS Backup restores without any instance, adopt describes the cluster
     * (DescribeDBClusters, read-only, on cluster) and adds the drill's one instance to it: CreateDBInstance (SAR: db
     * required, cluster optional; aws:RequestTag, aws:TagKeys, rds:PubliclyAccessible) only of a restore-drill-* db
     * carrying the drill's tags, explicitly private, and the tags on create (AddTagsToResource). AWS Backup names the
     * restored cluster itself, so the cluster it joins is any cluster of the account, except, by an explicit deny, the
     * production clusters the deployed drills name and the drills' own clusters: IAM cannot tell AWS Backup's restored
     * cluster from another by anything else (the code's guard does: the cluster must be the job's createdResourceArn,
     * not its sourceResourceArn). Nothing here modifies or deletes a cluster or an instance.
     *
     * @param productionClusters the production Aurora clusters the deployed drills name (restore tests and cluster
     *                           drills)
     */
    List<PolicyStatement> restoreTestAdopt(List<String> productionClusters) {
        List<PolicyStatement> statements = new ArrayList<>();
        statements.add(PolicyStatement.Builder.create().sid("DescribeTheRestoredInstance").effect(Effect.ALLOW)
                .actions(List.of("rds:DescribeDBInstances"))
                .resources(List.of(rdsArn("db", "*")))
                .build());
        statements.add(PolicyStatement.Builder.create().sid("DescribeTheRestoredCluster").effect(Effect.ALLOW)
                .actions(List.of("rds:DescribeDBClusters"))
                .resources(List.of(rdsArn("cluster", "*")))
                .build());
        statements.add(createTaggedPrivateInstancesIn("CreateOnlyTaggedPrivateDrillInstances",
                List.of(temporaryInstances())));
        statements.add(createTaggedPrivateInstancesIn("AddDrillInstancesToTheRestoredCluster",
                List.of(rdsArn("cluster", "*"))));
        statements.add(tagOnCreate("TagOnlyNewDrillInstancesOnCreate", List.of(temporaryInstances())));
        List<String> neverJoined = new ArrayList<>(List.of(temporaryClusters()));
        productionClusters.stream().distinct().sorted().forEach(c -> neverJoined.add(rdsArn("cluster", c)));
        statements.add(PolicyStatement.Builder.create().sid("NeverAddInstancesToProductionOrDrillClusters")
                .effect(Effect.DENY)
                .actions(List.of("rds:CreateDBInstance"))
                .resources(neverJoined)
                .build());
        statements.add(neverPubliclyAccessible());
        return statements;
    }

    /**
     * The report function tells AWS Backup the verdict. SAR: backup:PutRestoreValidationResult has no resource type
     * and no condition key, so "*" is as narrow as IAM allows.
     */
    List<PolicyStatement> restoreTestReport() {
        return List.of(PolicyStatement.Builder.create().sid("ReportRestoreValidations").effect(Effect.ALLOW)
                .actions(List.of("backup:PutRestoreValidationResult"))
                .resources(List.of("*"))
                .build());
    }

    /** Validate lists and reads the pg_dump files under the S3 prefix a drill's spec names, nothing else. */
    List<PolicyStatement> readS3Dumps(DrillSpec.S3Dumps dumps) {
        return List.of(
                PolicyStatement.Builder.create()
                        .actions(List.of("s3:ListBucket"))
                        .resources(List.of("arn:" + partition + ":s3:::" + dumps.bucket()))
                        .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(dumps.prefix() + "*"))))
                        .build(),
                PolicyStatement.Builder.create()
                        .actions(List.of("s3:GetObject"))
                        .resources(List.of("arn:" + partition + ":s3:::" + dumps.bucket() + "/" + dumps.prefix() + "*"))
                        .build());
    }

    // -------------------------------------------------------------------------------------------- cleanup, reaper

    /** Cleanup and the reaper: delete the drill's temporary instance and its snapshot copy, nothing else. */
    List<PolicyStatement> cleanup() {
        List<PolicyStatement> statements = new ArrayList<>(List.of(
                describe("rds:DescribeDBInstances", "rds:DescribeDBSnapshots"),
                // SAR: DeleteDBInstance requires db, whose condition keys include aws:ResourceTag/${TagKey} and
                // rds:db-tag/${TagKey}. Both are required, in one StringEquals (a logical AND): if RDS ever stopped
                // populating either key, deletion would be denied (fail closed), never allowed.
                PolicyStatement.Builder.create().sid("DeleteOnlyTaggedTemporaryInstances").effect(Effect.ALLOW)
                        .actions(List.of("rds:DeleteDBInstance"))
                        .resources(List.of(temporaryInstances()))
                        .conditions(Map.of("StringEquals", Map.of(
                                "aws:ResourceTag/" + TEMPORARY_TAG, "true",
                                "rds:db-tag/" + TEMPORARY_TAG, "true")))
                        .build(),
                // SAR: DeleteDBSnapshot requires snapshot, whose condition keys are aws:ResourceTag/${TagKey} and
                // rds:snapshot-tag/${TagKey}; the action has none of its own. Only the drill's own copies: named
                // restore-drill-* in this account and tagged temporary. No other statement anywhere deletes snapshots.
                PolicyStatement.Builder.create().sid("DeleteOnlyTaggedDrillSnapshotCopies").effect(Effect.ALLOW)
                        .actions(List.of("rds:DeleteDBSnapshot"))
                        .resources(List.of(temporarySnapshotCopies()))
                        .conditions(Map.of("StringEquals", Map.of(
                                "aws:ResourceTag/" + TEMPORARY_TAG, "true",
                                "rds:snapshot-tag/" + TEMPORARY_TAG, "true")))
                        .build(),
                // Deleting an instance whose password RDS manages makes RDS delete that secret with the caller's
                // permissions: only through an AWS service (see letRdsCreateTheManagedSecret for why not
                // aws:CalledVia) and only the secret of a restore-drill-* instance (SAR: DeleteSecret and
                // DescribeSecret act on Secret and support aws:ResourceTag/${TagKey}).
                PolicyStatement.Builder.create().sid("LetRdsDeleteTheTemporaryInstanceSecret").effect(Effect.ALLOW)
                        .actions(List.of("secretsmanager:DeleteSecret", "secretsmanager:DescribeSecret"))
                        .resources(List.of(managedSecrets()))
                        .conditions(Map.of(
                                "Bool", Map.of("aws:ViaAWSService", "true"),
                                "StringLike", Map.of("aws:ResourceTag/aws:rds:primaryDBInstanceArn", temporaryInstances())))
                        .build()));
        statements.addAll(cleanupClusters());
        return statements;
    }

    // ------------------------------------------------------------------------------------------- Aurora clusters

    /** Every Aurora cluster drill's temporary cluster is named like a temporary instance. */
    String temporaryClusters() {
        return rdsArn("cluster", INSTANCE_PATTERN);
    }

    /** The drills' temporary copies of shared cluster snapshots; also the name a final snapshot would have. */
    String temporaryClusterSnapshotCopies() {
        return rdsArn("cluster-snapshot", INSTANCE_PATTERN);
    }

    private String clusterSnapshotsOfAnyAccount() {
        return "arn:" + partition + ":rds:" + region + ":*:cluster-snapshot:*";
    }

    private String managedClusterSecrets() {
        // RDS names the master-user secret it manages for a cluster "rds!cluster-<uuid>".
        return "arn:" + partition + ":secretsmanager:" + region + ":" + account + ":secret:rds!cluster-*";
    }

    /**
     * Restore, Aurora cluster drills: reads the production cluster and its cluster snapshots, restores one into a
     * cluster named restore-drill-* whose request carries the drill's tags, copies a shared encrypted one first.
     * SAR: RestoreDBClusterFromSnapshot requires cluster, cluster-pg, og and subgrp (cluster-snapshot optional) and takes
     * aws:RequestTag, aws:TagKeys, rds:DatabaseClass, rds:Piops, rds:StorageSize, rds:req-tag; it has no
     * rds:PubliclyAccessible key, so the code sends PubliclyAccessible=false (asserted on the wire in core) and the
     * cluster's one instance, created by status, is where IAM requires it. CopyDBClusterSnapshot acts on
     * cluster-snapshot (source and target alike, as CopyDBSnapshot) with the tag keys.
     */
    private List<PolicyStatement> restoreClusters() {
        return List.of(
                PolicyStatement.Builder.create().sid("ReadOnlyRdsClusterMetadata").effect(Effect.ALLOW)
                        .actions(List.of("rds:DescribeDBClusters", "rds:DescribeDBClusterSnapshots"))
                        .resources(List.of("*")).build(),
                restoreTaggedTemporaryClusters(),
                PolicyStatement.Builder.create().sid("RestoreClusterInputs").effect(Effect.ALLOW)
                        .actions(List.of("rds:RestoreDBClusterFromSnapshot"))
                        .resources(List.of(clusterSnapshotsOfAnyAccount(), rdsArn("subgrp", "*"),
                                rdsArn("cluster-pg", "*"), rdsArn("og", "*")))
                        .build(),
                PolicyStatement.Builder.create().sid("CopyClusterSnapshotsOnlyAsTaggedDrillCopies").effect(Effect.ALLOW)
                        .actions(List.of("rds:CopyDBClusterSnapshot"))
                        .resources(List.of(temporaryClusterSnapshotCopies(), clusterSnapshotsOfAnyAccount()))
                        .conditions(requestTags())
                        .build(),
                tagOnCreate("TagOnlyNewDrillClustersOnCreate",
                        List.of(temporaryClusters(), temporaryClusterSnapshotCopies())));
    }

    /**
     * Status, Aurora cluster drills: polls the cluster, restores it from the drill's own copy, turns on the cluster's
     * managed master password (ModifyDBCluster; SAR: requires cluster, its only fitting key is
     * rds:ManageMasterUserPassword, as for ModifyDBInstance) and creates the drill's one private instance in it
     * (CreateDBInstance: db required, cluster optional, with aws:RequestTag and rds:PubliclyAccessible).
     */
    private List<PolicyStatement> statusClusters() {
        return List.of(
                PolicyStatement.Builder.create().sid("ReadOnlyRdsClusterMetadata").effect(Effect.ALLOW)
                        .actions(List.of("rds:DescribeDBClusters", "rds:DescribeDBClusterSnapshots"))
                        .resources(List.of("*")).build(),
                restoreTaggedTemporaryClusters(),
                // Status restores clusters only from the drill's own copies, never from another cluster snapshot.
                PolicyStatement.Builder.create().sid("RestoreClusterInputs").effect(Effect.ALLOW)
                        .actions(List.of("rds:RestoreDBClusterFromSnapshot"))
                        .resources(List.of(temporaryClusterSnapshotCopies(), rdsArn("subgrp", "*"),
                                rdsArn("cluster-pg", "*"), rdsArn("og", "*")))
                        .build(),
                tagOnCreate("TagOnlyNewDrillClustersOnCreate", List.of(temporaryClusters())),
                PolicyStatement.Builder.create().sid("ModifyOnlyToManageTheMasterPasswordOfDrillClusters")
                        .effect(Effect.ALLOW)
                        .actions(List.of("rds:ModifyDBCluster"))
                        .resources(List.of(temporaryClusters()))
                        .conditions(Map.of(
                                "StringEquals", Map.of(
                                        "aws:ResourceTag/" + TEMPORARY_TAG, "true",
                                        "rds:cluster-tag/" + TEMPORARY_TAG, "true"),
                                "Bool", Map.of("rds:ManageMasterUserPassword", "true")))
                        .build(),
                // The instance: named restore-drill-*, tagged in the request, explicitly private (the shared
                // NeverCreatePubliclyAccessibleInstances deny covers CreateDBInstance too), and only into a drill
                // cluster: the cluster it names must be a restore-drill-* one.
                createTaggedPrivateInstancesIn("CreateOnlyTaggedPrivateInstancesInDrillClusters",
                        List.of(temporaryInstances())),
                createTaggedPrivateInstancesIn("AddInstancesOnlyToDrillClusters", List.of(temporaryClusters())),
                PolicyStatement.Builder.create().sid("LetRdsCreateTheClusterManagedSecret").effect(Effect.ALLOW)
                        .actions(List.of("secretsmanager:CreateSecret", "secretsmanager:TagResource"))
                        .resources(List.of(managedClusterSecrets()))
                        .conditions(Map.of("Bool", Map.of("aws:ViaAWSService", "true")))
                        .build());
    }

    /**
     * Read only the secrets RDS manages for drill clusters: RDS tags a cluster's managed secret with
     * aws:rds:primaryDBClusterArn (the tag key the AWS managed policies for RDS name beside aws:rds:primaryDBInstanceArn),
     * and drill clusters are all named restore-drill-*.
     */
    PolicyStatement readTemporaryClusterSecrets() {
        return PolicyStatement.Builder.create().sid("ReadOnlyTemporaryClusterSecrets").effect(Effect.ALLOW)
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(managedClusterSecrets()))
                .conditions(Map.of("StringLike", Map.of("aws:ResourceTag/aws:rds:primaryDBClusterArn",
                        temporaryClusters())))
                .build();
    }

    /**
     * Cleanup and the reaper, Aurora cluster drills: delete the tagged drill cluster (after its instance, which the
     * instance statements cover) and the drill's cluster snapshot copy. SAR: DeleteDBCluster requires cluster and
     * cluster-snapshot (the final snapshot it would make) and has no condition key of its own; cluster takes
     * aws:ResourceTag and rds:cluster-tag; DeleteDBClusterSnapshot requires cluster-snapshot (aws:ResourceTag,
     * rds:cluster-snapshot-tag).
     */
    private List<PolicyStatement> cleanupClusters() {
        return List.of(
                PolicyStatement.Builder.create().sid("ReadOnlyRdsClusterMetadata").effect(Effect.ALLOW)
                        .actions(List.of("rds:DescribeDBClusters", "rds:DescribeDBClusterSnapshots"))
                        .resources(List.of("*")).build(),
                PolicyStatement.Builder.create().sid("DeleteOnlyTaggedTemporaryClusters").effect(Effect.ALLOW)
                        .actions(List.of("rds:DeleteDBCluster"))
                        .resources(List.of(temporaryClusters()))
                        .conditions(Map.of("StringEquals", Map.of(
                                "aws:ResourceTag/" + TEMPORARY_TAG, "true",
                                "rds:cluster-tag/" + TEMPORARY_TAG, "true")))
                        .build(),
                // The cluster-snapshot resource of DeleteDBCluster is the final snapshot, which does not exist (so
                // carries no tag) and which the code never asks for (SkipFinalSnapshot=true, asserted on the wire).
                // Only a drill name; the cluster itself is the statement above. Nothing is deleted through this one.
                PolicyStatement.Builder.create().sid("DeleteClustersWithoutKeepingAFinalSnapshotOfProduction")
                        .effect(Effect.ALLOW)
                        .actions(List.of("rds:DeleteDBCluster"))
                        .resources(List.of(temporaryClusterSnapshotCopies()))
                        .build(),
                PolicyStatement.Builder.create().sid("DeleteOnlyTaggedDrillClusterSnapshotCopies").effect(Effect.ALLOW)
                        .actions(List.of("rds:DeleteDBClusterSnapshot"))
                        .resources(List.of(temporaryClusterSnapshotCopies()))
                        .conditions(Map.of("StringEquals", Map.of(
                                "aws:ResourceTag/" + TEMPORARY_TAG, "true",
                                "rds:cluster-snapshot-tag/" + TEMPORARY_TAG, "true")))
                        .build(),
                PolicyStatement.Builder.create().sid("LetRdsDeleteTheTemporaryClusterSecret").effect(Effect.ALLOW)
                        .actions(List.of("secretsmanager:DeleteSecret", "secretsmanager:DescribeSecret"))
                        .resources(List.of(managedClusterSecrets()))
                        .conditions(Map.of(
                                "Bool", Map.of("aws:ViaAWSService", "true"),
                                "StringLike", Map.of("aws:ResourceTag/aws:rds:primaryDBClusterArn", temporaryClusters())))
                        .build());
    }

    /** RestoreDBClusterFromSnapshot only into a restore-drill-* cluster whose request carries the drill's tags. */
    private PolicyStatement restoreTaggedTemporaryClusters() {
        return PolicyStatement.Builder.create().sid("RestoreOnlyTaggedTemporaryClusters").effect(Effect.ALLOW)
                .actions(List.of("rds:RestoreDBClusterFromSnapshot"))
                .resources(List.of(temporaryClusters()))
                .conditions(requestTags())
                .build();
    }

    private PolicyStatement createTaggedPrivateInstancesIn(String sid, List<String> resources) {
        Map<String, Object> conditions = new LinkedHashMap<>(requestTags());
        conditions.put("Bool", Map.of("rds:PubliclyAccessible", "false"));
        return PolicyStatement.Builder.create().sid(sid).effect(Effect.ALLOW)
                .actions(List.of("rds:CreateDBInstance"))
                .resources(resources)
                .conditions(conditions).build();
    }

    // ------------------------------------------------------------------------------------------- shared statements

    /** Describe calls are read-only; the shared snapshots of a backup account are not known in advance. */
    private static PolicyStatement describe(String... actions) {
        return PolicyStatement.Builder.create().sid("ReadOnlyRdsMetadata").effect(Effect.ALLOW)
                .actions(List.of(actions)).resources(List.of("*")).build();
    }

    /** The request carries restore-drill:temporary=true and no tag key but the drill's four. */
    private static Map<String, Object> requestTags() {
        Map<String, Object> conditions = new LinkedHashMap<>();
        conditions.put("StringEquals", Map.of("aws:RequestTag/" + TEMPORARY_TAG, "true"));
        conditions.put("ForAllValues:StringEquals", Map.of("aws:TagKeys", DRILL_TAG_KEYS));
        return conditions;
    }

    /**
     * Create (or restore) only an instance named restore-drill-* that carries restore-drill:temporary=true in the
     * request and says PubliclyAccessible=false (SAR: both actions take aws:RequestTag/${TagKey}, aws:TagKeys and
     * rds:PubliclyAccessible). Without the tag RDS denies the call, so no untagged instance can exist for cleanup to
     * be tempted by; without an explicit PubliclyAccessible=false too (the code always sends it).
     */
    private PolicyStatement createTaggedPrivateInstances(List<String> actions) {
        Map<String, Object> conditions = new LinkedHashMap<>(requestTags());
        conditions.put("Bool", Map.of("rds:PubliclyAccessible", "false"));
        return PolicyStatement.Builder.create().sid("CreateOnlyTaggedPrivateTemporaryInstances").effect(Effect.ALLOW)
                .actions(actions)
                .resources(List.of(temporaryInstances()))
                .conditions(conditions).build();
    }

    /**
     * An explicit deny wins over any allow, in this or any other policy attached to the role: no publicly accessible
     * instance, ever (SAR: rds:PubliclyAccessible on CreateDBInstance and RestoreDBInstanceFromDBSnapshot).
     */
    private static PolicyStatement neverPubliclyAccessible() {
        return PolicyStatement.Builder.create().sid("NeverCreatePubliclyAccessibleInstances").effect(Effect.DENY)
                .actions(List.of("rds:CreateDBInstance", "rds:RestoreDBInstanceFromDBSnapshot"))
                .resources(List.of("*"))
                .conditions(Map.of("Bool", Map.of("rds:PubliclyAccessible", "true")))
                .build();
    }

    /**
     * RDS authorizes tags given at creation as rds:AddTagsToResource, with aws:RequestTag
     * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/security_iam_id-based-policy-examples-grant-permissions-tags-on-create.html).
     * RDS has no key like ec2:CreateAction that says "this is part of a create" (SAR: AddTagsToResource takes
     * aws:RequestTag, aws:TagKeys, rds:TagsFromRequest, rds:req-tag). The narrowest documented form: only drill names,
     * only the drill's tag keys with temporary=true, and only while the resource has no restore-drill:temporary tag
     * yet. aws:ResourceTag is "included in the request context when the requested resource already has attached tags"
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourcetag):
     * absent while the resource is being created, present on every instance a drill made, so the role cannot re-tag
     * (re-date, re-assign) a drill instance or copy after creation.
     */
    private static PolicyStatement tagOnCreate(List<String> resources) {
        return tagOnCreate("TagOnlyNewDrillResourcesOnCreate", resources);
    }

    private static PolicyStatement tagOnCreate(String sid, List<String> resources) {
        Map<String, Object> conditions = new LinkedHashMap<>(requestTags());
        conditions.put("Null", Map.of("aws:ResourceTag/" + TEMPORARY_TAG, "true"));
        return PolicyStatement.Builder.create().sid(sid).effect(Effect.ALLOW)
                .actions(List.of("rds:AddTagsToResource"))
                .resources(resources)
                .conditions(conditions).build();
    }

    /**
     * Restoring or copying a snapshot encrypted with a customer managed key: RDS acts with the caller's permissions
     * and needs kms:CreateGrant and kms:DescribeKey on the key
     * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.Keys.html#Overview.Encryption.Keys.Authorizing),
     * allowed only through RDS (kms:ViaService rds.REGION.amazonaws.com, as that page suggests). CreateGrant also only
     * for a grant an AWS service makes for its resource (kms:GrantIsForAWSResource, as the IAM policy of
     * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html#USER_ShareSnapshot.Encrypted.KeyPolicy
     * has it). SAR: both act on key and take kms:ViaService; CreateGrant takes kms:GrantIsForAWSResource. The key of a
     * snapshot shared by a backup account lives in that account and is not known at synth time: any key, but only via
     * RDS. DescribeKey via RDS also covers the Secrets Manager key of a managed master password (next statement).
     */
    private List<PolicyStatement> useSnapshotKeysThroughRds() {
        String rds = "rds." + region + ".amazonaws.com";
        return List.of(
                PolicyStatement.Builder.create().sid("DescribeKeysThroughRds").effect(Effect.ALLOW)
                        .actions(List.of("kms:DescribeKey"))
                        .resources(List.of("*"))
                        .conditions(Map.of("StringEquals", Map.of("kms:ViaService", rds)))
                        .build(),
                PolicyStatement.Builder.create().sid("GrantSnapshotKeysToRds").effect(Effect.ALLOW)
                        .actions(List.of("kms:CreateGrant"))
                        .resources(List.of("*"))
                        .conditions(Map.of(
                                "StringEquals", Map.of("kms:ViaService", rds),
                                "Bool", Map.of("kms:GrantIsForAWSResource", "true")))
                        .build());
    }

    /**
     * Create/Modify with ManageMasterUserPassword=true: "the user who specifies that Amazon RDS manages the master user
     * password in Secrets Manager must have permissions to perform kms:DescribeKey, secretsmanager:CreateSecret,
     * secretsmanager:TagResource"
     * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html#rds-secrets-manager-permissions;
     * the KMS actions that page lists for a customer managed secret key are not needed: the drill uses Secrets
     * Manager's own key). RotateSecret is needed only to rotate, which the drill never does.
     *
     * <p>Why aws:ViaAWSService and not aws:CalledVia: the IAM User Guide lists the services that set aws:CalledVia
     * (Athena, CloudFormation, DynamoDB, KMS), and RDS is not one of them
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-calledvia):
     * a condition on aws:CalledVia = rds.amazonaws.com would never match, and RDS could never create the secret.
     * aws:ViaAWSService is true whenever a service uses the principal's credentials (same page, #condition-keys-viaawsservice):
     * looser (any service would match), so the resource stays the rds!db-* secrets only, and the role itself cannot
     * call Secrets Manager directly to create or tag anything.
     */
    private PolicyStatement letRdsCreateTheManagedSecret() {
        return PolicyStatement.Builder.create().sid("LetRdsCreateTheManagedSecret").effect(Effect.ALLOW)
                .actions(List.of("secretsmanager:CreateSecret", "secretsmanager:TagResource"))
                .resources(List.of(managedSecrets()))
                .conditions(Map.of("Bool", Map.of("aws:ViaAWSService", "true")))
                .build();
    }

    /** The ENI permissions Lambda needs to attach a function to the VPC (EC2 offers no resource scoping here). */
    static PolicyStatement vpcNetworkInterfaces() {
        return PolicyStatement.Builder.create().sid("AttachToVpc").effect(Effect.ALLOW)
                .actions(List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
                        "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"))
                .resources(List.of("*")).build();
    }
}
