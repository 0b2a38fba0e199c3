package io.restoredrill.core.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The freshness verdict on values a reader returned; the SQL that reads them is FreshnessProofTest's. */
class FreshnessTest {

    private static final Instant TAKEN = Instant.parse("2026-11-26T03:00:00Z");
    private static final FreshnessRequirement ORDERS = new FreshnessRequirement("shop.orders", "placed_at",
            Duration.ofHours(26), FreshnessRequirement.DEFAULT_TIMEOUT);
    private static final FreshnessRequirement EVENTS = new FreshnessRequirement("events", "at",
            Duration.ofHours(1), FreshnessRequirement.DEFAULT_TIMEOUT);

    private static Freshness.Judged judge(Map<FreshnessRequirement, NewestValue> values, Optional<Instant> taken) {
        return Freshness.judge(List.copyOf(values.keySet()).stream()
                .sorted(java.util.Comparator.comparing(FreshnessRequirement::table)).toList(), taken, values::get,
                () -> 4);
    }

    @Test
    void newestValueOlderThanMaxAgeFailsNamingTheColumnAndTheLag() {
        Freshness.Judged judged = judge(Map.of(ORDERS, new NewestValue.Found("shop.orders.placed_at",
                "timestamp with time zone", TAKEN.minus(Duration.ofHours(30)))), Optional.of(TAKEN));

        assertThat(judged.proof().verdict()).isEqualTo(ProofVerdict.FAILED);
        assertThat(judged.proof().name()).isEqualTo("freshness");
        assertThat(judged.proof().findings()).singleElement().asString()
                .contains("shop.orders.placed_at", "30h0m older than the backup", "allowed 26h0m");
        assertThat(judged.points()).singleElement().satisfies(p -> {
            assertThat(p.lagHours()).contains(30.0);
            assertThat(p.maxAgeHours()).isEqualTo(26.0);
            assertThat(p.newestValue()).contains(TAKEN.minus(Duration.ofHours(30)));
            assertThat(p.backupTakenAt()).contains(TAKEN);
            assertThat(p.verdict()).isEqualTo(ProofVerdict.FAILED);
        });
    }

    @Test
    void newestValueWithinMaxAgePassesAndRecordsTheRecoveryPoint() {
        Freshness.Judged judged = judge(Map.of(ORDERS, new NewestValue.Found("shop.orders.placed_at",
                "timestamp with time zone", TAKEN.minus(Duration.ofMinutes(90)))), Optional.of(TAKEN));

        assertThat(judged.proof().verdict()).isEqualTo(ProofVerdict.PASSED);
        assertThat(judged.proof().value()).contains("1.50 h");
        assertThat(judged.points()).singleElement().satisfies(p -> {
            assertThat(p.lagHours()).contains(1.5);
            assertThat(p.problem()).isEmpty();
        });
    }

    @Test
    void anEmptyTableAMissingColumnAndAWrongTypeEachFailTheProof() {
        Freshness.Judged empty = judge(Map.of(ORDERS, new NewestValue.NoValue("shop.orders.placed_at")),
                Optional.of(TAKEN));
        Freshness.Judged missing = judge(Map.of(ORDERS,
                new NewestValue.Unreadable("table shop.orders has no column placed_at")), Optional.of(TAKEN));
        Freshness.Judged text = judge(Map.of(ORDERS, new NewestValue.WrongType("shop.orders.placed_at", "text")),
                Optional.of(TAKEN));

        assertThat(empty.proof().verdict()).isEqualTo(ProofVerdict.FAILED);
        assertThat(empty.proof().findings()).singleElement().asString().contains("holds no value");
        assertThat(missing.proof().findings()).singleElement().asString()
                .contains("shop.orders.placed_at: table shop.orders has no column placed_at");
        assertThat(text.proof().verdict()).isEqualTo(ProofVerdict.FAILED);
        assertThat(text.proof().findings()).singleElement().asString()
                .startsWith("configuration error: shop.orders.placed_at is text, not date, timestamp or timestamptz");
    }

    @Test
    void oneStaleColumnAmongFreshOnesFailsAndEveryEntryIsRecorded() {
        Freshness.Judged judged = judge(Map.of(
                ORDERS, new NewestValue.Found("shop.orders.placed_at", "date", TAKEN.minus(Duration.ofHours(3))),
                EVENTS, new NewestValue.Found("public.events.at", "timestamp without time zone",
                        TAKEN.minus(Duration.ofHours(2)))), Optional.of(TAKEN));

        assertThat(judged.proof().verdict()).isEqualTo(ProofVerdict.FAILED);
        assertThat(judged.proof().value()).startsWith("1 of 2 not fresh");
        assertThat(judged.points()).extracting(RecoveryPoint::table, RecoveryPoint::verdict).containsExactly(
                org.assertj.core.groups.Tuple.tuple("events", ProofVerdict.FAILED),
                org.assertj.core.groups.Tuple.tuple("shop.orders", ProofVerdict.PASSED));
    }

    @Test
    void aNewestValueAfterTheBackupTimeIsFreshWithANegativeLag() {
        Freshness.Judged judged = judge(Map.of(ORDERS, new NewestValue.Found("shop.orders.placed_at",
                "timestamp with time zone", TAKEN.plus(Duration.ofMinutes(6)))), Optional.of(TAKEN));

        assertThat(judged.proof().verdict()).isEqualTo(ProofVerdict.PASSED);
        assertThat(judged.points().get(0).lagHours()).contains(-0.1);
    }

    @Test
    void withoutTheBackupsTimestampTheProofIsSkippedNeverPassed() {
        Freshness.Judged judged = judge(Map.of(ORDERS, new NewestValue.Found("shop.orders.placed_at",
                "timestamp with time zone", TAKEN)), Optional.empty());

        assertThat(judged.proof().verdict()).isEqualTo(ProofVerdict.SKIPPED);
        assertThat(judged.proof().value()).contains("timestamp is not known");
        assertThat(judged.points()).singleElement().satisfies(p -> assertThat(p.verdict())
                .isEqualTo(ProofVerdict.SKIPPED));
    }
}
