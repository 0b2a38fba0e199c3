package io.restoredrill.core.port;

import java.util.Optional;

/** Creates the database a drill restores into. */
public interface TemporaryDatabaseProvider {

    /**
     * Creates a new, empty database that no one else uses.
     *
     * @param dumpMajorVersion the PostgreSQL major version the backup was dumped from, when known; a provider
     *                         that can choose its server version picks a matching one
     * @throws io.restoredrill.core.domain.TemporaryDatabaseException when it cannot be created
     */
    TemporaryDatabase create(Optional<Integer> dumpMajorVersion);
}
