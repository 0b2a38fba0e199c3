package io.restoredrill.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.adapter.rds.CopyPlaces;
import io.restoredrill.core.domain.InvalidConfigurationException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The deployment parameters of one restore-drill stack: where the functions run, which drills run nightly, who
 * hears about failures. Read from a JSON config file ({@code infra/restore-drill.config.json}), each key
 * overridable by a CDK context value of the same name ({@code cdk deploy -c notificationEmail=ops@example.com}).
 *
 * @param account              AWS account to deploy to (the IAM policies name it in ARNs)
 * @param region               AWS region to deploy to
 * @param vpcId                the VPC whose private subnets the functions and temporary instances use
 * @param privateSubnetIds     subnets (with a route to the AWS APIs: NAT or VPC endpoints) for the functions and,
 *                             through the stack's DB subnet group, the temporary instances: at least two, in two
 *                             Availability Zones (RDS requires it of a DB subnet group)
 * @param availabilityZones    the zones of {@code privateSubnetIds}, same order (optional: only names the subnets)
 * @param drillsFile           YAML or JSON drills file ({@code drills: [spec, ...]}) that the nightly run starts with
 * @param notificationEmail    subscribed to the alarm topic when given (confirm the subscription mail)
 * @param reportsBucketName    a fixed name for the reports bucket; CloudFormation picks one when absent
 * @param backupsBucket        whether to create a bucket for pg_dump backups with versioning and Object Lock
 * @param backupsBucketName    a fixed name for that bucket
 * @param backupsRetentionDays Object Lock default retention (governance mode) of the backups bucket
 * @param maxConcurrency       how many drills run at once at most (each running drill holds one temporary RDS
 *                             instance): the plan function's MAX_CONCURRENCY, which it lowers to what the account's
 *                             RDS quotas leave. Default 10 (a fleet of 100 drills of an hour each then takes about
 *                             10 hours; raise it with the quota), at most 40, the default RDS quota of DB instances
 *                             per region
 * @param auditCopyRegions     regions of the account that hold snapshot copies: the nightly audit counts them
 * @param auditBackupAccountRoles roles in backup accounts (role ARNs) the nightly audit reads copies with; the audit
 *                             function's role may assume exactly these
 * @param alarmTestSchedule    whether the monthly alarm test runs (a night that fails on purpose, to prove the alarms
 *                             reach someone; off by default: it pages the on-call engineer)
 * @param awsBackupRestoreTesting whether restore-drill validates AWS Backup restore testing jobs: the restore-testing
 *                             workflow, its two functions and one EventBridge rule per {@code source.awsBackupRestoreTest}
 *                             drill (README, "AWS Backup restore testing"); off by default
 */
public record DeploymentConfig(
        String account,
        String region,
        String vpcId,
        List<String> privateSubnetIds,
        List<String> availabilityZones,
        Path drillsFile,
        Optional<String> notificationEmail,
        Optional<String> reportsBucketName,
        boolean backupsBucket,
        Optional<String> backupsBucketName,
        int backupsRetentionDays,
        int maxConcurrency,
        List<String> auditCopyRegions,
        List<String> auditBackupAccountRoles,
        boolean alarmTestSchedule,
        boolean awsBackupRestoreTesting) {

    public static final int DEFAULT_BACKUPS_RETENTION_DAYS = 35;
    public static final int DEFAULT_MAX_CONCURRENCY = 10;

    /** Without {@code maxConcurrency}: the default. */
    public DeploymentConfig(String account, String region, String vpcId, List<String> privateSubnetIds,
                            List<String> availabilityZones, Path drillsFile, Optional<String> notificationEmail,
                            Optional<String> reportsBucketName, boolean backupsBucket, Optional<String> backupsBucketName,
                            int backupsRetentionDays) {
        this(account, region, vpcId, privateSubnetIds, availabilityZones, drillsFile, notificationEmail,
                reportsBucketName, backupsBucket, backupsBucketName, backupsRetentionDays, DEFAULT_MAX_CONCURRENCY);
    }

    /** Without the audit's copy places. */
    public DeploymentConfig(String account, String region, String vpcId, List<String> privateSubnetIds,
                            List<String> availabilityZones, Path drillsFile, Optional<String> notificationEmail,
                            Optional<String> reportsBucketName, boolean backupsBucket, Optional<String> backupsBucketName,
                            int backupsRetentionDays, int maxConcurrency) {
        this(account, region, vpcId, privateSubnetIds, availabilityZones, drillsFile, notificationEmail,
                reportsBucketName, backupsBucket, backupsBucketName, backupsRetentionDays, maxConcurrency, List.of(),
                List.of());
    }

    /** Without the monthly alarm test. */
    public DeploymentConfig(String account, String region, String vpcId, List<String> privateSubnetIds,
                            List<String> availabilityZones, Path drillsFile, Optional<String> notificationEmail,
                            Optional<String> reportsBucketName, boolean backupsBucket, Optional<String> backupsBucketName,
                            int backupsRetentionDays, int maxConcurrency, List<String> auditCopyRegions,
                            List<String> auditBackupAccountRoles) {
        this(account, region, vpcId, privateSubnetIds, availabilityZones, drillsFile, notificationEmail,
                reportsBucketName, backupsBucket, backupsBucketName, backupsRetentionDays, maxConcurrency,
                auditCopyRegions, auditBackupAccountRoles, false);
    }

    /** Without AWS Backup restore testing. */
    public DeploymentConfig(String account, String region, String vpcId, List<String> privateSubnetIds,
                            List<String> availabilityZones, Path drillsFile, Optional<String> notificationEmail,
                            Optional<String> reportsBucketName, boolean backupsBucket, Optional<String> backupsBucketName,
                            int backupsRetentionDays, int maxConcurrency, List<String> auditCopyRegions,
                            List<String> auditBackupAccountRoles, boolean alarmTestSchedule) {
        this(account, region, vpcId, privateSubnetIds, availabilityZones, drillsFile, notificationEmail,
                reportsBucketName, backupsBucket, backupsBucketName, backupsRetentionDays, maxConcurrency,
                auditCopyRegions, auditBackupAccountRoles, alarmTestSchedule, false);
    }

    public DeploymentConfig {
        require(account, "account");
        require(region, "region");
        require(vpcId, "vpcId");
        privateSubnetIds = List.copyOf(privateSubnetIds);
        availabilityZones = List.copyOf(availabilityZones);
        Objects.requireNonNull(drillsFile, "drillsFile");
        Objects.requireNonNull(notificationEmail, "notificationEmail");
        Objects.requireNonNull(reportsBucketName, "reportsBucketName");
        Objects.requireNonNull(backupsBucketName, "backupsBucketName");
        // "DB subnet groups must contain at least one subnet in at least two AZs in the AWS Region"
        // (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html; otherwise
        // DBSubnetGroupDoesNotCoverEnoughAZs): the stack's subnet group is these subnets, so refuse at synth what
        // would fail at deploy.
        if (privateSubnetIds.size() < 2) {
            throw new InvalidConfigurationException("privateSubnetIds: give at least two private subnets in two"
                    + " different Availability Zones, found " + privateSubnetIds.size() + "; RDS requires a DB subnet"
                    + " group to cover at least two Availability Zones (RDS API Reference, CreateDBSubnetGroup)");
        }
        if (!availabilityZones.isEmpty() && availabilityZones.size() != privateSubnetIds.size()) {
            throw new InvalidConfigurationException("availabilityZones: give one zone per private subnet ("
                    + privateSubnetIds.size() + "), or none");
        }
        long zones = availabilityZones.stream().distinct().count();
        if (!availabilityZones.isEmpty() && zones < 2) {
            throw new InvalidConfigurationException("availabilityZones: the private subnets are all in "
                    + availabilityZones.get(0) + "; RDS requires a DB subnet group to cover at least two Availability"
                    + " Zones (RDS API Reference, CreateDBSubnetGroup): add a private subnet in another zone");
        }
        if (maxConcurrency < 1 || maxConcurrency > 40) {
            throw new InvalidConfigurationException("maxConcurrency must be between 1 and 40, found " + maxConcurrency);
        }
        auditCopyRegions = List.copyOf(auditCopyRegions);
        auditBackupAccountRoles = List.copyOf(auditBackupAccountRoles);
        for (String role : auditBackupAccountRoles) {
            try {
                CopyPlaces.roleAccount(role);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException("auditBackupAccountRoles: " + e.getMessage(), e);
            }
        }
        if (backupsRetentionDays < 1) {
            throw new InvalidConfigurationException("backupsRetentionDays must be at least 1, found " + backupsRetentionDays);
        }
    }

    /**
     * Reads the configuration.
     *
     * @param configFile the JSON config file; may be absent when every required key comes from {@code context}
     * @param context    CDK context look-up (values win over the file's); returns null for an absent key
     * @param defaultAccount account when neither file nor context names one (CDK_DEFAULT_ACCOUNT)
     * @param defaultRegion  region when neither file nor context names one (CDK_DEFAULT_REGION)
     * @throws InvalidConfigurationException naming the missing or malformed key
     */
    public static DeploymentConfig load(Optional<Path> configFile, Function<String, Object> context,
                                        Optional<String> defaultAccount, Optional<String> defaultRegion) {
        JsonNode file = configFile.map(DeploymentConfig::readJson).orElseGet(() -> new ObjectMapper().createObjectNode());
        Path base = configFile.map(p -> p.toAbsolutePath().getParent()).orElse(Path.of("").toAbsolutePath());
        Values values = new Values(file, context);
        Path drills = values.string("drillsFile").map(text -> base.resolve(text).normalize())
                .orElseThrow(() -> missing("drillsFile"));
        return new DeploymentConfig(
                values.string("account").or(() -> defaultAccount).orElseThrow(() -> missing("account")),
                values.string("region").or(() -> defaultRegion).orElseThrow(() -> missing("region")),
                values.string("vpcId").orElseThrow(() -> missing("vpcId")),
                values.list("privateSubnetIds"),
                values.list("availabilityZones"),
                drills,
                values.string("notificationEmail"),
                values.string("reportsBucketName"),
                values.string("backupsBucket").map(Boolean::parseBoolean).orElse(false),
                values.string("backupsBucketName"),
                values.string("backupsRetentionDays").map(text -> {
                    try {
                        return Integer.parseInt(text);
                    } catch (NumberFormatException e) {
                        throw new InvalidConfigurationException("backupsRetentionDays must be a whole number of days,"
                                + " found \"" + text + "\"", e);
                    }
                }).orElse(DEFAULT_BACKUPS_RETENTION_DAYS),
                values.string("maxConcurrency").map(text -> {
                    try {
                        return Integer.parseInt(text);
                    } catch (NumberFormatException e) {
                        throw new InvalidConfigurationException("maxConcurrency must be a whole number, found \""
                                + text + "\"", e);
                    }
                }).orElse(DEFAULT_MAX_CONCURRENCY),
                values.list("auditCopyRegions"),
                values.list("auditBackupAccountRoles"),
                values.string("alarmTestSchedule").map(text -> flag("alarmTestSchedule", text)).orElse(false),
                values.string("awsBackupRestoreTesting").map(text -> flag("awsBackupRestoreTesting", text))
                        .orElse(false));
    }

    private static boolean flag(String key, String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidConfigurationException(key + " must be true or false, found \"" + text + "\"");
        };
    }

    private static InvalidConfigurationException missing(String key) {
        return new InvalidConfigurationException("deployment parameter \"" + key + "\" is missing: set it in"
                + " restore-drill.config.json or pass -c " + key + "=...");
    }

    private static JsonNode readJson(Path file) {
        try {
            JsonNode node = new ObjectMapper().readTree(Files.readString(file));
            if (node == null || !node.isObject()) {
                throw new InvalidConfigurationException(file + ": the config file must hold a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidConfigurationException(file + ": cannot read the config file: " + e.getMessage(), e);
        }
    }

    private static void require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw missing(key);
        }
    }

    /** A key's value from the context (string, or JSON from -c) or else the file. */
    private record Values(JsonNode file, Function<String, Object> context) {

        Optional<String> string(String key) {
            Object fromContext = context.apply(key);
            if (fromContext != null && !fromContext.toString().isBlank()) {
                return Optional.of(fromContext.toString().trim());
            }
            JsonNode node = file.get(key);
            if (node == null || node.isNull() || node.asText().isBlank()) {
                return Optional.empty();
            }
            if (node.isContainerNode()) {
                throw new InvalidConfigurationException("deployment parameter \"" + key + "\" must be a single value");
            }
            return Optional.of(node.asText().trim());
        }

        /** A list: a JSON array in the file, or "a,b,c" / a list in the context. */
        List<String> list(String key) {
            Object fromContext = context.apply(key);
            if (fromContext instanceof List<?> items) {
                return items.stream().map(Object::toString).map(String::trim).toList();
            }
            if (fromContext != null && !fromContext.toString().isBlank()) {
                return split(fromContext.toString());
            }
            JsonNode node = file.get(key);
            if (node == null || node.isNull()) {
                return List.of();
            }
            if (node.isTextual()) {
                return split(node.asText());
            }
            if (!node.isArray()) {
                throw new InvalidConfigurationException("deployment parameter \"" + key + "\" must be a list of strings");
            }
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.asText().trim()));
            return items;
        }

        private static List<String> split(String text) {
            return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }
}
