package io.restoredrill.core.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TolerancesTest {

    private static final Baseline YESTERDAY = new Baseline("yesterday.json", Map.of(
            "public.audit_log", 300L, "archive.audit_log", 50L, "public.accounts", 5000L, "shop.orders", 100L));

    @Test
    void anUnqualifiedNameMatchesThatTableInEverySchemaAndAQualifiedOneOnlyItself() {
        Tolerances tolerances = new Tolerances(0.10, Map.of("audit_log", 1.0, "archive.audit_log", 0.5));

        assertThat(tolerances.maxShrinkFor("public.audit_log")).isEqualTo(1.0);
        assertThat(tolerances.maxShrinkFor("archive.audit_log")).isEqualTo(0.5); // the qualified entry wins
        assertThat(tolerances.maxShrinkFor("public.accounts")).isEqualTo(0.10);
        assertThat(tolerances.maxShrinkFor("public.audit_log_old")).isEqualTo(0.10);
    }

    @Test
    void aTableOfAPgDumpallBackupMatchesItsDatabaseQualifiedNameThenSchemaTableThenItsBareName() {
        Tolerances tolerances = new Tolerances(0.10, Map.of("shop.audit.log", 1.0, "audit.log", 0.5, "orders", 0.3));

        assertThat(tolerances.maxShrinkFor("shop.audit.log")).isEqualTo(1.0);
        assertThat(tolerances.maxShrinkFor("inventory.audit.log")).isEqualTo(0.5);
        assertThat(tolerances.maxShrinkFor("shop.shop.orders")).isEqualTo(0.3);
        assertThat(tolerances.maxShrinkFor("shop.shop.customers")).isEqualTo(0.10);
        assertThat(tolerances.unmatched(List.of("shop.audit.log", "shop.shop.orders"))).isEmpty();
        assertThat(new Tolerances(0.1, Map.of("inventory.shop.orders", 1.0)).unmatched(List.of("shop.shop.orders")))
                .containsExactly("inventory.shop.orders");
    }

    @Test
    void aHundredPercentToleranceLetsThatTableEmptyWhileAnotherTablesShrinkStillFails() {
        List<TableRowCount> tonight = List.of(new TableRowCount("public", "audit_log", 0),
                new TableRowCount("archive", "audit_log", 50), new TableRowCount("public", "accounts", 4000),
                new TableRowCount("shop", "orders", 100));

        List<TableShrinkage> shrunk = ShrinkageCheck.findShrunkTables(YESTERDAY, tonight,
                new Tolerances(0.10, Map.of("audit_log", 1.0)));

        assertThat(shrunk).extracting(TableShrinkage::table).containsExactly("public.accounts");
    }

    @Test
    void aMissingTableFailsWhateverItsTolerance() {
        List<TableRowCount> tonight = List.of(new TableRowCount("public", "accounts", 5000),
                new TableRowCount("archive", "audit_log", 50), new TableRowCount("shop", "orders", 100));

        assertThat(ShrinkageCheck.findShrunkTables(YESTERDAY, tonight, new Tolerances(0.10, Map.of("audit_log", 1.0))))
                .singleElement().satisfies(s -> {
                    assertThat(s.table()).isEqualTo("public.audit_log");
                    assertThat(s.restoredRows()).isEmpty();
                });
    }

    @Test
    void entriesThatMatchNoTableAreListed() {
        Tolerances tolerances = new Tolerances(0.10, Map.of("audit_logs", 1.0, "shop.orders", 0.2,
                "public.orders", 0.3));

        assertThat(tolerances.unmatched(YESTERDAY.rowsByTable().keySet()))
                .containsExactly("audit_logs", "public.orders");
    }

    @Test
    void aToleranceAboveAHundredPercentIsRefused() {
        assertThatThrownBy(() -> new Tolerances(0.10, Map.of("audit_log", 1.5)))
                .hasMessageContaining("tables.audit_log.maxShrink must be between 0% and 100%");
        assertThat(Tolerances.percent(0.1)).isEqualTo("10%");
        assertThat(Tolerances.percent(1.0)).isEqualTo("100%");
    }

    @Test
    void aTableWithoutAnEntryHasNoOverride() {
        assertThat(Tolerances.uniform(0.1).override("public.x")).isEqualTo(Optional.empty());
    }
}
