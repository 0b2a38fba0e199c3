package io.restoredrill.core.domain;

import java.util.Objects;

/**
 * What the guardrail audit needs to know about the production instance: the causes of the incident were
 * deletion protection off and automated snapshots as the only backups.
 *
 * @param backupRetentionDays automated-backup retention; 0 = automated backups off
 */
public record ProductionInstanceFacts(String identifier, boolean deletionProtection, int backupRetentionDays) {

    public ProductionInstanceFacts {
        Objects.requireNonNull(identifier, "identifier");
    }
}
