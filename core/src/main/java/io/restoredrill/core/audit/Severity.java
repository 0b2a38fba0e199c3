package io.restoredrill.core.audit;

import java.util.Locale;

/** How urgent an audit finding is. HIGH: the database is one command away from the incident this product exists for. */
public enum Severity {
    HIGH, MEDIUM, LOW;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
