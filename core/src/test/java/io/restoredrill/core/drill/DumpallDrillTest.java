package io.restoredrill.core.drill;

import io.restoredrill.core.adapter.config.ReportJson;
import io.restoredrill.core.adapter.postgres.DumpRestorers;
import io.restoredrill.core.adapter.postgres.JdbcDatabaseInspector;
import io.restoredrill.core.adapter.postgres.PostgresProofs;
import io.restoredrill.core.adapter.postgres.ScratchServerDatabases;
import io.restoredrill.core.adapter.source.FolderBackupSource;
import io.restoredrill.core.domain.Baseline;
import io.restoredrill.core.domain.CheckResult;
import io.restoredrill.core.domain.DrillReport;
import io.restoredrill.core.domain.Expectation;
import io.restoredrill.core.domain.HealthCheck;
import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.ProofVerdict;
import io.restoredrill.core.domain.RestoredDatabase;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.domain.Verdict;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.testing.DumpFixtures;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A local drill on a pg_dumpall file (pg_dumpall 15's fixture): every database restored into a temporary database of
 * its own, row counts and proofs over all of them, checks in the database they name, and nothing left on the server.
 */
class DumpallDrillTest {

    private static final Instant NOW = Instant.parse("2026-11-26T05:00:00Z");

    @TempDir
    Path backups;

    private List<String> databasesBefore;

    @BeforeEach
    void rememberTheServersDatabases() {
        databasesBefore = TestPostgres.databaseNames();
    }

    /** Other tests' leftovers on the shared server are theirs: this one's drill must leave nothing new. */
    @AfterEach
    void nothingLeftOnTheServer() {
        assertThat(TestPostgres.databaseNames()).filteredOn(name -> name.startsWith("restore_drill_"))
                .isSubsetOf(databasesBefore);
        assertThat(roleNames()).doesNotContain("shop_owner", "shop_reader");
    }

    @Test
    void countsAndProvesEveryDatabaseAndRunsEachCheckInTheDatabaseItNames() throws IOException {
        copyCluster("cluster-2026-11-26T030000Z.sql.gz");

        DrillReport report = drill(command(Optional.empty(),
                check("items", "SELECT count(*) FROM public.items", "= 10", "inventory"),
                check("orders", "SELECT count(*) FROM shop.orders", "= 30", "shop"),
                check("reader-role", "SELECT count(*) FROM pg_roles WHERE rolname = 'shop_reader'", "= 1", "shop")));

        assertThat(report.verdict()).as(report.failureReason().orElse("")).isEqualTo(Verdict.PASSED);
        assertThat(report.restore().orElseThrow().databases()).extracting(RestoredDatabase::name)
                .containsExactly("template1", "inventory", "postgres", "shop");
        assertThat(report.checks()).extracting(CheckResult::value)
                .containsExactly(Optional.of("10"), Optional.of("30"), Optional.of("1"));
        // Every table of the MANIFEST, named with its database, with the source's row count; the built-in count
        // reads tables (the partitioned parent too), not the materialized view the MANIFEST also fingerprints.
        List<String> expected = java.util.stream.Stream.concat(java.util.stream.Stream.of("shop", "inventory")
                        .flatMap(db -> DumpFixtures.expectedTables(15, db).stream())
                        .filter(t -> !t.table().equals("orders_per_status"))
                        .map(t -> t.database() + "." + t.schema() + "." + t.table() + "=" + t.rows()),
                java.util.stream.Stream.of("shop.shop.events=15")).sorted().toList();
        assertThat(report.tables().stream().map(t -> t.qualifiedName() + "=" + t.rows()).sorted().toList())
                .isEqualTo(expected);
        assertThat(report.tables()).contains(new TableRowCount(Optional.of("inventory"), "public", "items", 10))
                .allMatch(t -> t.database().isPresent());
        assertThat(report.proofs()).extracting(ProofResult::name).contains("integrity", "full-read");
        assertThat(report.proofs()).filteredOn(p -> p.name().equals("integrity")).singleElement()
                .satisfies(p -> {
                    assertThat(p.verdict()).isEqualTo(ProofVerdict.PASSED);
                    assertThat(p.value()).contains("shop: ").contains("inventory: ").contains("template1: ");
                });
        assertThat(report.schema().orElseThrow().objects())
                .anyMatch(o -> o.name().startsWith("shop.shop."))
                .anyMatch(o -> o.name().startsWith("inventory.public.items"));
        assertThat(ReportJson.toJson(report)).contains("\"database\" : \"shop\"").contains("\"restoredAs\"");
    }

    @Test
    void aSecondDrillComparesEveryDatabasesTablesWithTheFirstsReport() throws IOException {
        copyCluster("cluster-2026-11-26.sql.gz");
        DrillReport first = drill(command(Optional.empty()));
        assertThat(first.verdict()).as(first.failureReason().orElse("")).isEqualTo(Verdict.PASSED);
        Path saved = backups.resolveSibling(backups.getFileName() + "-report.json");
        ReportJson.write(first, saved);
        Baseline baseline = ReportJson.readBaseline(saved);
        assertThat(baseline.rowsByTable()).containsEntry("shop.shop.orders", 30L)
                .containsEntry("inventory.public.items", 10L);

        DrillReport second = drill(command(Optional.of(baseline)));

        assertThat(second.verdict()).as(second.failureReason().orElse("")).isEqualTo(Verdict.PASSED);
        assertThat(second.tables()).isEqualTo(first.tables());
        Files.delete(saved);
    }

    @Test
    void failsACheckThatNamesNoDatabaseWhenTheBackupHoldsSeveralOrNamesOneItDoesNotHold() throws IOException {
        copyCluster("cluster-2026-11-26.sql.gz");

        DrillReport report = drill(command(Optional.empty(),
                check("unplaced", "SELECT 1", null, null),
                check("misnamed", "SELECT 1", null, "orders")));

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.checks()).extracting(c -> c.error().orElse(""))
                .containsExactly("the backup holds the databases template1, inventory, postgres, shop; say which one"
                                + " the check runs in with \"database:\"",
                        "database orders is not in the backup, which holds template1, inventory, postgres, shop");
    }

    @Test
    void aCheckNamingADatabaseFailsOnADumpOfOneDatabase() throws IOException {
        Files.copy(DumpFixtures.file(15, "shop.sql"), backups.resolve("shop-2026-11-26.sql"));

        DrillReport report = drill(command(Optional.empty(),
                check("orders", "SELECT count(*) FROM shop.orders", "= 30", null),
                check("named", "SELECT count(*) FROM shop.orders", "= 30", "shop")));

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.checks().get(0).passed()).isTrue();
        assertThat(report.checks().get(1).error().orElseThrow()).contains("the backup is a dump of one database");
        assertThat(report.tables()).allMatch(t -> t.database().isEmpty());
        assertThat(report.restore().orElseThrow().databases()).isEmpty();
        // The single-database report keeps its format: no database keys.
        assertThat(ReportJson.toJson(report)).doesNotContain("\"database\"").doesNotContain("\"databases\"");
    }

    @Test
    void aNewestGlobalsOnlyFileFailsTheDrillAndNoOlderBackupIsTried() throws IOException {
        copyCluster("cluster-2026-11-25.sql.gz");
        Path globals = backups.resolve("cluster-2026-11-26.sql");
        Files.copy(DumpFixtures.file(15, "globals.sql"), globals);
        Files.setLastModifiedTime(globals, FileTime.from(NOW));

        DrillReport report = drill(command(Optional.empty()));

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.backup().orElseThrow().name()).isEqualTo("cluster-2026-11-26.sql");
        assertThat(report.failureReason().orElseThrow()).contains("cluster-2026-11-26.sql is not a data backup")
                .contains("pg_dumpall --globals-only");
        assertThat(report.restore()).isEmpty();
        assertThat(report.tables()).isEmpty();
    }

    private void copyCluster(String name) throws IOException {
        Files.copy(DumpFixtures.file(15, "cluster.sql.gz"), backups.resolve(name));
    }

    private DrillReport drill(DrillCommand command) {
        return new RestoreDrill(new FolderBackupSource(backups), new ScratchServerDatabases(TestPostgres.adminEndpoint()),
                DumpRestorers.standard(), new JdbcDatabaseInspector(), new PostgresProofs(), RestoreProgress.NONE,
                Clock.fixed(NOW, ZoneOffset.UTC)).run(command);
    }

    private static DrillCommand command(Optional<Baseline> baseline, HealthCheck... checks) {
        return new DrillCommand("cluster", List.of(checks), Optional.empty(), baseline, DrillCommand.DEFAULT_MAX_SHRINK);
    }

    private static HealthCheck check(String name, String sql, String expect, String database) {
        return new HealthCheck(name, sql, Optional.ofNullable(expect).map(Expectation::parse), Duration.ofSeconds(30),
                Optional.ofNullable(database));
    }

    private static List<String> roleNames() {
        try (var c = TestPostgres.connect(TestPostgres.adminEndpoint()); var s = c.createStatement();
             var rs = s.executeQuery("SELECT rolname FROM pg_roles")) {
            List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
