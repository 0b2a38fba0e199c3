package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.domain.RestoredDatabase;
import io.restoredrill.core.port.BackupMembers;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.port.TemporaryDatabase;
import io.restoredrill.core.testing.DumpFixtures;
import io.restoredrill.core.testing.MajorVersionPostgres;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * pg_dumpall files of every major, made by that major's pg_dumpall (the fixtures' {@code cluster.sql.gz} and
 * {@code globals.sql}), restored through a scratch server's temporary database on a server of the same major: each
 * database into its own temporary database with the source's rows, the roles created without their passwords or
 * refused attributes, existing roles untouched, and everything the restore created gone after the teardown.
 */
class ClusterDumpRestoreTest {

    private static final BackupMembers NO_MEMBERS = name -> {
        throw new AssertionError("a plain dump has no members: " + name);
    };

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(ints = {15, 16, 17, 18})
    void restoresEachDatabaseOfEachMajorsDumpallIntoItsOwnTemporaryDatabase(int major) throws IOException {
        try (MajorVersionPostgres server = MajorVersionPostgres.start(major)) {
            TemporaryDatabase drill = new ScratchServerDatabases(server.admin()).create(Optional.of(major));
            RestoreStats stats;
            try {
                stats = restore(DumpFixtures.file(major, "cluster.sql.gz"), drill);

                assertThat(stats.databases()).extracting(RestoredDatabase::name)
                        .containsExactly("template1", "inventory", "postgres", "shop");
                assertThat(stats.databases()).extracting(RestoredDatabase::restoredAs)
                        .allMatch(name -> name.startsWith(drill.endpoint().database() + "_"));
                for (String database : List.of("shop", "inventory")) {
                    DatabaseEndpoint copy = restoredAs(drill, stats, database);
                    assertThat(DumpFixtures.restoredTables(copy, major, database))
                            .isEqualTo(DumpFixtures.expectedTables(major, database));
                }
                // pg_dumpall writes template1 and postgres as they were: here they hold nothing of their own.
                assertThat(userTables(restoredAs(drill, stats, "postgres"))).isEmpty();
                assertThat(roles(server.admin())).contains(
                        "shop_owner login=true super=false replication=false bypassrls=false password=false",
                        "shop_reader login=false super=false replication=false bypassrls=false password=false",
                        // the server's own superuser, which the dump also names, kept as it was
                        "postgres login=true super=true replication=true bypassrls=true password=false");
            } finally {
                drill.close();
            }
            assertThat(databases(server.admin())).noneMatch(name -> name.startsWith("restore_drill_"));
            assertThat(roles(server.admin())).noneMatch(role -> role.startsWith("shop_"));
        }
    }

    /**
     * As the AWS path's validate restores into a blank RDS instance: logged in as a master user that is no superuser
     * but has CREATEDB and CREATEROLE (RDS adds rds_superuser, which the restore does not need). PostgreSQL 16 changed
     * what CREATEROLE allows (a role's creator administers it, and grants only attributes it has itself), so every
     * major is tried.
     */
    @ParameterizedTest
    @ValueSource(ints = {15, 16, 17, 18})
    void restoresEachMajorsDumpallAsAMasterUserThatIsNoSuperuserAsOnRds(int major) throws IOException {
        try (MajorVersionPostgres server = MajorVersionPostgres.start(major)) {
            TestPostgres.execute(server.admin(), "CREATE ROLE drill_master LOGIN CREATEDB CREATEROLE");
            DatabaseEndpoint master = new DatabaseEndpoint(server.admin().host(), server.admin().port(), "postgres",
                    "drill_master", Optional.empty(), false);
            // The production superuser's name is one the instance lacks (RDS's blank instance has its master user
            // "drill", no "postgres"): the dump's SUPERUSER role must be created, with what a master user may grant.
            String script = gunzip(DumpFixtures.file(major, "cluster.sql.gz"));
            String superuser = "ALTER ROLE postgres WITH SUPERUSER";
            assertThat(script).contains("CREATE ROLE postgres;", superuser);
            Path dump = gzip(script.replace("CREATE ROLE postgres;", "CREATE ROLE prod_admin;")
                    .replace(superuser, "ALTER ROLE prod_admin WITH SUPERUSER"), "cluster-" + major + ".sql.gz");
            TemporaryDatabase drill = new ScratchServerDatabases(master).create(Optional.of(major));
            try {
                RestoreStats stats = restore(dump, drill);

                for (String database : List.of("shop", "inventory")) {
                    assertThat(DumpFixtures.restoredTables(restoredAs(drill, stats, database), major, database))
                            .isEqualTo(DumpFixtures.expectedTables(major, database));
                }
                assertThat(roles(server.admin())).contains(
                        "prod_admin login=true super=false replication=false bypassrls=false password=false",
                        "shop_owner login=true super=false replication=false bypassrls=false password=false",
                        "shop_reader login=false super=false replication=false bypassrls=false password=false");
                assertThat(strings(server.admin(), "SELECT rolcreaterole AND rolcreatedb FROM pg_roles"
                        + " WHERE rolname = 'prod_admin'")).containsExactly("t");
            } finally {
                drill.close();
            }
            assertThat(databases(server.admin())).noneMatch(name -> name.startsWith("restore_drill_"));
            assertThat(roles(server.admin()))
                    .noneMatch(role -> role.startsWith("shop_") || role.startsWith("prod_"));
        }
    }

    @Test
    void leavesARoleTheServerAlreadyHasAsItIsAndDoesNotDropIt() throws IOException {
        DatabaseEndpoint admin = TestPostgres.adminEndpoint();
        TestPostgres.execute(admin, "CREATE ROLE shop_owner NOLOGIN CONNECTION LIMIT 3");
        try {
            TemporaryDatabase drill = new ScratchServerDatabases(admin).create(Optional.of(15));
            try {
                RestoreStats stats = restore(DumpFixtures.file(15, "cluster.sql.gz"), drill);
                assertThat(DumpFixtures.restoredTables(restoredAs(drill, stats, "shop"), 15, "shop"))
                        .isEqualTo(DumpFixtures.expectedTables(15, "shop"));
                assertThat(roles(admin)).contains(
                        "shop_owner login=false super=false replication=false bypassrls=false password=false",
                        "shop_reader login=false super=false replication=false bypassrls=false password=false");
                assertThat(connectionLimit(admin, "shop_owner")).isEqualTo(3);
            } finally {
                drill.close();
            }
            assertThat(roles(admin)).anyMatch(role -> role.startsWith("shop_owner "))
                    .noneMatch(role -> role.startsWith("shop_reader "));
        } finally {
            TestPostgres.execute(admin, "DROP ROLE shop_owner");
        }
    }

    @Test
    void refusesAGlobalsOnlyFileBeforeAnyServerIsNeededAndWhenRestored() throws IOException {
        Path globals = DumpFixtures.file(18, "globals.sql");
        BackupRef ref = ref(globals);
        try (InputStream in = Files.newInputStream(globals)) {
            assertThatThrownBy(() -> DumpRestorers.standard().dumpedFromMajorVersion(ref, in))
                    .isInstanceOf(BackupUnusableException.class)
                    .hasMessageContaining("globals.sql is not a data backup")
                    .hasMessageContaining("pg_dumpall --globals-only");
        }
        TemporaryDatabase drill = new ScratchServerDatabases(TestPostgres.adminEndpoint()).create(Optional.empty());
        try {
            assertThatThrownBy(() -> restore(globals, drill))
                    .isInstanceOf(BackupUnusableException.class)
                    .hasMessageContaining("is not a data backup");
        } finally {
            drill.close();
        }
        assertThat(roles(TestPostgres.adminEndpoint())).noneMatch(role -> role.startsWith("shop_"));
        assertThat(TestPostgres.databaseNames()).noneMatch(name -> name.startsWith(drill.endpoint().database()));
    }

    @Test
    void failsATruncatedDumpallWhetherItIsCutInsideADatabaseOrBetweenTwo() throws IOException {
        String script = gunzip(DumpFixtures.file(15, "cluster.sql.gz"));
        int shop = script.indexOf("-- Database \"shop\" dump");
        Path insideShop = gzip(script.substring(0, script.indexOf("COPY shop.order_lines")), "inside.sql.gz");
        Path betweenDatabases = gzip(script.substring(0, shop), "between.sql.gz");

        TemporaryDatabase drill = new ScratchServerDatabases(TestPostgres.adminEndpoint()).create(Optional.empty());
        try {
            assertThatThrownBy(() -> restore(insideShop, drill))
                    .isInstanceOf(BackupUnusableException.class)
                    .hasMessageContaining("inside.sql.gz is truncated");
        } finally {
            drill.close();
        }
        TemporaryDatabase again = new ScratchServerDatabases(TestPostgres.adminEndpoint()).create(Optional.empty());
        try {
            assertThatThrownBy(() -> restore(betweenDatabases, again))
                    .isInstanceOf(BackupUnusableException.class)
                    .hasMessageContaining("between.sql.gz is truncated")
                    .hasMessageContaining("-- PostgreSQL database cluster dump complete")
                    .hasMessageContaining("pg_dumpall");
        } finally {
            again.close();
        }
        assertThat(TestPostgres.databaseNames()).noneMatch(name -> name.startsWith(drill.endpoint().database())
                || name.startsWith(again.endpoint().database()));
        assertThat(roles(TestPostgres.adminEndpoint())).noneMatch(role -> role.startsWith("shop_"));
    }

    @Test
    void aStatementThatFailsNamesTheDatabaseAndTheLine() throws IOException {
        String script = gunzip(DumpFixtures.file(15, "cluster.sql.gz"));
        String broken = script.replace("ALTER TABLE ONLY shop.orders", "ALTER TABLE ONLY shop.no_such_table");
        long line = broken.substring(0, broken.indexOf("shop.no_such_table")).lines().count();
        Path dump = gzip(broken, "broken.sql.gz");

        TemporaryDatabase drill = new ScratchServerDatabases(TestPostgres.adminEndpoint()).create(Optional.empty());
        try {
            assertThatThrownBy(() -> restore(dump, drill))
                    .hasMessageContaining("restoring " + dump + " (database shop) failed at line " + line)
                    .hasMessageContaining("no_such_table");
        } finally {
            drill.close();
        }
        assertThat(TestPostgres.databaseNames()).noneMatch(name -> name.startsWith(drill.endpoint().database()));
    }

    @Test
    void refusesToRestoreADumpallIntoASingleDatabase() {
        DatabaseEndpoint target = TestPostgres.createDatabase("single");
        Path cluster = DumpFixtures.file(15, "cluster.sql.gz");
        assertThatThrownBy(() -> {
            try (InputStream in = Files.newInputStream(cluster)) {
                DumpRestorers.standard().restore(ref(cluster), in, target, RestoreProgress.NONE);
            }
        }).isInstanceOf(BackupUnusableException.class).hasMessageContaining("written by pg_dumpall");
        assertThat(userTables(target)).isEmpty();
    }

    private static RestoreStats restore(Path dump, TemporaryDatabase target) throws IOException {
        try (InputStream in = Files.newInputStream(dump)) {
            return DumpRestorers.standard().restore(ref(dump), in, NO_MEMBERS, target, RestoreProgress.NONE);
        }
    }

    private static BackupRef ref(Path dump) throws IOException {
        String name = dump.getFileName().toString();
        return new BackupRef(dump.toString(), name, Files.size(dump), Instant.EPOCH,
                BackupRef.TimestampSource.MODIFICATION_TIME, BackupFormat.ofFileName(name).orElseThrow());
    }

    private static DatabaseEndpoint restoredAs(TemporaryDatabase drill, RestoreStats stats, String database) {
        return drill.endpoint().withDatabase(stats.databases().stream().filter(d -> d.name().equals(database))
                .findFirst().orElseThrow().restoredAs());
    }

    /** Each role as "name login=... super=... replication=... bypassrls=... password=...". */
    private static List<String> roles(DatabaseEndpoint admin) {
        return strings(admin, "SELECT rolname || ' login=' || rolcanlogin || ' super=' || rolsuper || ' replication='"
                + " || rolreplication || ' bypassrls=' || rolbypassrls || ' password=' || (rolpassword IS NOT NULL)"
                + " FROM pg_authid ORDER BY 1");
    }

    private static int connectionLimit(DatabaseEndpoint admin, String role) {
        return Integer.parseInt(strings(admin, "SELECT rolconnlimit FROM pg_roles WHERE rolname = '" + role + "'")
                .get(0));
    }

    private static List<String> databases(DatabaseEndpoint admin) {
        return strings(admin, "SELECT datname FROM pg_database");
    }

    private static List<String> userTables(DatabaseEndpoint database) {
        return strings(database, "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')");
    }

    private static List<String> strings(DatabaseEndpoint endpoint, String query) {
        List<String> out = new ArrayList<>();
        try (Connection c = TestPostgres.connect(endpoint); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Path gzip(String text, String name) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path file = work.resolve(name);
        try {
            Files.write(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
