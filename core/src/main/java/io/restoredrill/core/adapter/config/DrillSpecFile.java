package io.restoredrill.core.adapter.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.adapter.source.S3Location;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.DrillSpec.BackupSourceSpec;
import io.restoredrill.core.domain.DrillSpec.RdsTargetSpec;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.ProofSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads drill specs: the AWS path's description of one drill, in the same format as the checks file plus a
 * source, a target and limits. The same text arrives as YAML (a file) or as JSON (the state machine's input):
 *
 * <pre>{@code
 * name: orders
 * source:
 *   rdsSnapshot: { dbInstanceIdentifier: orders-prod }   # or  s3: s3://backups/orders/
 * maxBackupAgeHours: 26
 * target:
 *   rds: { instanceClass: db.t4g.medium, dbSubnetGroupName: drill-isolated, vpcSecurityGroupIds: [sg-0abc] }
 * checks: [ ... ]
 * }</pre>
 *
 * An Aurora PostgreSQL cluster instead of an instance: {@code source: { auroraCluster: { dbClusterIdentifier:
 * orders-aurora } }}, with the same {@code allowAutomated} and {@code copyShared} keys as rdsSnapshot; its
 * {@code target.rds.instanceClass} may be left out (default db.t4g.medium) and {@code allocatedStorageGb} is ignored.
 *
 * <p>Optional keys: {@code source.rdsSnapshot.allowAutomated} (default false),
 * {@code source.rdsSnapshot.copyShared: { kmsKeyId: <key of this account> }} (RDS cannot restore a snapshot that is
 * both shared from another account and encrypted; with this key the drill copies it into this account as a
 * temporary snapshot, restores the copy and deletes it afterwards; without it such a snapshot is refused),
 * {@code target.rds.vpcSecurityGroupIds} (may be empty when the stack's temporary-instance security group is set),
 * {@code maxShrink} (default 10%), {@code tables} (per-table overrides of it, as in the checks file: {@link TablesSection}),
 * {@code database} (the database the checks run in; default: the restored instance's one database),
 * {@code target.rds.timeToLive} (default 6h), {@code target.rds.engineVersion} and
 * {@code target.rds.allocatedStorageGb} (blank instances for S3 dumps), {@code proofs} (as in the checks file, with
 * the AWS path's smaller defaults, {@link ProofSettings#awsDefaults()}, and no {@code schema.expect}; the checks'
 * timeouts and the schema budget must fit validate's first round, and all proofs its {@link DrillSpec#VALIDATE_ROUNDS} rounds),
 * {@code objectives} (as in the checks file: {@link ObjectivesSection}),
 * {@code restoreTimeout} (how long the temporary instance may take to become available: default 2h, 10m to 12h;
 * {@code target.rds.timeToLive} must cover it plus validation's hour),
 * {@code login: { secretArn: <Secrets Manager secret ARN> }} (validate logs in with that secret's {@code username} and
 * {@code password} instead of the instance's RDS-managed secret).
 *
 * <p>A drill that validates the restores of an AWS Backup restore testing plan names the plan and the production
 * instance instead of a backup and a target, and must give a login (the restored instance keeps production's
 * password):
 * <pre>{@code
 * source:
 *   awsBackupRestoreTest: { restoreTestingPlan: nightly_orders, dbInstanceIdentifier: orders-prod,
 *                           validationWindowHours: 4 }
 * login: { secretArn: arn:aws:secretsmanager:us-east-1:123456789012:secret:restore-drill/orders-reader-AbCdEf }
 * checks: [ ... ]
 * }</pre>
 * It takes no {@code target}, {@code maxBackupAgeHours} or {@code restoreTimeout}: AWS Backup chooses the recovery
 * point and where to restore it, and the restore is done before restore-drill hears of it.
 */
public final class DrillSpecFile {

    private record Document(String name, JsonNode source, Double maxBackupAgeHours, String maxShrink,
                            JsonNode target, String database, JsonNode checks, JsonNode proofs, JsonNode tables,
                            JsonNode objectives, String restoreTimeout, JsonNode login) {
    }

    private record SourceDefinition(JsonNode rdsSnapshot, String s3, JsonNode awsBackupRestoreTest,
                                    JsonNode auroraCluster) {
    }

    private record RestoreTestDefinition(String restoreTestingPlan, String dbInstanceIdentifier,
                                         String dbClusterIdentifier, Integer validationWindowHours) {
    }

    private record AuroraClusterDefinition(String dbClusterIdentifier, Boolean allowAutomated, JsonNode copyShared) {
    }

    private record LoginDefinition(String secretArn) {
    }

    private record RdsSnapshotDefinition(String dbInstanceIdentifier, Boolean allowAutomated, JsonNode copyShared) {
    }

    private record CopySharedDefinition(String kmsKeyId) {
    }

    private record TargetDefinition(JsonNode rds) {
    }

    private record RdsTargetDefinition(String instanceClass, String dbSubnetGroupName, List<String> vpcSecurityGroupIds,
                                       String timeToLive, String engineVersion, Integer allocatedStorageGb) {
    }

    private DrillSpecFile() {
    }

    /**
     * Reads a drills file: either one spec, or {@code drills: [spec, spec, ...]}. Names must be unique.
     */
    public static List<DrillSpec> readList(Path file) {
        Objects.requireNonNull(file, "file");
        String origin = file.toString();
        JsonNode root = YamlDocuments.parseMapping(YamlDocuments.readFile(file, "drills file"), origin);
        if (!root.has("drills")) {
            return List.of(parse(root, origin));
        }
        if (root.size() != 1 || !root.get("drills").isArray() || root.get("drills").isEmpty()) {
            throw new InvalidConfigurationException(origin + ": a drills file holds one key, \"drills\", with a"
                    + " non-empty list of drill specs");
        }
        List<DrillSpec> specs = new ArrayList<>();
        for (JsonNode node : root.get("drills")) {
            DrillSpec spec = parse(node, origin + ": drills[" + specs.size() + "]");
            if (specs.stream().anyMatch(s -> s.name().equals(spec.name()))) {
                throw new InvalidConfigurationException(origin + ": two drills are called \"" + spec.name()
                        + "\"; names must be unique");
            }
            specs.add(spec);
        }
        return specs;
    }

    /**
     * Validates a drill spec given as a tree (parsed YAML, or JSON from the state machine).
     *
     * @param origin names the spec in messages
     * @throws InvalidConfigurationException naming the origin, the item and what is wrong
     */
    public static DrillSpec parse(JsonNode node, String origin) {
        Objects.requireNonNull(node, "node");
        ConfigItem top = new ConfigItem(origin, "drill spec");
        if (!node.isObject()) {
            throw top.invalid("must be a mapping, found " + YamlDocuments.describe(node));
        }
        Document document = YamlDocuments.bind(node, Document.class, top);
        String name = required(document.name(), "name", top);
        ConfigItem item = new ConfigItem(origin, "drill \"" + name + "\"");
        BackupSourceSpec source = source(document.source(), item);
        boolean adopted = source instanceof DrillSpec.AwsBackupRestoreTest;
        if (adopted) {
            refuseForRestoreTests(document, item);
        }
        Optional<Duration> maxAge = Optional.ofNullable(document.maxBackupAgeHours()).map(hours -> {
            if (!(hours > 0)) {
                throw item.invalid("maxBackupAgeHours must be a positive number of hours, found " + hours);
            }
            return Duration.ofSeconds(Math.round(hours * 3600));
        });
        double maxShrink = Optional.ofNullable(document.maxShrink()).map(text -> {
            try {
                return Percentages.parse(text);
            } catch (IllegalArgumentException e) {
                throw item.invalid("maxShrink: " + e.getMessage(), e);
            }
        }).orElse(0.10);
        RdsTargetSpec target = adopted
                ? adoptedTarget((DrillSpec.AwsBackupRestoreTest) source)
                : target(document.target(), item, source instanceof DrillSpec.AuroraCluster);
        Duration restoreTimeout = Optional.ofNullable(document.restoreTimeout()).map(text -> {
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw item.invalid("restoreTimeout: " + e.getMessage(), e);
            }
        }).orElse(adopted ? DrillSpec.MIN_RESTORE_TIMEOUT : DrillSpec.DEFAULT_RESTORE_TIMEOUT);
        var checks = document.checks() == null ? List.<io.restoredrill.core.domain.HealthCheck>of()
                : CheckList.parse(document.checks(), "checks", origin + ": drill \"" + name + "\"");
        ProofSettings proofs = ProofsSection.parse(document.proofs(), ProofSettings.awsDefaults(),
                origin + ": drill \"" + name + "\"", (expect, at) -> {
                    throw at.invalid("expect: " + expect + " would be a local file, which the validate function"
                            + " cannot read; on the AWS path the schema is compared with the last passing drill's"
                            + " report (reports/" + name + "/latest.json): leave expect out, or compare with a"
                            + " committed file in local mode (restore-drill run --checks)");
                });
        try {
            return new DrillSpec(name, source, maxAge, target, checks, maxShrink,
                    Optional.ofNullable(document.database()).filter(d -> !d.isBlank()), proofs,
                    TablesSection.parse(document.tables(), origin + ": drill \"" + name + "\""),
                    ObjectivesSection.parse(document.objectives(), origin + ": drill \"" + name + "\""),
                    restoreTimeout, login(document.login(), item));
        } catch (IllegalArgumentException e) {
            throw item.invalid(e.getMessage(), e);
        }
    }

    /** What AWS Backup decides for a restore test, which a spec may therefore not say. */
    private static void refuseForRestoreTests(Document document, ConfigItem item) {
        if (document.target() != null && !document.target().isNull()) {
            throw item.invalid("\"target\": AWS Backup restores the instance where the restore testing selection's"
                    + " restore metadata says; a source.awsBackupRestoreTest drill takes no target");
        }
        if (document.maxBackupAgeHours() != null) {
            throw item.invalid("\"maxBackupAgeHours\": the restore testing plan chooses the recovery point (its"
                    + " RecoveryPointSelection); a source.awsBackupRestoreTest drill takes no backup age");
        }
        if (document.restoreTimeout() != null) {
            throw item.invalid("\"restoreTimeout\": restore-drill hears of the restore when AWS Backup has finished"
                    + " it; a source.awsBackupRestoreTest drill waits for no restore");
        }
    }

    private static Optional<DrillSpec.Login> login(JsonNode node, ConfigItem item) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        ConfigItem loginItem = sub(item, "login");
        if (!node.isObject()) {
            throw loginItem.invalid("must be a mapping: { secretArn: <Secrets Manager secret ARN> }");
        }
        LoginDefinition login = YamlDocuments.bind(node, LoginDefinition.class, loginItem);
        try {
            return Optional.of(new DrillSpec.Login(required(login.secretArn(), "secretArn", loginItem)));
        } catch (IllegalArgumentException e) {
            throw loginItem.invalid(e.getMessage(), e);
        }
    }

    private static BackupSourceSpec source(JsonNode node, ConfigItem item) {
        if (node == null || node.isNull() || !node.isObject()) {
            throw item.invalid("\"source\" must be a mapping with one of rdsSnapshot, auroraCluster, s3 or"
                    + " awsBackupRestoreTest");
        }
        SourceDefinition source = YamlDocuments.bind(node, SourceDefinition.class, sub(item, "source"));
        long given = java.util.stream.Stream.of(source.rdsSnapshot(), source.s3(), source.awsBackupRestoreTest(),
                        source.auroraCluster())
                .filter(java.util.Objects::nonNull).count();
        if (given != 1) {
            throw item.invalid("\"source\" needs exactly one of rdsSnapshot, auroraCluster, s3 or awsBackupRestoreTest");
        }
        if (source.awsBackupRestoreTest() != null) {
            return restoreTest(source.awsBackupRestoreTest(), sub(item, "source.awsBackupRestoreTest"));
        }
        if (source.auroraCluster() != null) {
            return auroraCluster(source.auroraCluster(), item);
        }
        if (source.s3() != null) {
            try {
                S3Location location = S3Location.parse(source.s3());
                return new DrillSpec.S3Dumps(location.bucket(), location.prefix());
            } catch (IllegalArgumentException e) {
                throw sub(item, "source.s3").invalid(e.getMessage(), e);
            }
        }
        ConfigItem rdsItem = sub(item, "source.rdsSnapshot");
        RdsSnapshotDefinition rds = YamlDocuments.bind(source.rdsSnapshot(), RdsSnapshotDefinition.class, rdsItem);
        Optional<DrillSpec.CopyShared> copyShared = copyShared(rds.copyShared(), sub(item, "source.rdsSnapshot.copyShared"));
        return new DrillSpec.RdsSnapshots(required(rds.dbInstanceIdentifier(), "dbInstanceIdentifier", rdsItem),
                Boolean.TRUE.equals(rds.allowAutomated()), copyShared);
    }

    private static DrillSpec.AwsBackupRestoreTest restoreTest(JsonNode node, ConfigItem testItem) {
        if (!node.isObject()) {
            throw testItem.invalid("must be a mapping: { restoreTestingPlan, dbInstanceIdentifier,"
                    + " validationWindowHours }");
        }
        RestoreTestDefinition test = YamlDocuments.bind(node, RestoreTestDefinition.class, testItem);
        if (test.validationWindowHours() == null) {
            throw testItem.invalid("\"validationWindowHours\" is missing: give the restore testing selection's"
                    + " ValidationWindowHours (how long AWS Backup keeps the restored instance for validation)");
        }
        try {
            String plan = required(test.restoreTestingPlan(), "restoreTestingPlan", testItem);
            Duration window = Duration.ofHours(test.validationWindowHours());
            if (test.dbClusterIdentifier() != null && test.dbInstanceIdentifier() != null) {
                throw testItem.invalid("give either dbInstanceIdentifier (a production DB instance) or"
                        + " dbClusterIdentifier (a production Aurora cluster), not both");
            }
            if (test.dbClusterIdentifier() != null) {
                return DrillSpec.AwsBackupRestoreTest.ofCluster(plan,
                        required(test.dbClusterIdentifier(), "dbClusterIdentifier", testItem), window);
            }
            return new DrillSpec.AwsBackupRestoreTest(plan,
                    required(test.dbInstanceIdentifier(), "dbInstanceIdentifier", testItem), window);
        } catch (IllegalArgumentException e) {
            throw testItem.invalid(e.getMessage(), e);
        }
    }

    /**
     * A restore test's target: nothing AWS Backup chose; for an Aurora cluster, the class of the one instance
     * restore-drill adds to AWS Backup's cluster (AuroraCluster's default; subnets and security groups are the
     * cluster's, which CreateDBInstance in a cluster does not take).
     */
    private static RdsTargetSpec adoptedTarget(DrillSpec.AwsBackupRestoreTest test) {
        RdsTargetSpec adopted = RdsTargetSpec.adopted(test.validationWindow());
        return test.ofAuroraCluster()
                ? new RdsTargetSpec(DrillSpec.AuroraCluster.DEFAULT_INSTANCE_CLASS, adopted.dbSubnetGroupName(),
                adopted.vpcSecurityGroupIds(), adopted.timeToLive(), adopted.engineVersion(),
                adopted.allocatedStorageGb())
                : adopted;
    }

    /** {@code source.auroraCluster}: the same keys as rdsSnapshot, with the cluster's identifier. */
    private static BackupSourceSpec auroraCluster(JsonNode node, ConfigItem item) {
        ConfigItem clusterItem = sub(item, "source.auroraCluster");
        if (!node.isObject()) {
            throw clusterItem.invalid("must be a mapping: { dbClusterIdentifier: <production cluster> }");
        }
        AuroraClusterDefinition aurora = YamlDocuments.bind(node, AuroraClusterDefinition.class, clusterItem);
        Optional<DrillSpec.CopyShared> copyShared = copyShared(aurora.copyShared(),
                sub(item, "source.auroraCluster.copyShared"));
        return new DrillSpec.AuroraCluster(required(aurora.dbClusterIdentifier(), "dbClusterIdentifier", clusterItem),
                Boolean.TRUE.equals(aurora.allowAutomated()), copyShared);
    }

    private static Optional<DrillSpec.CopyShared> copyShared(JsonNode node, ConfigItem copyItem) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw copyItem.invalid("must be a mapping: { kmsKeyId: <KMS key of this account> }");
        }
        CopySharedDefinition copy = YamlDocuments.bind(node, CopySharedDefinition.class, copyItem);
        return Optional.of(new DrillSpec.CopyShared(required(copy.kmsKeyId(), "kmsKeyId", copyItem)));
    }

    /**
     * @param cluster an Aurora cluster drill's target: instanceClass may be left out (the smallest Aurora PostgreSQL
     *                class, {@link DrillSpec.AuroraCluster#DEFAULT_INSTANCE_CLASS}); allocatedStorageGb does not apply
     *                (Aurora storage grows by itself) and is ignored
     */
    private static RdsTargetSpec target(JsonNode node, ConfigItem item, boolean cluster) {
        if (node == null || node.isNull() || !node.isObject()) {
            throw item.invalid("\"target\" must be a mapping with rds");
        }
        TargetDefinition target = YamlDocuments.bind(node, TargetDefinition.class, sub(item, "target"));
        ConfigItem rdsItem = sub(item, "target.rds");
        if (target.rds() == null || !target.rds().isObject()) {
            throw rdsItem.invalid("is missing: give instanceClass, dbSubnetGroupName and vpcSecurityGroupIds");
        }
        RdsTargetDefinition rds = YamlDocuments.bind(target.rds(), RdsTargetDefinition.class, rdsItem);
        Duration ttl = Optional.ofNullable(rds.timeToLive()).map(text -> {
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw rdsItem.invalid("timeToLive: " + e.getMessage(), e);
            }
        }).orElse(RdsTargetSpec.DEFAULT_TIME_TO_LIVE);
        int storage = Optional.ofNullable(rds.allocatedStorageGb()).orElse(RdsTargetSpec.DEFAULT_ALLOCATED_STORAGE_GB);
        if (storage < 20) {
            throw rdsItem.invalid("allocatedStorageGb must be at least 20, found " + storage);
        }
        try {
            String instanceClass = cluster && (rds.instanceClass() == null || rds.instanceClass().isBlank())
                    ? DrillSpec.AuroraCluster.DEFAULT_INSTANCE_CLASS
                    : required(rds.instanceClass(), "instanceClass", rdsItem);
            return new RdsTargetSpec(instanceClass,
                    required(rds.dbSubnetGroupName(), "dbSubnetGroupName", rdsItem),
                    rds.vpcSecurityGroupIds() == null ? List.of() : rds.vpcSecurityGroupIds(),
                    ttl, Optional.ofNullable(rds.engineVersion()), storage);
        } catch (IllegalArgumentException e) {
            throw rdsItem.invalid(e.getMessage(), e);
        }
    }

    private static ConfigItem sub(ConfigItem item, String where) {
        return new ConfigItem(item.origin(), item.where() + ": " + where);
    }

    private static String required(String value, String key, ConfigItem item) {
        if (value == null || value.isBlank()) {
            throw item.invalid("\"" + key + "\" is missing or blank");
        }
        return value;
    }
}
