package io.restoredrill.core.drill;

import io.restoredrill.core.domain.Baseline;
import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.ProofSettings;
import io.restoredrill.core.domain.SchemaDrift;
import io.restoredrill.core.domain.SchemaFingerprint;
import io.restoredrill.core.domain.SchemaUnreadableException;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.SchemaFingerprinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static io.restoredrill.core.drill.Verification.millisSince;

/**
 * The schema proof of one verification, in its two steps: the restored schema's fingerprint is taken first, before
 * the other proofs change anything (the integrity proof creates amcheck and drops it again); it is judged at the
 * end, once the baseline is known: against {@code proofs.schema.expect} when the plan has one, else against the
 * baseline's fingerprint, else SKIPPED for want of anything to compare with. A fingerprint that could not be read
 * makes the proof SKIPPED with the reason: never passed, never failed.
 *
 * <p>What it holds goes from round to round ({@link io.restoredrill.core.domain.VerificationProgress}): the
 * fingerprint is taken in the first round, and the proof judged in the round that ends the proofs.
 */
final class SchemaProof {

    private static final Logger log = LoggerFactory.getLogger(SchemaProof.class);

    private final SchemaFingerprinter fingerprinter;
    private Optional<SchemaFingerprint> fingerprint;
    /** Set when the fingerprint was to be taken and could not be: the proof's reason to be SKIPPED. */
    private Optional<ProofResult> unread;
    private long millis;

    /** Nothing taken yet. */
    SchemaProof(SchemaFingerprinter fingerprinter) {
        this(fingerprinter, Optional.empty(), Optional.empty(), 0);
    }

    /** What an earlier round took. */
    SchemaProof(SchemaFingerprinter fingerprinter, Optional<SchemaFingerprint> fingerprint,
                Optional<ProofResult> unread, long millis) {
        this.fingerprinter = fingerprinter;
        this.fingerprint = fingerprint;
        this.unread = unread;
        this.millis = millis;
    }

    /** Takes the fingerprint of one database, within {@code budget}. */
    void take(DatabaseEndpoint database, Duration budget) {
        long started = System.nanoTime();
        try {
            SchemaFingerprint taken = fingerprinter.read(database, budget);
            fingerprint = Optional.of(taken);
            log.info("schema fingerprint {} ({})", taken.digest(), taken.summary());
        } catch (SchemaUnreadableException e) {
            log.warn("schema fingerprint not taken: {}", e.getMessage());
            unread = Optional.of(ProofResult.skipped(SchemaDrift.PROOF, e.getMessage(), millisSince(started)));
        } finally {
            millis = millisSince(started);
        }
    }

    /**
     * Takes the fingerprints of the databases of a backup of several, each within {@code budgetEach}, as one
     * fingerprint ({@link PerDatabaseProofs#mergeFingerprints}); none when one of them cannot be read.
     */
    void takeEach(ProvenDatabases databases, Duration budgetEach) {
        long started = System.nanoTime();
        Map<String, SchemaFingerprint> each = new LinkedHashMap<>();
        try {
            for (ProvenDatabases.Proven database : databases.all()) {
                String name = database.name().orElseThrow();
                try {
                    each.put(name, fingerprinter.read(database.endpoint(), budgetEach));
                } catch (SchemaUnreadableException e) {
                    log.warn("schema fingerprint of database {} not taken: {}", name, e.getMessage());
                    unread = Optional.of(ProofResult.skipped(SchemaDrift.PROOF, "database " + name + ": "
                            + e.getMessage(), millisSince(started)));
                    return;
                }
            }
            SchemaFingerprint merged = PerDatabaseProofs.mergeFingerprints(each);
            fingerprint = Optional.of(merged);
            log.info("schema fingerprint {} of {} databases ({})", merged.digest(), each.size(), merged.summary());
        } finally {
            millis = millisSince(started);
        }
    }

    /**
     * The proof: empty when no fingerprint was to be taken. {@code baseline} is asked for only when there is a
     * fingerprint and no expected schema (on the AWS path, looking it up reads S3).
     */
    Optional<ProofResult> judge(Optional<ProofSettings.ExpectedSchema> expected,
                                Supplier<Optional<Baseline>> baseline) {
        if (unread.isPresent()) {
            return unread;
        }
        if (fingerprint.isEmpty()) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        SchemaFingerprint restored = fingerprint.get();
        if (expected.isPresent()) {
            return Optional.of(SchemaDrift.proof(Optional.of(expected.get().fingerprint()), expected.get().origin(),
                    restored, millis + millisSince(started)));
        }
        Optional<Baseline> against = baseline.get();
        if (against.isPresent()) {
            return Optional.of(SchemaDrift.proof(against.get().schema(), "baseline " + against.get().origin(),
                    restored, millis + millisSince(started)));
        }
        return Optional.of(ProofResult.skipped(SchemaDrift.PROOF,
                "nothing to compare with: no baseline and no proofs.schema.expect", millis + millisSince(started)));
    }

    Optional<SchemaFingerprint> fingerprint() {
        return fingerprint;
    }

    Optional<ProofResult> unread() {
        return unread;
    }

    long millis() {
        return millis;
    }
}
