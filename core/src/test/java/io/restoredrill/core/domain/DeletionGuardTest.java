package io.restoredrill.core.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The deletion guard on its own: what it permits, and that every refusal says nothing was deleted and names whom. */
class DeletionGuardTest {

    private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:drill:run-1";
    private static final String OWN = TemporaryInstanceName.of("orders", EXECUTION);
    private static final Instant NOW = Instant.parse("2026-11-26T03:00:00Z");

    @Test
    void permitsTheDrillsOwnTaggedInstance() {
        DeletionPermit permit = DeletionGuard.checkOwnInstance(instance(OWN, tags()), EXECUTION);

        assertThat(permit.identifier()).isEqualTo(OWN);
    }

    @Test
    void permitsAnExpiredDrillInstanceOfAnyExecution() {
        Map<String, String> tags = tags();
        tags.put(DrillTags.EXECUTION, "some-crashed-execution");
        tags.put(DrillTags.EXPIRES_AT, NOW.minusSeconds(1).toString());

        assertThat(DeletionGuard.checkExpired(instance(OWN, tags), NOW).identifier()).isEqualTo(OWN);
    }

    static Stream<Arguments> refusals() {
        Map<String, String> noTemporary = tags();
        noTemporary.remove(DrillTags.TEMPORARY);
        Map<String, String> temporaryFalse = tags();
        temporaryFalse.put(DrillTags.TEMPORARY, "false");
        Map<String, String> temporaryUpperCase = tags();
        temporaryUpperCase.put(DrillTags.TEMPORARY, "TRUE");
        Map<String, String> otherExecution = tags();
        otherExecution.put(DrillTags.EXECUTION, "another-execution");
        Map<String, String> noExecution = tags();
        noExecution.remove(DrillTags.EXECUTION);
        Map<String, String> noExpiry = tags();
        noExpiry.remove(DrillTags.EXPIRES_AT);
        Map<String, String> malformedExpiry = tags();
        malformedExpiry.put(DrillTags.EXPIRES_AT, "tomorrow");
        Map<String, String> notYetExpired = tags();
        notYetExpired.put(DrillTags.EXPIRES_AT, NOW.plusSeconds(60).toString());
        Map<String, String> expiringNow = tags();
        expiringNow.put(DrillTags.EXPIRES_AT, NOW.toString());
        Map<String, String> expired = tags();
        expired.put(DrillTags.EXPIRES_AT, NOW.minusSeconds(3600).toString());
        return Stream.of(
                own("production instance, fully tagged", "orders-prod", tags()),
                own("identifier merely containing the prefix", "x-restore-drill-orders", tags()),
                own("prefix in upper case", "RESTORE-DRILL-orders", tags()),
                own("no temporary tag", OWN, noTemporary),
                own("temporary=false", OWN, temporaryFalse),
                own("temporary=TRUE", OWN, temporaryUpperCase),
                own("another execution's instance", OWN, otherExecution),
                own("no execution tag", OWN, noExecution),
                expired("production instance, expired", "orders-prod", expired),
                expired("no temporary tag, expired", OWN, noTemporaryExpired()),
                expired("no expires-at tag", OWN, noExpiry),
                expired("malformed expires-at", OWN, malformedExpiry),
                expired("not yet expired", OWN, notYetExpired),
                expired("expiring this very instant", OWN, expiringNow));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesAndSaysNothingWasDeletedNamingTheInstance(String why, String identifier, Executable check) {
        assertThatThrownBy(check::execute)
                .isInstanceOf(UnsafeDeletionException.class)
                .hasMessageStartingWith("refusing to delete " + identifier + ":")
                .hasMessageEndingWith("nothing was deleted");
    }

    private static Arguments own(String why, String identifier, Map<String, String> tags) {
        Executable check = () -> DeletionGuard.checkOwnInstance(instance(identifier, tags), EXECUTION);
        return Arguments.of("own: " + why, identifier, check);
    }

    private static Arguments expired(String why, String identifier, Map<String, String> tags) {
        Executable check = () -> DeletionGuard.checkExpired(instance(identifier, tags), NOW);
        return Arguments.of("reaper: " + why, identifier, check);
    }

    private static Map<String, String> noTemporaryExpired() {
        Map<String, String> tags = tags();
        tags.remove(DrillTags.TEMPORARY);
        tags.put(DrillTags.EXPIRES_AT, NOW.minusSeconds(3600).toString());
        return tags;
    }

    private static Map<String, String> tags() {
        Map<String, String> tags = new HashMap<>();
        tags.put(DrillTags.TEMPORARY, "true");
        tags.put(DrillTags.DRILL, "orders");
        tags.put(DrillTags.EXECUTION, EXECUTION);
        tags.put(DrillTags.EXPIRES_AT, NOW.plusSeconds(6 * 3600).toString());
        return tags;
    }

    private static TemporaryInstance instance(String identifier, Map<String, String> tags) {
        return new TemporaryInstance(identifier, "arn:aws:rds:us-east-1:123456789012:db:" + identifier, "available",
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("admin"), false, tags, Optional.empty());
    }
}
