package io.restoredrill.core.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotDeletionGuardTest {

    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    private static final String COPY = "restore-drill-orders-0123456789ab";

    @Test
    void permitsTheCopyOfThisExecutionAndAnExpiredOneForTheReaper() {
        SnapshotCopy copy = copy(COPY, tags("true", "exec-1", NOW.minusSeconds(1).toString()));

        assertThat(SnapshotDeletionGuard.checkOwnCopy(copy, "exec-1").identifier()).isEqualTo(COPY);
        assertThat(SnapshotDeletionGuard.checkExpired(copy, NOW).identifier()).isEqualTo(COPY);
    }

    @Test
    void refusesASnapshotWithoutTheDrillPrefixWhateverItsTags() {
        SnapshotCopy production = copy("orders-nightly-1", tags("true", "exec-1", NOW.minusSeconds(1).toString()));

        assertThatThrownBy(() -> SnapshotDeletionGuard.checkOwnCopy(production, "exec-1"))
                .isInstanceOf(UnsafeDeletionException.class).hasMessageContaining("does not start with");
        assertThatThrownBy(() -> SnapshotDeletionGuard.checkExpired(production, NOW))
                .isInstanceOf(UnsafeDeletionException.class).hasMessageContaining("nothing was deleted");
    }

    @Test
    void refusesAnUntaggedDrillNamedSnapshot() {
        SnapshotCopy untagged = copy(COPY, tags(null, "exec-1", NOW.minusSeconds(1).toString()));

        assertThatThrownBy(() -> SnapshotDeletionGuard.checkOwnCopy(untagged, "exec-1"))
                .isInstanceOf(UnsafeDeletionException.class).hasMessageContaining("not tagged " + DrillTags.TEMPORARY);
    }

    @Test
    void refusesAnotherExecutionsCopyAndOneNotExpiredOrWithoutExpiry() {
        assertThatThrownBy(() -> SnapshotDeletionGuard.checkOwnCopy(copy(COPY, tags("true", "exec-0", null)), "exec-1"))
                .isInstanceOf(UnsafeDeletionException.class).hasMessageContaining("\"exec-0\"");
        assertThatThrownBy(() -> SnapshotDeletionGuard.checkExpired(copy(COPY, tags("true", "exec-1",
                NOW.plusSeconds(1).toString())), NOW))
                .isInstanceOf(UnsafeDeletionException.class).hasMessageContaining("not yet");
        assertThatThrownBy(() -> SnapshotDeletionGuard.checkExpired(copy(COPY, tags("true", "exec-1", null)), NOW))
                .isInstanceOf(UnsafeDeletionException.class).hasMessageContaining("no " + DrillTags.EXPIRES_AT);
        assertThatThrownBy(() -> SnapshotDeletionGuard.checkExpired(copy(COPY, tags("true", "exec-1", "soon")), NOW))
                .isInstanceOf(UnsafeDeletionException.class).hasMessageContaining("not an instant");
    }

    @Test
    void adoptionRequiresPrefixTemporaryTagExecutionAndDrill() {
        SnapshotCopy own = copy(COPY, Map.of(DrillTags.TEMPORARY, "true", DrillTags.EXECUTION, "exec-1",
                DrillTags.DRILL, "orders"));
        AdoptionGuard.checkOwnSnapshotCopy(own, "orders", "exec-1");

        assertThatThrownBy(() -> AdoptionGuard.checkOwnSnapshotCopy(own, "orders-eu", "exec-1"))
                .isInstanceOf(InstanceConflictException.class).hasMessageContaining(DrillTags.DRILL + "=orders,");
        assertThatThrownBy(() -> AdoptionGuard.checkOwnSnapshotCopy(own, "orders", "exec-2"))
                .isInstanceOf(InstanceConflictException.class);
        assertThatThrownBy(() -> AdoptionGuard.checkOwnSnapshotCopy(copy("orders-x", own.tags()), "orders", "exec-1"))
                .isInstanceOf(InstanceConflictException.class);
    }

    private static Map<String, String> tags(String temporary, String execution, String expiresAt) {
        Map<String, String> tags = new HashMap<>();
        if (temporary != null) {
            tags.put(DrillTags.TEMPORARY, temporary);
        }
        tags.put(DrillTags.EXECUTION, execution);
        if (expiresAt != null) {
            tags.put(DrillTags.EXPIRES_AT, expiresAt);
        }
        return tags;
    }

    private static SnapshotCopy copy(String identifier, Map<String, String> tags) {
        return new SnapshotCopy(identifier, "arn:aws:rds:us-east-1:123456789012:snapshot:" + identifier, "available",
                Optional.empty(), tags);
    }
}
