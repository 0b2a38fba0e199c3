package io.restoredrill.core.domain;

import java.util.List;
import java.util.Objects;

/**
 * What one proof of a restored database found: integrity, full read, schema drift.
 *
 * @param name          the proof, e.g. {@code integrity}, {@code full-read}, {@code schema}
 * @param verdict       the outcome; only {@link ProofVerdict#PASSED} counts as passed
 * @param value         one line for people, e.g. "42 indexes, 17 tables checked: no corruption", or the reason
 *                      it was skipped
 * @param findings      the details: each corruption, unreadable table or schema difference, each reason a part
 *                      could not run, each thing the budget left unchecked; empty when there is nothing to say
 * @param elapsedMillis wall-clock time the proof took
 */
public record ProofResult(String name, ProofVerdict verdict, String value, List<String> findings, long elapsedMillis) {

    public ProofResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(value, "value");
        findings = List.copyOf(findings);
        if (elapsedMillis < 0) {
            throw new IllegalArgumentException("elapsedMillis must not be negative: " + elapsedMillis);
        }
        if (verdict != ProofVerdict.PASSED && verdict != ProofVerdict.FAILED && value.isBlank() && findings.isEmpty()) {
            throw new IllegalArgumentException("a " + verdict + " proof must say why");
        }
    }

    /** A proof that could not run at all, with the reason. */
    public static ProofResult skipped(String name, String reason, long elapsedMillis) {
        return new ProofResult(name, ProofVerdict.SKIPPED, "skipped: " + reason, List.of(reason), elapsedMillis);
    }

    public boolean passed() {
        return verdict == ProofVerdict.PASSED;
    }

    /** True only for {@link ProofVerdict#FAILED}: a proof that found something wrong. */
    public boolean failed() {
        return verdict == ProofVerdict.FAILED;
    }
}
