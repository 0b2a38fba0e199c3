package io.restoredrill.core.workflow;

import io.restoredrill.core.domain.DrillTags;
import io.restoredrill.core.domain.TemporaryInstanceName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restoredrill.core.workflow.DrillInstancesFixture.PRODUCTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reaper against the moto RDS emulator: it deletes expired drill instances and nothing else. */
class ReaperTest {

    private static final Instant NOW = Instant.parse("2026-11-26T03:00:00Z");
    private static final String EXPIRED = TemporaryInstanceName.of("orders", "crashed-execution");
    private static final String NOT_YET_EXPIRED = TemporaryInstanceName.of("orders", "running-execution");
    private static final String PREFIX_WITHOUT_TAG = TemporaryInstanceName.of("orders", "hand-made");
    private static final String TAGGED_WITHOUT_PREFIX = "orders-replica";
    private static final String MALFORMED_EXPIRY = TemporaryInstanceName.of("orders", "malformed-expiry");

    private DrillInstancesFixture rds;
    private final List<ReapReport> published = new ArrayList<>();
    private Reaper reaper;

    @BeforeEach
    void startFromAnEmptyAccount() {
        rds = new DrillInstancesFixture();
        reaper = new Reaper(rds.instances(), rds.copies(), Clock.fixed(NOW, ZoneOffset.UTC), published::add);
    }

    @AfterEach
    void close() {
        rds.close();
    }

    @Test
    void deletesOnlyExpiredDrillInstances() {
        rds.createDrillInstance(EXPIRED, "crashed-execution", NOW.minusSeconds(3600));
        rds.createDrillInstance(NOT_YET_EXPIRED, "running-execution", NOW.plusSeconds(3600));
        // Production without deletion protection: only the reaper's own rules keep it alive.
        rds.create(PRODUCTION, Map.of("team", "orders"), false);
        rds.create(PREFIX_WITHOUT_TAG, Map.of(DrillTags.EXPIRES_AT, NOW.minusSeconds(3600).toString()), false);
        rds.create(TAGGED_WITHOUT_PREFIX,
                DrillInstancesFixture.drillTags("crashed-execution", NOW.minusSeconds(3600).toString()), false);
        rds.create(MALFORMED_EXPIRY, DrillInstancesFixture.drillTags("malformed-expiry", "next tuesday"), false);

        ReapReport report = reaper.reap();

        assertThat(rds.exists(EXPIRED)).isFalse();
        assertThat(List.of(NOT_YET_EXPIRED, PRODUCTION, PREFIX_WITHOUT_TAG, TAGGED_WITHOUT_PREFIX, MALFORMED_EXPIRY))
                .allSatisfy(id -> assertThat(rds.status(id)).as(id).contains("available"));
        assertThat(report.deleted()).containsExactly(EXPIRED);
        assertThat(report.kept()).containsExactly(new ReapReport.Kept(NOT_YET_EXPIRED, NOW.plusSeconds(3600)));
        assertThat(report.refused()).extracting(ReapReport.Refused::instanceId)
                .containsExactlyInAnyOrder(PREFIX_WITHOUT_TAG, TAGGED_WITHOUT_PREFIX, MALFORMED_EXPIRY);
        assertThat(report.refused()).allSatisfy(r -> assertThat(r.reason()).endsWith("nothing was deleted"));
        assertThat(report.refused()).filteredOn(r -> r.instanceId().equals(MALFORMED_EXPIRY))
                .singleElement().satisfies(r -> assertThat(r.reason()).contains("\"next tuesday\" is not an instant"));
        assertThat(report.failed()).isEmpty();
        assertThat(published).containsExactly(report);
        assertThat(rds.operationsSent()).containsOnlyOnce("DeleteDBInstance");
    }

    @Test
    void keepsAnInstanceUntilTheInstantItExpiresHasPassed() {
        rds.createDrillInstance(EXPIRED, "crashed-execution", NOW);

        ReapReport report = reaper.reap();

        assertThat(report.kept()).extracting(ReapReport.Kept::instanceId).containsExactly(EXPIRED);
        assertThat(rds.exists(EXPIRED)).isTrue();
    }

    @Test
    void aFailedDeletionDoesNotStopTheOthersAndFailsTheRunNamingIt() {
        String protectedOrphan = TemporaryInstanceName.of("orders", "a-protected-orphan");
        String other = TemporaryInstanceName.of("orders", "z-plain-orphan");
        // Someone turned deletion protection on for a drill instance: RDS refuses the delete.
        rds.create(protectedOrphan,
                DrillInstancesFixture.drillTags("a-protected-orphan", NOW.minusSeconds(60).toString()), true);
        rds.createDrillInstance(other, "z-plain-orphan", NOW.minusSeconds(60));

        assertThatThrownBy(reaper::reap)
                .isInstanceOf(ReaperFailedException.class)
                .hasMessageContaining(protectedOrphan)
                .satisfies(e -> assertThat(((ReaperFailedException) e).report().deleted()).containsExactly(other));

        assertThat(rds.exists(other)).isFalse();
        assertThat(rds.status(protectedOrphan)).contains("available");
        assertThat(published).singleElement().satisfies(r -> {
            assertThat(r.deleted()).containsExactly(other);
            assertThat(r.failed()).extracting(ReapReport.Failed::instanceId).containsExactly(protectedOrphan);
        });
    }

    @Test
    void anEmptyAccountIsAQuietRun() {
        ReapReport report = reaper.reap();

        assertThat(report.deleted()).isEmpty();
        assertThat(report.kept()).isEmpty();
        assertThat(report.refused()).isEmpty();
        assertThat(published).containsExactly(report);
    }
}
