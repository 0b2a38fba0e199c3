package io.restoredrill.cli.preflight;

import java.util.Optional;

/** KMS keys as DescribeKey sees them from this account. */
public interface KeyDescriptions {

    /**
     * @return empty when the key does not exist or this account may not describe it (a cross-account key whose key
     *         policy does not name this account looks the same as a missing one)
     */
    Optional<KeyState> describe(String keyId);

    /** @param state {@code Enabled}, {@code Disabled}, {@code PendingDeletion}, ... */
    record KeyState(String arn, String state) {
        public boolean enabled() {
            return "Enabled".equals(state);
        }
    }
}
