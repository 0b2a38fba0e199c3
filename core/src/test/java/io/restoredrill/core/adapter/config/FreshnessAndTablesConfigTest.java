package io.restoredrill.core.adapter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.FreshnessRequirement;
import io.restoredrill.core.domain.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code proofs.freshness} and the top-level {@code tables:}, the same in the checks file and the drill spec. */
class FreshnessAndTablesConfigTest {

    private static final String CHECK = """
            checks:
              - name: one
                sql: SELECT 1
            """;

    private static ChecksFile.Contents checksFile(String yaml) {
        return ChecksFile.parse(CHECK + yaml, "checks.yaml", Optional.empty());
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsFreshnessEntriesAndTablesFromAChecksFile() {
        ChecksFile.Contents contents = checksFile("""
                proofs:
                  freshness:
                    - { table: shop.orders, column: placed_at, maxAge: 26h }
                    - { table: events, column: at, maxAge: 90m, timeout: 10s }
                tables:
                  audit_log: { maxShrink: 100% }
                  shop.orders: { maxShrink: "2.5%" }
                """);

        assertThat(contents.proofs().freshness()).containsExactly(
                new FreshnessRequirement("shop.orders", "placed_at", Duration.ofHours(26), Duration.ofMinutes(1)),
                new FreshnessRequirement("events", "at", Duration.ofMinutes(90), Duration.ofSeconds(10)));
        assertThat(contents.proofs().integrity().enabled()).as("the other proofs keep their defaults").isTrue();
        assertThat(contents.tables()).containsExactly(Map.entry("audit_log", 1.0), Map.entry("shop.orders", 0.025));
    }

    @Test
    void withoutEitherKeyThereIsNoFreshnessAndNoOverride() {
        ChecksFile.Contents contents = checksFile("");

        assertThat(contents.proofs().freshness()).isEmpty();
        assertThat(contents.tables()).isEmpty();
    }

    @Test
    void refusesAFreshnessEntryWithoutMaxAgeOrWithABadOneNamingIt() {
        assertThatThrownBy(() -> checksFile("""
                proofs:
                  freshness: [ { table: shop.orders, column: placed_at } ]
                """)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("checks.yaml: proofs.freshness shop.orders.placed_at: \"maxAge\" is missing or blank");
        assertThatThrownBy(() -> checksFile("""
                proofs:
                  freshness: [ { table: shop.orders, column: placed_at, maxAge: soon } ]
                """)).hasMessageStartingWith("checks.yaml: proofs.freshness shop.orders.placed_at: maxAge: ");
        assertThatThrownBy(() -> checksFile("""
                proofs:
                  freshness: [ { table: shop.orders, colum: placed_at, maxAge: 1h } ]
                """)).hasMessageStartingWith("checks.yaml: proofs.freshness[0]: unknown key \"colum\"");
        assertThatThrownBy(() -> checksFile("""
                proofs:
                  freshness: { table: shop.orders, column: placed_at, maxAge: 1h }
                """)).hasMessageStartingWith("checks.yaml: proofs.freshness: must be a list");
    }

    @Test
    void refusesABadTableToleranceNamingTheTable() {
        assertThatThrownBy(() -> checksFile("""
                tables:
                  audit_log: { maxShrink: 150% }
                """)).hasMessage("checks.yaml: tables.audit_log: maxShrink: percentage \"150%\" must not be above 100%");
        assertThatThrownBy(() -> checksFile("""
                tables:
                  audit_log: 100%
                """)).hasMessageStartingWith("checks.yaml: tables.audit_log: must be a mapping with the keys maxShrink");
        assertThatThrownBy(() -> checksFile("""
                tables:
                  a.db.shop.orders: { maxShrink: 1% }
                """)).hasMessageContaining("is not a table name");
    }

    @Test
    void aDrillSpecReadsTheSameKeysAndCountsTheFreshnessTimeoutsInItsTimeBudget() {
        String spec = """
                {"name": "orders", "source": {"rdsSnapshot": {"dbInstanceIdentifier": "orders-prod"}},
                 "target": {"rds": {"instanceClass": "db.t4g.medium", "dbSubnetGroupName": "drill"}},
                 "maxShrink": "5%", "tables": {"audit_log": {"maxShrink": "100%"}},
                 "proofs": {"freshness": [{"table": "orders", "column": "placed_at", "maxAge": "26h"}]}}""";

        DrillSpec parsed = DrillSpecFile.parse(json(spec), "drills.yaml");

        assertThat(parsed.proofs().freshness()).extracting(FreshnessRequirement::table).containsExactly("orders");
        assertThat(parsed.tolerances().maxShrinkFor("public.audit_log")).isEqualTo(1.0);
        assertThat(parsed.tolerances().maxShrinkFor("public.orders")).isEqualTo(0.05);
        assertThat(parsed.proofs().enabledBudget()).isEqualTo(Duration.ofMinutes(9).plusSeconds(30));
        assertThat(List.of(parsed.tables())).containsExactly(Map.of("audit_log", 1.0));
    }

    @Test
    void aDrillSpecWhoseFreshnessTimeoutsBreakValidatesFirstRoundIsRefused() {
        // Freshness runs with the checks, in validate's first round: with the schema's 30s, 13m is too much.
        String spec = """
                {"name": "orders", "source": {"rdsSnapshot": {"dbInstanceIdentifier": "orders-prod"}},
                 "target": {"rds": {"instanceClass": "db.t4g.medium", "dbSubnetGroupName": "drill"}},
                 "proofs": {"freshness": [{"table": "orders", "column": "placed_at", "maxAge": "26h",
                                           "timeout": "13m"}]}}""";

        assertThatThrownBy(() -> DrillSpecFile.parse(json(spec), "drills.yaml"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("the freshness queries' timeouts (13m)")
                .hasMessageContaining("add up to 13m30s");
    }
}
