package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.port.DatabaseProof;
import io.restoredrill.core.port.DatabaseProofs;
import io.restoredrill.core.port.NewestValueReader;
import io.restoredrill.core.port.SchemaFingerprinter;

import java.time.Duration;

/** The proofs as PostgreSQL runs them: amcheck, the server-side full read, the catalogs' schema fingerprint,
 * {@code max(column)} for freshness. */
public final class PostgresProofs implements DatabaseProofs {

    @Override
    public DatabaseProof integrity() {
        return new AmcheckIntegrityProof();
    }

    @Override
    public DatabaseProof fullRead(Duration perTableBudget) {
        return new FullReadProof(perTableBudget);
    }

    @Override
    public SchemaFingerprinter fingerprinter() {
        return new CatalogSchemaFingerprinter();
    }

    @Override
    public NewestValueReader newestValues() {
        return new FreshnessProof();
    }
}
