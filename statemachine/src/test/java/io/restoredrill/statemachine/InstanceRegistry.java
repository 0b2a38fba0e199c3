package io.restoredrill.statemachine;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory stand-in for RDS: the temporary instances that exist now, and their status. */
final class InstanceRegistry {

    private final Map<String, String> statusById = new ConcurrentHashMap<>();

    /** Creates the instance, or adopts it when it already exists (a retried restore makes no second instance). */
    void launch(String id) {
        statusById.putIfAbsent(id, "creating");
    }

    Optional<String> status(String id) {
        return Optional.ofNullable(statusById.get(id));
    }

    void setStatus(String id, String status) {
        statusById.computeIfPresent(id, (ignored, previous) -> status);
    }

    /** @return whether there was an instance to delete */
    boolean delete(String id) {
        return statusById.remove(id) != null;
    }

    Set<String> instanceIds() {
        return Set.copyOf(statusById.keySet());
    }
}
