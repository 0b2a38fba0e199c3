package io.restoredrill.core.adapter.rds;

import java.util.Optional;

/** Reads the account out of an ARN ({@code arn:partition:service:region:account:resource}). */
final class RdsArns {

    private RdsArns() {
    }

    static Optional<String> account(String arn) {
        if (arn == null || !arn.startsWith("arn:")) {
            return Optional.empty();
        }
        String[] parts = arn.split(":", 6);
        return parts.length == 6 && !parts[4].isEmpty() ? Optional.of(parts[4]) : Optional.empty();
    }
}
