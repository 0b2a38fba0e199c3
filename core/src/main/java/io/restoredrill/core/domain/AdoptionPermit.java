package io.restoredrill.core.domain;

import java.util.Objects;

/**
 * Proof that {@link AdoptionGuard} found an instance to be this drill's own. Only the guard can make one, and the
 * port operation that modifies an instance takes nothing else: it cannot be pointed at another instance, nor told
 * to change anything but what the operation itself fixes.
 */
public final class AdoptionPermit {

    private final String identifier;

    AdoptionPermit(String identifier) {
        this.identifier = Objects.requireNonNull(identifier, "identifier");
    }

    public String identifier() {
        return identifier;
    }

    @Override
    public String toString() {
        return "AdoptionPermit[" + identifier + "]";
    }
}
