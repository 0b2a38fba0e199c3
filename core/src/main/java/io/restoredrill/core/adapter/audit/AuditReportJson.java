package io.restoredrill.core.adapter.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.restoredrill.core.audit.AccountAuditReport;
import io.restoredrill.core.audit.DatabaseFinding;
import io.restoredrill.core.audit.Finding;
import io.restoredrill.core.audit.Severity;
import io.restoredrill.core.domain.Hours;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The account audit as JSON: {@code restore-drill audit --json} writes it, and the nightly audit function keeps it
 * beside the drills' reports ({@code audit/latest.json}), for people and other tools.
 */
public final class AuditReportJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new Jdk8Module())
            .addModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    private AuditReportJson() {
    }

    record Audit(Instant checkedAt, long high, long medium, long low, List<Region> regions) {
    }

    record Region(String inventory, List<Database> databases, List<String> notes) {
    }

    record Database(String kind, String identifier, String region, String engine, boolean deletionProtection,
                    int backupRetentionDays, boolean excluded, Optional<String> excludedBecause,
                    Optional<Backup> newestIndependentBackup, Optional<Double> newestIndependentBackupAgeHours,
                    boolean onlyAutomatedBackups, Optional<Drill> drill, Optional<String> worstSeverity,
                    List<Problem> findings, List<Vault> backupVaults) {
    }

    record Vault(String name, String arn, boolean locked, Optional<Integer> minRetentionDays) {
    }

    record Backup(String identifier, String type, Instant createdAt) {
    }

    record Drill(String name, Instant lastPassedAt, String report) {
    }

    record Problem(String severity, String check, String problem, String fix) {
    }

    public static String toJson(Instant checkedAt, List<AccountAuditReport> reports) {
        Audit audit = new Audit(checkedAt, count(reports, Severity.HIGH), count(reports, Severity.MEDIUM),
                count(reports, Severity.LOW), reports.stream()
                .map(r -> new Region(r.inventory(), r.databases().stream().map(AuditReportJson::database).toList(), r.notes()))
                .toList());
        try {
            return MAPPER.writeValueAsString(audit);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the audit as JSON", e);
        }
    }

    public static long count(List<AccountAuditReport> reports, Severity severity) {
        return reports.stream().mapToLong(r -> r.count(severity)).sum();
    }

    private static Database database(DatabaseFinding d) {
        return new Database(d.database().kind().label(), d.database().identifier(), d.database().region(),
                d.database().engine(), d.database().deletionProtection(), d.database().backupRetentionDays(),
                d.excluded(), d.excludedBecause(),
                d.newestIndependentBackup().map(b -> new Backup(b.identifier(), b.type().label(), b.createdAt())),
                d.newestBackupAge().map(Hours::of), d.onlyAutomatedBackups(),
                d.drill().map(c -> new Drill(c.drillName(), c.lastPassedAt(), c.location())),
                d.worst().map(Severity::label),
                d.findings().stream().map(AuditReportJson::problem).toList(),
                d.backupVaults().stream().map(v -> new Vault(v.name(), v.arn(), v.locked(),
                        v.minRetentionDays().isPresent() ? Optional.of(v.minRetentionDays().getAsInt())
                                : Optional.empty())).toList());
    }

    private static Problem problem(Finding f) {
        return new Problem(f.severity().label(), f.check(), f.problem(), f.fix());
    }
}
