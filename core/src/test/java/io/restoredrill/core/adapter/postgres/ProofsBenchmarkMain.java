package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.ProofSettings;
import io.restoredrill.core.domain.SchemaFingerprint;
import io.restoredrill.core.drill.Baselines;
import io.restoredrill.core.drill.Subject;
import io.restoredrill.core.drill.Verification;
import io.restoredrill.core.drill.VerificationOutcome;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.DatabaseProof;
import io.restoredrill.core.port.RestoreProgress;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Restores one plain dump with {@link PlainDumpRestorer}, then runs each proof on it, for
 * {@code benchmark/proofs.sh}. Args: host port database user file. Prints one {@code name millis verdict value} line
 * per step, the restore first, and last the time the verification pipeline takes for all of them as a drill runs
 * them.
 */
public final class ProofsBenchmarkMain {

    private ProofsBenchmarkMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: ProofsBenchmarkMain host port database user dump.sql");
            System.exit(2);
        }
        DatabaseEndpoint target = new DatabaseEndpoint(args[0], Integer.parseInt(args[1]), args[2], args[3],
                Optional.empty(), false);
        Path file = Path.of(args[4]);
        BackupRef ref = new BackupRef(file.toString(), file.getFileName().toString(), Files.size(file), Instant.now(),
                BackupRef.TimestampSource.MODIFICATION_TIME, BackupFormat.PLAIN_SQL);
        long started = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            new PlainDumpRestorer().restore(ref, in, target, RestoreProgress.NONE);
        }
        System.out.printf(Locale.ROOT, "%-10s %8d%n", "restore", (System.nanoTime() - started) / 1_000_000);

        Duration budget = Duration.ofMinutes(10);
        started = System.nanoTime();
        SchemaFingerprint schema = new CatalogSchemaFingerprinter().read(target, budget);
        System.out.printf(Locale.ROOT, "%-10s %8d %s%n", "schema", (System.nanoTime() - started) / 1_000_000,
                schema.summary());
        for (DatabaseProof proof : List.of(new FullReadProof(Duration.ofMinutes(5)), new AmcheckIntegrityProof())) {
            ProofResult result = proof.run(target, budget);
            System.out.printf(Locale.ROOT, "%-10s %8d %s %s%n", result.name(), result.elapsedMillis(),
                    result.verdict(), result.value());
        }

        // As a drill runs them: the pipeline on the restored database with no user check, the local defaults
        // (fingerprint, then integrity and the full read at once). Its time includes the row count of every table.
        VerificationOutcome outcome = new Verification(new JdbcDatabaseInspector(), new PostgresProofs(),
                Clock.systemUTC()).run(new Verification.Plan("bench", List.of(), 0.1, Baselines.none(),
                        ProofSettings.localDefaults()),
                new Subject.Restored("bench", "bench", () -> new Subject.Located(target, "bench")));
        System.out.printf(Locale.ROOT, "%-10s %8d %s (row counts, fingerprint, integrity and full read at once)%n",
                "pipeline", outcome.checksMillis(), outcome.verdict());
    }
}
