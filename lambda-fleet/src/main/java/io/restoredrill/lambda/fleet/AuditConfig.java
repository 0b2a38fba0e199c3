package io.restoredrill.lambda.fleet;

import io.restoredrill.core.adapter.config.Durations;
import io.restoredrill.core.adapter.rds.CopyPlaces;
import io.restoredrill.core.audit.AuditPolicy;
import io.restoredrill.core.domain.InvalidConfigurationException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The nightly audit function's configuration, read once from the environment at INIT; a bad value fails INIT,
 * naming the variable.
 *
 * @param reportsBucket where the drills' reports are (read for coverage, under {@code reports/}) and where the
 *                      audit is kept (under {@code audit/})
 * @param copyRegions   other regions of the account that hold snapshot copies ({@value #COPY_REGIONS})
 * @param backupRoles   roles in backup accounts to read their copies with ({@value #BACKUP_ROLES})
 * @param backupVaults  whether to read AWS Backup's vaults and their locks ({@value #BACKUP_VAULTS}, default true)
 */
public record AuditConfig(String reportsBucket, AuditPolicy policy, List<String> copyRegions,
                          List<String> backupRoles, boolean backupVaults) {

    static final String REPORTS_BUCKET = "REPORTS_BUCKET";
    /** Comma-separated {@code key} or {@code key=value}; default {@value AuditPolicy#DEFAULT_EXCLUSION_TAG}. */
    static final String EXCLUDE_TAGS = "AUDIT_EXCLUDE_TAGS";
    static final String MAX_BACKUP_AGE = "AUDIT_MAX_BACKUP_AGE";
    static final String MAX_SINCE_PASS = "AUDIT_MAX_SINCE_PASS";
    static final String AWS_REGION = "AWS_REGION";
    /** Comma-separated region names. */
    static final String COPY_REGIONS = "AUDIT_COPY_REGIONS";
    /** Comma-separated role ARNs. */
    static final String BACKUP_ROLES = "AUDIT_BACKUP_ACCOUNT_ROLES";
    /** {@code true} (the default) or {@code false}. */
    static final String BACKUP_VAULTS = "AUDIT_BACKUP_VAULTS";

    public AuditConfig {
        Objects.requireNonNull(reportsBucket, "reportsBucket");
        Objects.requireNonNull(policy, "policy");
        copyRegions = List.copyOf(copyRegions);
        backupRoles = List.copyOf(backupRoles);
    }

    public static AuditConfig fromEnvironment() {
        return from(System.getenv());
    }

    /** @throws InvalidConfigurationException naming every missing or bad variable */
    public static AuditConfig from(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        for (String required : List.of(REPORTS_BUCKET, AWS_REGION)) {
            if (blank(env.get(required))) {
                problems.add(required + " is not set");
            }
        }
        AuditPolicy defaults = AuditPolicy.defaults();
        List<AuditPolicy.ExclusionTag> exclusions = defaults.exclusions();
        if (!blank(env.get(EXCLUDE_TAGS))) {
            exclusions = Arrays.stream(env.get(EXCLUDE_TAGS).split(",")).filter(t -> !t.isBlank())
                    .map(AuditPolicy.ExclusionTag::parse).toList();
        }
        Duration maxBackupAge = duration(env, MAX_BACKUP_AGE, defaults.maxBackupAge(), problems);
        Duration maxSincePass = duration(env, MAX_SINCE_PASS, defaults.maxSinceDrillPassed(), problems);
        List<String> copyRegions = list(env.get(COPY_REGIONS));
        List<String> backupRoles = list(env.get(BACKUP_ROLES));
        for (String role : backupRoles) {
            try {
                CopyPlaces.roleAccount(role);
            } catch (IllegalArgumentException e) {
                problems.add(BACKUP_ROLES + ": " + e.getMessage());
            }
        }
        String vaults = blank(env.get(BACKUP_VAULTS)) ? "true" : env.get(BACKUP_VAULTS).strip();
        if (!vaults.equals("true") && !vaults.equals("false")) {
            problems.add(BACKUP_VAULTS + "=" + vaults + ": must be true or false");
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException("the audit function's environment: " + String.join("; ", problems));
        }
        return new AuditConfig(env.get(REPORTS_BUCKET).strip(), new AuditPolicy(exclusions, maxBackupAge, maxSincePass),
                copyRegions, backupRoles, vaults.equals("true"));
    }

    private static List<String> list(String value) {
        return blank(value) ? List.of()
                : Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    private static Duration duration(Map<String, String> env, String name, Duration fallback, List<String> problems) {
        String value = env.get(name);
        if (blank(value)) {
            return fallback;
        }
        try {
            Duration parsed = Durations.parse(value.strip());
            if (parsed.isZero() || parsed.isNegative()) {
                problems.add(name + "=" + value + ": must be positive");
                return fallback;
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            problems.add(name + "=" + value + ": " + e.getMessage());
            return fallback;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
