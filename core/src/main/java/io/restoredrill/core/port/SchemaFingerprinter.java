package io.restoredrill.core.port;

import io.restoredrill.core.domain.SchemaFingerprint;

import java.time.Duration;

/**
 * Reads the schema of a restored database from its catalogs, as a fingerprint to record in the report and to
 * compare with a baseline ({@link io.restoredrill.core.domain.SchemaDrift}).
 */
public interface SchemaFingerprinter {

    /**
     * Reads the fingerprint in a read-only transaction.
     *
     * @param budget how long reading may take; positive
     * @throws io.restoredrill.core.domain.SchemaUnreadableException when the catalogs cannot be read within the
     *         budget or at all; the message says why
     */
    SchemaFingerprint read(DatabaseEndpoint database, Duration budget);
}
