package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.port.Secret;
import io.restoredrill.core.testing.PgDump;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgRestoreRestorerTest {

    @TempDir
    static Path dumps;
    private static Path shopDump;

    @TempDir
    Path scratch;

    @BeforeAll
    static void dumpARealisticDatabase() {
        DatabaseEndpoint shop = TestPostgres.createDatabase("pgrestore_shop");
        TestPostgres.execute(shop,
                "CREATE TABLE customers (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, created date)",
                "CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers,"
                        + " total numeric(12,2) CHECK (total >= 0), note text)",
                "CREATE INDEX orders_customer ON orders (customer_id)",
                "INSERT INTO customers (email, created) SELECT 'c' || g || '@example.com', DATE '2024-01-01' + g"
                        + " FROM generate_series(1, 500) g",
                "INSERT INTO orders (customer_id, total, note) SELECT 1 + g % 500, g * 1.25,"
                        + " CASE WHEN g % 7 = 0 THEN E'multi\\nline \\\\ note' END FROM generate_series(1, 3000) g",
                "CREATE VIEW big_spenders AS SELECT customer_id, sum(total) AS spent FROM orders GROUP BY 1"
                        + " HAVING sum(total) > 1000",
                "CREATE FUNCTION order_count(c bigint) RETURNS bigint LANGUAGE sql AS"
                        + " 'SELECT count(*) FROM orders WHERE customer_id = c'");
        shopDump = PgDump.custom(shop, dumps.resolve("shop.dump"));
    }

    private static BackupRef ref(Path file, BackupFormat format) throws IOException {
        return new BackupRef(file.toString(), file.getFileName().toString(), Files.size(file), Instant.now(),
                BackupRef.TimestampSource.MODIFICATION_TIME, format);
    }

    private RestoreStats restore(PgRestoreRestorer restorer, Path file, DatabaseEndpoint target) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return restorer.restore(ref(file, BackupFormat.CUSTOM), in, target, RestoreProgress.NONE);
        }
    }

    private PgRestoreRestorer restorer() {
        return new PgRestoreRestorer("pg_restore", Optional.of(scratch));
    }

    @Test
    void readsTheServerVersionFromARealArchiveHeader() throws Exception {
        try (InputStream in = Files.newInputStream(shopDump)) {
            assertThat(restorer().dumpedFromMajorVersion(ref(shopDump, BackupFormat.CUSTOM), in)).contains(15);
        }
    }

    @Test
    void readsTheHeaderOfEveryArchiveVersionSince1_10() throws Exception {
        // 1.14 (pg_dump 12-15) stores a compression level as an int; 1.15 (16) and 1.16 (17+) one algorithm byte.
        for (int minor : new int[] {10, 12, 14, 15, 16}) {
            byte[] header = header(minor, "17.2", "17.2");
            CustomArchiveHeader read = CustomArchiveHeader.read(new ByteArrayInputStream(header));
            assertThat(read.serverVersion()).as("1.%d", minor).contains("17.2");
            assertThat(read.databaseName()).as("1.%d", minor).contains("shop");
            assertThat(read.serverMajorVersion()).as("1.%d", minor).contains(17);
        }
        assertThat(CustomArchiveHeader.read(new ByteArrayInputStream(header(14, "9.6.24", "9.6.24")))
                .serverMajorVersion()).contains(9);
        assertThat(CustomArchiveHeader.read(new ByteArrayInputStream(
                header(14, "15.18 (Debian 15.18-0+deb12u1)", "15.18"))).serverMajorVersion()).contains(15);
    }

    @Test
    void knowsNoVersionForATruncatedOrForeignHeader() throws Exception {
        byte[] full = Files.readAllBytes(shopDump);
        PgRestoreRestorer restorer = restorer();
        BackupRef ref = ref(shopDump, BackupFormat.CUSTOM);
        assertThat(restorer.dumpedFromMajorVersion(ref, new ByteArrayInputStream(Arrays.copyOf(full, 30)))).isEmpty();
        assertThat(restorer.dumpedFromMajorVersion(ref,
                new ByteArrayInputStream("--\n-- PostgreSQL database dump\n".getBytes(StandardCharsets.UTF_8)))).isEmpty();
        assertThat(restorer.dumpedFromMajorVersion(ref, new ByteArrayInputStream(new byte[0]))).isEmpty();
    }

    @Test
    void restoresARealCustomDump() throws Exception {
        DatabaseEndpoint target = TestPostgres.createDatabase("pgrestore_target");
        AtomicLong progressBytes = new AtomicLong();
        RestoreStats stats;
        try (InputStream in = Files.newInputStream(shopDump)) {
            stats = restorer().restore(ref(shopDump, BackupFormat.CUSTOM), in, target,
                    (bytes, rows) -> progressBytes.set(bytes));
        }

        assertThat(stats).isEqualTo(new RestoreStats(Files.size(shopDump), 0, 0));
        assertThat(progressBytes.get()).isEqualTo(Files.size(shopDump));
        assertThat(new JdbcDatabaseInspector().countRows(target)).containsExactly(
                new TableRowCount("public", "customers", 500),
                new TableRowCount("public", "orders", 3000));
        try (Connection c = TestPostgres.connect(target); Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT sum(total) FROM orders")).isEqualTo("5626875.00");
            assertThat(single(s, "SELECT order_count(1)")).isEqualTo("6");
            assertThat(single(s, "SELECT count(*) FROM big_spenders")).isEqualTo("500");
            assertThat(single(s, "SELECT note FROM orders WHERE id = 7")).isEqualTo("multi\nline \\ note");
            // Sequences continue where the source left off.
            assertThat(single(s, "SELECT nextval('orders_id_seq')")).isEqualTo("3001");
        }
        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void restoringTwiceIntoOneDatabaseFailsWithPgRestoresMessage() throws Exception {
        DatabaseEndpoint target = TestPostgres.createDatabase("pgrestore_twice");
        restore(restorer(), shopDump, target);

        assertThatThrownBy(() -> restore(restorer(), shopDump, target))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("pg_restore of " + shopDump)
                .hasMessageContaining("already exists");
        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void aTruncatedArchiveIsUnusable() throws Exception {
        byte[] full = Files.readAllBytes(shopDump);
        Path truncated = dumps.resolve("truncated.dump");
        Files.write(truncated, Arrays.copyOf(full, full.length * 2 / 3));
        DatabaseEndpoint target = TestPostgres.createDatabase("pgrestore_truncated");

        assertThatThrownBy(() -> restore(restorer(), truncated, target))
                .isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining(truncated.toString())
                .hasMessageContaining("pg_restore said");
        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void anArchiveCutInsideItsHeaderIsUnusable() throws Exception {
        Path cut = dumps.resolve("cut.dump");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(shopDump), 20));
        assertThatThrownBy(() -> restore(restorer(), cut, TestPostgres.createDatabase("pgrestore_cut")))
                .isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void aPlainScriptNamedDotDumpIsUnusable() throws Exception {
        Path plain = dumps.resolve("plain.dump");
        Files.writeString(plain, "--\n-- PostgreSQL database dump\n--\nCREATE TABLE t (id int);\n");
        assertThatThrownBy(() -> restore(restorer(), plain, TestPostgres.createDatabase("pgrestore_plain")))
                .isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining("is not a pg_dump custom-format archive");
    }

    @Test
    void anEmptyFileIsUnusable() throws Exception {
        Path empty = Files.createFile(dumps.resolve("empty.dump"));
        assertThatThrownBy(() -> restore(restorer(), empty, TestPostgres.createDatabase("pgrestore_empty")))
                .isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining(empty + " is empty");
        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void explainsWhatToDoWhenPgRestoreIsMissing() {
        PgRestoreRestorer missing = new PgRestoreRestorer("/nonexistent/pg_restore", Optional.of(scratch));
        assertThatThrownBy(() -> restore(missing, shopDump, TestPostgres.adminEndpoint()))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageStartingWith("custom-format dumps (.dump) need pg_restore on PATH; install the PostgreSQL"
                        + " client or use a plain dump (.sql, .sql.gz), which restore-drill restores in pure Java");
    }

    @Test
    void restoresOnlyCustomFormatDumps() {
        PgRestoreRestorer restorer = restorer();
        assertThatThrownBy(() -> restore(restorer, shopDump, TestPostgres.adminEndpoint(), BackupFormat.PLAIN_SQL))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> restorer.dumpedFromMajorVersion(ref(shopDump, BackupFormat.GZIP_SQL),
                InputStream.nullInputStream()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passesThePasswordInTheEnvironmentAndNeverOnTheCommandLine() throws Exception {
        // A stand-in pg_restore that records what it was given: the real one never shows its environment.
        Path record = scratch.resolve("record");
        PgRestoreRestorer restorer = new PgRestoreRestorer(fakePgRestore(
                "echo \"$@\" > " + record + ".args; echo \"$PGPASSWORD|$PGSSLMODE\" > " + record + ".env"),
                Optional.of(scratch));
        DatabaseEndpoint rds = new DatabaseEndpoint("db.example.com", 5432, "drill_db", "drill",
                Optional.of(new Secret("Secr3t-pw")), true);

        restore(restorer, shopDump, rds, BackupFormat.CUSTOM);

        assertThat(Files.readString(Path.of(record + ".args")))
                .contains("--no-owner --no-privileges --exit-on-error --no-password -h db.example.com -p 5432"
                        + " -U drill -d drill_db")
                .doesNotContain("Secr3t-pw");
        assertThat(Files.readString(Path.of(record + ".env")).strip()).isEqualTo("Secr3t-pw|verify-full");
    }

    @Test
    void stopsPgRestoreWhenTheRestoringThreadIsInterrupted() throws Exception {
        Path pidFile = scratch.resolve("pid");
        PgRestoreRestorer restorer = new PgRestoreRestorer(
                fakePgRestore("echo $$ > " + pidFile + ".tmp; mv " + pidFile + ".tmp " + pidFile + "; exec sleep 600"),
                Optional.of(scratch));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread restoring = new Thread(() -> {
            try {
                restore(restorer, shopDump, TestPostgres.adminEndpoint(), BackupFormat.CUSTOM);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        restoring.start();
        while (!Files.exists(pidFile)) {
            Thread.sleep(10);
        }
        long pid = Long.parseLong(Files.readString(pidFile).strip());

        restoring.interrupt();
        restoring.join();

        assertThat(thrown.get()).isInstanceOf(RestoreFailedException.class).hasMessageContaining("interrupted");
        // Bounded so a surviving child fails the test instead of hanging it.
        Optional<ProcessHandle> child = ProcessHandle.of(pid);
        if (child.isPresent()) {
            child.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        assertThat(Files.list(scratch).map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dump")))
                .isEmpty();
    }

    /** A shell script standing in for pg_restore: answers --version, otherwise runs {@code body}. */
    private String fakePgRestore(String body) throws IOException {
        Path script = scratch.resolve("fake_pg_restore");
        Files.writeString(script, "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'pg_restore (fake) 0'; exit 0; fi\n"
                + body + "\n");
        script.toFile().setExecutable(true);
        return script.toString();
    }

    private static void restore(PgRestoreRestorer restorer, Path file, DatabaseEndpoint target, BackupFormat format)
            throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            restorer.restore(ref(file, format), in, target, RestoreProgress.NONE);
        }
    }

    private static String single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A custom-format header as pg_dump writes it for archive version 1.{@code minor} (4-byte ints). */
    private static byte[] header(int minor, String serverVersion, String pgDumpVersion) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("PGDMP".getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[] {1, (byte) minor, 0, 4, 8, 1});
        if (minor >= 15) {
            out.write(1); // gzip
        } else {
            writeInt(out, -1); // Z_DEFAULT_COMPRESSION
        }
        for (int v : new int[] {30, 15, 2, 1, 0, 125, 0}) {
            writeInt(out, v);
        }
        writeString(out, "shop");
        writeString(out, serverVersion);
        writeString(out, pgDumpVersion);
        out.write(new byte[] {0, 1, 2, 3}); // the TOC would follow
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value < 0 ? 1 : 0);
        int magnitude = Math.abs(value);
        for (int i = 0; i < 4; i++) {
            out.write((magnitude >>> (8 * i)) & 0xFF);
        }
    }

    private static void writeString(ByteArrayOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeInt(out, bytes.length);
        out.write(bytes);
    }
}
