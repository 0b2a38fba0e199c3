package io.restoredrill.core.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The nightly check of what caused the incident this product exists for: a production instance without
 * deletion protection, whose only backups were automated snapshots that died with it.
 *
 * @param deletionProtection              empty when the production instance does not exist (any more)
 * @param newestIndependentBackupAgeHours empty when there is no independent backup at all
 * @param findings                        one sentence per problem found; empty when all is well
 */
public record GuardrailAudit(String productionInstance, boolean productionInstanceExists,
                             Optional<Boolean> deletionProtection, Optional<Double> newestIndependentBackupAgeHours,
                             boolean onlyAutomatedBackups, List<String> findings) {

    public GuardrailAudit {
        Objects.requireNonNull(productionInstance, "productionInstance");
        Objects.requireNonNull(deletionProtection, "deletionProtection");
        Objects.requireNonNull(newestIndependentBackupAgeHours, "newestIndependentBackupAgeHours");
        findings = List.copyOf(findings);
    }
}
