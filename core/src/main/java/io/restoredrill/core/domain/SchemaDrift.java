package io.restoredrill.core.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a restored schema differs from an expected one (the baseline's, or a committed fingerprint).
 *
 * <p>What fails: any object that was expected and is gone (a table, column, index, constraint, and equally a
 * view, function, sequence, schema or extension), and a changed definition of a kind whose change breaks the
 * schema ({@link SchemaObject.Kind#changeBreaks()}: a column's type or nullability, a constraint's or an index's
 * definition). What is only reported: additions, and changed views, functions, sequences and extension versions.
 *
 * @param lost    expected objects the restored schema does not have
 * @param changed objects present in both whose definitions differ
 * @param added   objects the restored schema has and the expected one did not
 */
public record SchemaDrift(List<SchemaObject> lost, List<Change> changed, List<SchemaObject> added) {

    /** The name of the schema drift proof in a report. */
    public static final String PROOF = "schema";

    /** Findings listed in a proof result at most; the report says how many more there were. */
    static final int MAX_FINDINGS = 200;

    /** One object whose definition differs. */
    public record Change(SchemaObject expected, SchemaObject restored) {

        public Change {
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(restored, "restored");
        }

        public boolean breaks() {
            return expected.kind().changeBreaks();
        }

        public String describe() {
            return expected.kind().label() + " " + expected.name() + " changed from " + quoted(expected.definition())
                    + " to " + quoted(restored.definition());
        }

        private static String quoted(String definition) {
            return "'" + definition + "'";
        }
    }

    public SchemaDrift {
        lost = List.copyOf(lost);
        changed = List.copyOf(changed);
        added = List.copyOf(added);
    }

    /** Compares the restored fingerprint with the expected one, object by object (kind and name). */
    public static SchemaDrift between(SchemaFingerprint expected, SchemaFingerprint restored) {
        Map<String, SchemaObject> remaining = new LinkedHashMap<>();
        for (SchemaObject o : restored.objects()) {
            remaining.put(o.key(), o);
        }
        List<SchemaObject> lost = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        for (SchemaObject before : expected.objects()) {
            SchemaObject after = remaining.remove(before.key());
            if (after == null) {
                lost.add(before);
            } else if (!after.definition().equals(before.definition())) {
                changed.add(new Change(before, after));
            }
        }
        return new SchemaDrift(lost, changed, List.copyOf(remaining.values()));
    }

    /** True when something was lost or broken; additions and harmless changes never fail. */
    public boolean fails() {
        return !lost.isEmpty() || changed.stream().anyMatch(Change::breaks);
    }

    public boolean isEmpty() {
        return lost.isEmpty() && changed.isEmpty() && added.isEmpty();
    }

    /**
     * The schema proof of a drill: the restored fingerprint against the expected one.
     *
     * @param expected       the fingerprint to compare with; empty when the baseline has none (a report written
     *                       before fingerprints, or no baseline at all), which makes the proof SKIPPED
     * @param expectedOrigin where the expected fingerprint came from, e.g. the baseline report's path
     */
    public static ProofResult proof(Optional<SchemaFingerprint> expected, String expectedOrigin,
                                    SchemaFingerprint restored, long elapsedMillis) {
        Objects.requireNonNull(expectedOrigin, "expectedOrigin");
        if (expected.isEmpty()) {
            return ProofResult.skipped(PROOF, expectedOrigin + " holds no schema fingerprint to compare with"
                    + " (restored schema " + restored.digest() + ")", elapsedMillis);
        }
        SchemaDrift drift = between(expected.get(), restored);
        return drift.toProof(expectedOrigin, restored, elapsedMillis);
    }

    private ProofResult toProof(String expectedOrigin, SchemaFingerprint restored, long elapsedMillis) {
        List<String> findings = new ArrayList<>();
        lost.forEach(o -> findings.add("lost " + o.describe()));
        changed.stream().filter(Change::breaks).forEach(c -> findings.add(c.describe()));
        changed.stream().filter(c -> !c.breaks()).forEach(c -> findings.add(c.describe() + " (not a failure)"));
        added.forEach(o -> findings.add("added " + o.describe() + " (not a failure)"));
        if (findings.size() > MAX_FINDINGS) {
            int more = findings.size() - MAX_FINDINGS;
            findings.subList(MAX_FINDINGS, findings.size()).clear();
            findings.add("... and " + more + " more differences");
        }
        long breaking = changed.stream().filter(Change::breaks).count();
        String value;
        if (isEmpty()) {
            value = "same schema as " + expectedOrigin + " (" + restored.digest() + ", " + restored.summary() + ")";
        } else {
            value = String.format(java.util.Locale.ROOT, "%d lost, %d changed (%d breaking), %d added against %s",
                    lost.size(), changed.size(), breaking, added.size(), expectedOrigin);
        }
        return new ProofResult(PROOF, fails() ? ProofVerdict.FAILED : ProofVerdict.PASSED, value, findings,
                elapsedMillis);
    }
}
