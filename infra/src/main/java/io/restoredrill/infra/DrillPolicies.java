package io.restoredrill.infra;

import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.TemporaryInstanceName;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;

import java.util.List;
import java.util.Map;

/**
 * The IAM statements of the drill's functions. The rule they enforce, whatever the code does: only an RDS instance
 * tagged {@code restore-drill:temporary=true} can ever be deleted, an instance can only be created with that tag,
 * and nothing can modify an instance or delete a snapshot (no such action is granted at all).
 */
final class DrillPolicies {

    /** Every temporary instance's identifier starts with the prefix the deletion guard checks. */
    static final String INSTANCE_PATTERN = TemporaryInstanceName.PREFIX + "*";
    static final String TEMPORARY_TAG = DrillTags.TEMPORARY;

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

    private String managedSecrets() {
        // RDS names the master-user secret it manages "rds!db-<uuid>"; the name says nothing about the instance.
        return "arn:" + partition + ":secretsmanager:" + region + ":" + account + ":secret:rds!db-*";
    }

    /** Describe and list calls are read-only and RDS offers no useful resource scoping for them. */
    PolicyStatement readRds(String... actions) {
        return PolicyStatement.Builder.create().sid("ReadOnlyRdsMetadata").effect(Effect.ALLOW)
                .actions(List.of(actions)).resources(List.of("*")).build();
    }

    /**
     * Restore and create only an instance named restore-drill-* that carries restore-drill:temporary=true in
     * the request (aws:RequestTag). Without the tag RDS denies the call, so no untagged instance can exist for
     * cleanup to be tempted by.
     */
    List<PolicyStatement> createTemporaryInstances() {
        Map<String, Object> tagged = Map.of("StringEquals", Map.of("aws:RequestTag/" + TEMPORARY_TAG, "true"));
        return List.of(
                PolicyStatement.Builder.create().sid("CreateOnlyTaggedTemporaryInstances").effect(Effect.ALLOW)
                        .actions(List.of("rds:RestoreDBInstanceFromDBSnapshot", "rds:CreateDBInstance"))
                        .resources(List.of(temporaryInstances()))
                        .conditions(tagged).build(),
                // Every resource a restore names must be allowed too. These are the inputs (the snapshot, from
                // this or a backup account, and the groups); the call cannot change them, and the statement above
                // still decides which instance may be created.
                PolicyStatement.Builder.create().sid("RestoreInputs").effect(Effect.ALLOW)
                        .actions(List.of("rds:RestoreDBInstanceFromDBSnapshot", "rds:CreateDBInstance"))
                        .resources(List.of(
                                "arn:" + partition + ":rds:" + region + ":*:snapshot:*",
                                rdsArn("subgrp", "*"), rdsArn("og", "*"), rdsArn("pg", "*")))
                        .build(),
                // RDS authorizes tags given at creation as rds:AddTagsToResource: only with the same tag.
                PolicyStatement.Builder.create().sid("TagOnlyTemporaryInstancesOnCreate").effect(Effect.ALLOW)
                        .actions(List.of("rds:AddTagsToResource"))
                        .resources(List.of(temporaryInstances()))
                        .conditions(tagged).build(),
                // Restoring a snapshot encrypted with a customer managed key needs a grant on that key, through RDS.
                PolicyStatement.Builder.create().sid("UseSnapshotKeysThroughRds").effect(Effect.ALLOW)
                        .actions(List.of("kms:CreateGrant", "kms:DescribeKey"))
                        .resources(List.of("*"))
                        .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "rds." + region + ".amazonaws.com")))
                        .build(),
                // ManageMasterUserPassword: RDS creates and tags the instance's secret with the caller's
                // permissions, so allow it only when RDS makes the call (aws:CalledVia).
                PolicyStatement.Builder.create().sid("LetRdsCreateTheManagedSecret").effect(Effect.ALLOW)
                        .actions(List.of("secretsmanager:CreateSecret", "secretsmanager:TagResource",
                                "secretsmanager:RotateSecret", "secretsmanager:DescribeSecret"))
                        .resources(List.of(managedSecrets()))
                        .conditions(Map.of("ForAnyValue:StringEquals", Map.of("aws:CalledVia", List.of("rds.amazonaws.com"))))
                        .build());
    }

    /**
     * Delete only an instance named restore-drill-* whose tag restore-drill:temporary is "true".
     *
     * <p>Condition keys: RDS evaluates DeleteDBInstance against the db resource, for which the Service
     * Authorization Reference lists both the global aws:ResourceTag/${TagKey} and RDS's own rds:db-tag/${TagKey}
     * (the RDS User Guide's examples use the latter). Both are required here, in one StringEquals (a logical AND):
     * if RDS ever stopped populating either key, deletion would be denied (fail closed), never allowed.
     */
    List<PolicyStatement> deleteTemporaryInstances() {
        return List.of(
                PolicyStatement.Builder.create().sid("DeleteOnlyTaggedTemporaryInstances").effect(Effect.ALLOW)
                        .actions(List.of("rds:DeleteDBInstance"))
                        .resources(List.of(temporaryInstances()))
                        .conditions(Map.of("StringEquals", Map.of(
                                "aws:ResourceTag/" + TEMPORARY_TAG, "true",
                                "rds:db-tag/" + TEMPORARY_TAG, "true")))
                        .build(),
                // Deleting an instance whose password RDS manages deletes that secret, with the caller's permissions:
                // only through RDS, and only the secret of a restore-drill-* instance.
                PolicyStatement.Builder.create().sid("LetRdsDeleteTheTemporaryInstanceSecret").effect(Effect.ALLOW)
                        .actions(List.of("secretsmanager:DeleteSecret", "secretsmanager:DescribeSecret"))
                        .resources(List.of(managedSecrets()))
                        .conditions(Map.of(
                                "ForAnyValue:StringEquals", Map.of("aws:CalledVia", List.of("rds.amazonaws.com")),
                                "StringLike", Map.of("aws:ResourceTag/aws:rds:primaryDBInstanceArn", temporaryInstances())))
                        .build());
    }

    /**
     * Read only the secrets RDS manages for drill instances: RDS tags each managed secret with
     * aws:rds:primaryDBInstanceArn, the ARN of its instance, and drill instances are all named restore-drill-*.
     */
    PolicyStatement readTemporaryInstanceSecrets() {
        return PolicyStatement.Builder.create().sid("ReadOnlyTemporaryInstanceSecrets").effect(Effect.ALLOW)
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(managedSecrets()))
                .conditions(Map.of("StringLike", Map.of("aws:ResourceTag/aws:rds:primaryDBInstanceArn", temporaryInstances())))
                .build();
    }

    /** Validate lists and reads the pg_dump files under the S3 prefix a drill's spec names, nothing else. */
    List<PolicyStatement> readS3Dumps(io.restoredrill.core.domain.DrillSpec.S3Dumps dumps) {
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

    /** The ENI permissions Lambda needs to attach a function to the VPC (EC2 offers no resource scoping here). */
    static PolicyStatement vpcNetworkInterfaces() {
        return PolicyStatement.Builder.create().sid("AttachToVpc").effect(Effect.ALLOW)
                .actions(List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
                        "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"))
                .resources(List.of("*")).build();
    }
}
