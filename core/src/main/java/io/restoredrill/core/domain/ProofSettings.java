package io.restoredrill.core.domain;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which proofs a drill runs on the restored database beyond its row counts and checks, and how long each may take.
 * The same settings, read from the same {@code proofs:} mapping, for both paths; only the defaults differ
 * ({@link #localDefaults()}, {@link #awsDefaults()}), because the AWS path's validate function has 15 minutes.
 *
 * @param integrity amcheck on every B-tree index and table
 * @param fullRead  every row and TOAST value of every table read on the server
 * @param schema    the schema fingerprint, compared with an expected one or the baseline's
 * @param freshness the columns whose newest value must be recent against the backup's timestamp; none by default
 *                  (there is no column every database has)
 */
public record ProofSettings(Integrity integrity, FullRead fullRead, Schema schema,
                            List<FreshnessRequirement> freshness) {

    /** Settings without freshness entries. */
    public ProofSettings(Integrity integrity, FullRead fullRead, Schema schema) {
        this(integrity, fullRead, schema, List.of());
    }

    public ProofSettings {
        Objects.requireNonNull(integrity, "integrity");
        Objects.requireNonNull(fullRead, "fullRead");
        Objects.requireNonNull(schema, "schema");
        freshness = List.copyOf(freshness);
    }

    /** The same settings with these freshness entries. */
    public ProofSettings withFreshness(List<FreshnessRequirement> entries) {
        return new ProofSettings(integrity, fullRead, schema, entries);
    }

    /** Local mode: integrity 10m, full read 10m (2m per table), schema 1m. */
    public static ProofSettings localDefaults() {
        return new ProofSettings(new Integrity(true, Duration.ofMinutes(10)),
                new FullRead(true, Duration.ofMinutes(10), Duration.ofMinutes(2)),
                new Schema(true, Duration.ofMinutes(1), Optional.empty()));
    }

    /**
     * The AWS path: integrity 4m, full read 4m (2m per table), schema 30s, so that with the checks a drill's proofs
     * usually fit one validate round; longer budgets take more rounds (see {@link DrillSpec#VALIDATE_ROUNDS}).
     */
    public static ProofSettings awsDefaults() {
        return new ProofSettings(new Integrity(true, Duration.ofMinutes(4)),
                new FullRead(true, Duration.ofMinutes(4), Duration.ofMinutes(2)),
                new Schema(true, Duration.ofSeconds(30), Optional.empty()));
    }

    /** No proof at all: the drill of before the proofs ({@code --no-proofs}). */
    public static ProofSettings none() {
        ProofSettings defaults = localDefaults();
        return new ProofSettings(new Integrity(false, defaults.integrity().budget()),
                new FullRead(false, defaults.fullRead().budget(), defaults.fullRead().perTable()),
                new Schema(false, defaults.schema().budget(), Optional.empty()));
    }

    /** The longest the enabled proofs may take together (each freshness entry's query timeout included). */
    public Duration enabledBudget() {
        Duration total = Duration.ZERO;
        if (integrity.enabled()) {
            total = total.plus(integrity.budget());
        }
        if (fullRead.enabled()) {
            total = total.plus(fullRead.budget());
        }
        if (schema.enabled()) {
            total = total.plus(schema.budget());
        }
        for (FreshnessRequirement entry : freshness) {
            total = total.plus(entry.timeout());
        }
        return total;
    }

    /** The integrity proof: on or off, and its budget (positive). */
    public record Integrity(boolean enabled, Duration budget) {
        public Integrity {
            positive(budget, "proofs.integrity.budget");
        }
    }

    /** The full read: on or off, its budget and each table's (both positive). */
    public record FullRead(boolean enabled, Duration budget, Duration perTable) {
        public FullRead {
            positive(budget, "proofs.fullRead.budget");
            positive(perTable, "proofs.fullRead.perTable");
        }
    }

    /**
     * The schema fingerprint and drift proof.
     *
     * @param budget how long reading the fingerprint may take (positive)
     * @param expect the fingerprint to compare with instead of the baseline's, when given
     */
    public record Schema(boolean enabled, Duration budget, Optional<ExpectedSchema> expect) {
        public Schema {
            positive(budget, "proofs.schema.budget");
            Objects.requireNonNull(expect, "expect");
        }
    }

    /**
     * A committed fingerprint to compare restored schemas with.
     *
     * @param origin where it came from, e.g. the file's path, for the proof's value
     */
    public record ExpectedSchema(SchemaFingerprint fingerprint, String origin) {
        public ExpectedSchema {
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(origin, "origin");
        }
    }

    private static void positive(Duration budget, String key) {
        Objects.requireNonNull(budget, key);
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, found " + budget);
        }
    }
}
