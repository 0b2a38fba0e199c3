package io.restoredrill.core.port;

import io.restoredrill.core.domain.FreshnessRequirement;
import io.restoredrill.core.domain.NewestValue;

/**
 * Reads the newest value of a freshness column on the restored database, computed on the server
 * ({@code max(column)}: one value comes back, never rows), read-only and within the entry's timeout.
 */
public interface NewestValueReader {

    /**
     * Never throws for what it finds or cannot read: a missing table or column, a name matching several tables, a
     * column that is not a date/time, a timeout or an SQL error each come back as a {@link NewestValue}.
     */
    NewestValue newest(DatabaseEndpoint database, FreshnessRequirement requirement);
}
