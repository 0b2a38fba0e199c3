package io.restoredrill.core.drill;

import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.ProofSettings;
import io.restoredrill.core.domain.ProofVerdict;
import io.restoredrill.core.domain.SchemaFingerprint;
import io.restoredrill.core.domain.SchemaObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The proofs of a backup of several databases (pg_dumpall), run on each of them and reported as one result per
 * proof, as for a single database: the worst verdict of the databases' (FAILED, then INCOMPLETE, then SKIPPED), each
 * value and finding prefixed with its database, and one schema fingerprint whose objects are named
 * {@code database.schema.name}. Each database's proofs get an equal share of each budget.
 */
final class PerDatabaseProofs {

    private PerDatabaseProofs() {
    }

    /** The settings for one of {@code databases} databases: each budget divided among them. */
    static ProofSettings shareOf(ProofSettings settings, int databases) {
        return new ProofSettings(
                new ProofSettings.Integrity(settings.integrity().enabled(), share(settings.integrity().budget(),
                        databases)),
                new ProofSettings.FullRead(settings.fullRead().enabled(), share(settings.fullRead().budget(),
                        databases), settings.fullRead().perTable()),
                new ProofSettings.Schema(settings.schema().enabled(), share(settings.schema().budget(), databases),
                        settings.schema().expect()),
                settings.freshness());
    }

    static Duration share(Duration budget, int databases) {
        Duration each = budget.dividedBy(Math.max(1, databases));
        return each.isZero() ? Duration.ofMillis(1) : each;
    }

    /** One result per proof name, from each database's results ({@code byDatabase}, in the report's order). */
    static List<ProofResult> merge(Map<String, List<ProofResult>> byDatabase) {
        List<String> order = new ArrayList<>();
        byDatabase.values().forEach(results -> results.forEach(r -> {
            if (!order.contains(r.name())) {
                order.add(r.name());
            }
        }));
        List<ProofResult> merged = new ArrayList<>();
        for (String proof : order) {
            ProofVerdict verdict = ProofVerdict.PASSED;
            List<String> values = new ArrayList<>();
            List<String> findings = new ArrayList<>();
            long elapsed = 0;
            for (Map.Entry<String, List<ProofResult>> entry : byDatabase.entrySet()) {
                for (ProofResult r : entry.getValue()) {
                    if (!r.name().equals(proof)) {
                        continue;
                    }
                    verdict = worse(verdict, r.verdict());
                    values.add(entry.getKey() + ": " + r.value());
                    r.findings().forEach(f -> findings.add(entry.getKey() + ": " + f));
                    elapsed += r.elapsedMillis();
                }
            }
            merged.add(new ProofResult(proof, verdict, String.join("; ", values), findings, elapsed));
        }
        return merged;
    }

    /** The fingerprints of each database as one: every object's name prefixed with its database. */
    static SchemaFingerprint mergeFingerprints(Map<String, SchemaFingerprint> byDatabase) {
        List<SchemaObject> objects = new ArrayList<>();
        byDatabase.forEach((database, fingerprint) -> fingerprint.objects().forEach(o ->
                objects.add(new SchemaObject(o.kind(), database + "." + o.name(), o.definition()))));
        return SchemaFingerprint.of(objects);
    }

    private static ProofVerdict worse(ProofVerdict a, ProofVerdict b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(ProofVerdict v) {
        return switch (v) {
            case PASSED -> 0;
            case SKIPPED -> 1;
            case INCOMPLETE -> 2;
            case FAILED -> 3;
        };
    }
}
