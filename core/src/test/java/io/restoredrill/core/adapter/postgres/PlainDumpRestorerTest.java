package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.testing.PgDump;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlainDumpRestorerTest {

    /** A small shop with most kinds of object a real database has, and text that is hard to quote. */
    static final String[] SOURCE_SCHEMA = {
        "CREATE SCHEMA shop",
        "CREATE SCHEMA audit",
        "CREATE TYPE shop.order_status AS ENUM ('new', 'paid', 'shipped')",
        "CREATE SEQUENCE shop.invoice_no START 1000",
        "CREATE TABLE shop.customer (id bigserial PRIMARY KEY, name text NOT NULL, note text, email text UNIQUE)",
        "COMMENT ON TABLE shop.customer IS 'People who buy; one row each -- not a comment /* nor this */ $$ nor that'",
        """
        CREATE TABLE shop.orders (id serial PRIMARY KEY,
            customer_id bigint NOT NULL REFERENCES shop.customer (id),
            status shop.order_status NOT NULL DEFAULT 'new', total numeric(12,2),
            invoice int DEFAULT nextval('shop.invoice_no'), placed_at timestamptz NOT NULL)""",
        """
        CREATE TABLE shop."OrderLine" (order_id int REFERENCES shop.orders (id), "LineNo" int, product text,
            qty int CHECK (qty > 0), PRIMARY KEY (order_id, "LineNo"))""",
        "CREATE INDEX orders_status_idx ON shop.orders (status, placed_at)",
        "CREATE TABLE audit.log (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), what text)",
        """
        CREATE FUNCTION audit.log_order() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            -- a comment; with a semicolon
            INSERT INTO audit.log (what) VALUES ('order ' || NEW.id || '; it''s ' || NEW.status || E' \\\\ "q"');
            RETURN NEW;
        END;
        $body$""",
        "CREATE TRIGGER orders_audit AFTER INSERT ON shop.orders FOR EACH ROW EXECUTE FUNCTION audit.log_order()",
        """
        CREATE FUNCTION shop.greet(who text) RETURNS text LANGUAGE plpgsql AS $$
        DECLARE
            greeting text := 'Hello; ';
        BEGIN
            /* nested /* block */ comment; */
            RETURN greeting || who || '!';
        END;
        $$""",
        """
        CREATE VIEW shop.order_summary AS SELECT c.name, count(o.id) AS orders, sum(o.total) AS total
            FROM shop.customer c LEFT JOIN shop.orders o ON o.customer_id = c.id GROUP BY c.name""",
    };

    static final String[] SOURCE_DATA = {
        """
        INSERT INTO shop.customer (name, note, email) VALUES
            (E'Tab\\there', E'line1\\nline2\\r\\nline3', 'a@example.com'),
            (E'Back\\\\slash', NULL, 'b@example.com'),
            ('Zoë 🎉 日本語', E'\\\\.', NULL),
            ('O''Brien', '', 'c@example.com')""",
        """
        INSERT INTO shop.customer (name, note, email)
            SELECT 'customer ' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'note ' || g END, 'c' || g || '@example.com'
            FROM generate_series(1, 500) g""",
        """
        INSERT INTO shop.orders (customer_id, status, total, placed_at)
            SELECT 1 + g % 504, (ARRAY['new','paid','shipped'])[1 + g % 3]::shop.order_status, g * 1.25,
                   timestamptz '2024-01-01 00:00+00' + g * interval '1 hour'
            FROM generate_series(1, 2000) g""",
        "INSERT INTO shop.\"OrderLine\" SELECT o.id, l, 'product ' || l, l FROM shop.orders o, generate_series(1, 3) l",
    };

    /** rows of customer + orders + OrderLine + audit.log (one log row per order, written by the trigger). */
    static final long SOURCE_ROWS = 504 + 2000 + 6000 + 2000;

    /** Queries whose results must be the same in the source and in a restored copy. */
    static final String[] CONTENT = {
        "SELECT c::text FROM shop.customer c ORDER BY id",
        "SELECT o::text FROM shop.orders o ORDER BY id",
        "SELECT l::text FROM shop.\"OrderLine\" l ORDER BY order_id, \"LineNo\"",
        "SELECT id, what FROM audit.log ORDER BY id",
        "SELECT s::text FROM shop.order_summary s ORDER BY name",
        "SELECT last_value, is_called FROM shop.invoice_no",
        "SELECT indexdef FROM pg_indexes WHERE schemaname IN ('shop', 'audit') ORDER BY indexdef",
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE connamespace::regnamespace::text IN ('shop', 'audit') ORDER BY conname",
        "SELECT obj_description('shop.customer'::regclass)",
        "SELECT enum_range(NULL::shop.order_status)::text",
        "SELECT pg_get_functiondef('audit.log_order'::regproc)",
    };

    static DatabaseEndpoint source;
    static Path dumps;
    static Path plainDump;
    static Path gzipDump;

    private final PlainDumpRestorer restorer = new PlainDumpRestorer();

    @BeforeAll
    static void dumpSourceDatabase() throws IOException {
        source = TestPostgres.createDatabase("loader_source");
        TestPostgres.execute(source, SOURCE_SCHEMA);
        TestPostgres.execute(source, SOURCE_DATA);
        dumps = Files.createTempDirectory("loader-dumps");
        plainDump = PgDump.plain(source, dumps.resolve("shop.sql"));
        gzipDump = PgDump.gzip(source, dumps.resolve("shop.sql.gz"));
    }

    @Test
    void restoresPlainDumpWithSameContentAsSource() throws Exception {
        DatabaseEndpoint target = TestPostgres.createDatabase("loader_plain");

        RestoreStats stats = restore(plainDump, target);

        assertSameContent(target);
        assertThat(stats.rowsCopied()).isEqualTo(SOURCE_ROWS);
        assertThat(stats.bytesRead()).isEqualTo(Files.size(plainDump));
        assertThat(stats.statements()).isGreaterThan(30);
    }

    @Test
    void restoredFunctionsAndTriggersWork() throws Exception {
        DatabaseEndpoint target = TestPostgres.createDatabase("loader_functions");
        restore(plainDump, target);

        TestPostgres.execute(target,
                "INSERT INTO shop.orders (customer_id, status, total, placed_at) VALUES (2, 'paid', 9.99, now())");

        assertThat(query(target, "SELECT shop.greet('Zoë')")).containsExactly("Hello; Zoë!");
        assertThat(query(target, "SELECT what FROM audit.log ORDER BY id DESC LIMIT 1"))
                .containsExactly("order 2001; it's paid \\ \"q\"");
        assertThat(query(target, "SELECT invoice FROM shop.orders WHERE id = 2001")).containsExactly("3000");
    }

    @Test
    void restoresGzipDumpAndCountsUncompressedBytes() throws Exception {
        DatabaseEndpoint target = TestPostgres.createDatabase("loader_gzip");

        RestoreStats stats = restore(gzipDump, target);

        assertSameContent(target);
        assertThat(stats.rowsCopied()).isEqualTo(SOURCE_ROWS);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gzipDump))) {
            assertThat(stats.bytesRead()).isEqualTo(in.transferTo(OutputStream.nullOutputStream()));
        }
    }

    @Test
    void reportsProgressWithTheFinalTotals() throws Exception {
        DatabaseEndpoint target = TestPostgres.createDatabase("loader_progress");
        List<long[]> updates = new ArrayList<>();

        try (InputStream in = Files.newInputStream(plainDump)) {
            restorer.restore(ref(plainDump), in, target, (bytes, rows) -> updates.add(new long[] {bytes, rows}));
        }

        assertThat(updates).isNotEmpty();
        assertThat(updates.get(updates.size() - 1)).containsExactly(Files.size(plainDump), SOURCE_ROWS);
        for (int i = 1; i < updates.size(); i++) {
            assertThat(updates.get(i)[0]).isGreaterThanOrEqualTo(updates.get(i - 1)[0]);
        }
    }

    @Test
    void restoresCreateDumpIntoTargetWithoutTouchingAnyOtherDatabase(@TempDir Path dir) throws Exception {
        DatabaseEndpoint original = TestPostgres.createDatabase("loader_created");
        TestPostgres.execute(original, SOURCE_SCHEMA);
        TestPostgres.execute(original, SOURCE_DATA);
        TestPostgres.execute(original,
                "COMMENT ON DATABASE " + original.database() + " IS 'the original'",
                "ALTER DATABASE " + original.database() + " SET work_mem = '5MB'");
        Path dump = PgDump.run(original, dir.resolve("created.sql"), "-Fp", "--create");
        assertThat(Files.readString(dump)).contains("CREATE DATABASE " + original.database())
                .contains("\\connect " + original.database());
        TestPostgres.execute(TestPostgres.adminEndpoint(), "DROP DATABASE " + original.database());
        DatabaseEndpoint target = TestPostgres.createDatabase("loader_create_target");

        RestoreStats stats = restore(dump, target);

        assertThat(TestPostgres.databaseExists(original.database())).isFalse();
        assertThat(stats.rowsCopied()).isEqualTo(SOURCE_ROWS);
        assertThat(query(target, "SELECT count(*) FROM shop.orders")).containsExactly("2000");
        assertThat(query(target, "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
                + " WHERE datname = current_database()")).containsExactly((String) null);
    }

    @Test
    void restoresDumpWhoseOwnersAndGranteesDoNotExistOnTheTarget(@TempDir Path dir) throws Exception {
        DatabaseEndpoint owned = TestPostgres.createDatabase("loader_owned");
        TestPostgres.execute(TestPostgres.adminEndpoint(),
                "CREATE ROLE drill_app_owner", "CREATE ROLE drill_app_reader");
        TestPostgres.execute(owned,
                "CREATE SCHEMA app AUTHORIZATION drill_app_owner",
                "CREATE TABLE app.items (id int PRIMARY KEY)",
                "INSERT INTO app.items SELECT generate_series(1, 10)",
                "ALTER TABLE app.items OWNER TO drill_app_owner",
                "GRANT SELECT ON app.items TO drill_app_reader",
                "ALTER DEFAULT PRIVILEGES FOR ROLE drill_app_owner IN SCHEMA app GRANT SELECT ON TABLES TO drill_app_reader");
        Path dump = PgDump.plain(owned, dir.resolve("owned.sql"));
        assertThat(Files.readString(dump)).contains("OWNER TO drill_app_owner").contains("TO drill_app_reader");
        // The production roles do not exist where the drill restores.
        TestPostgres.execute(TestPostgres.adminEndpoint(), "DROP DATABASE " + owned.database());
        TestPostgres.execute(TestPostgres.adminEndpoint(),
                "DROP ROLE drill_app_reader", "DROP ROLE drill_app_owner");
        DatabaseEndpoint target = TestPostgres.createDatabase("loader_owned_target");

        RestoreStats stats = restore(dump, target);

        assertThat(stats.rowsCopied()).isEqualTo(10);
        assertThat(query(target, "SELECT count(*) FROM app.items")).containsExactly("10");
    }

    @Test
    void failsWhenDumpIsCutInsideCopyData(@TempDir Path dir) throws Exception {
        String dump = Files.readString(plainDump);
        int copy = dump.indexOf("COPY shop.orders ");
        Path cut = write(dir.resolve("cut.sql"), dump.substring(0, dump.indexOf('\n', copy) + 5000));
        DatabaseEndpoint target = TestPostgres.createDatabase("loader_cut_copy");

        assertThatThrownBy(() -> restore(cut, target))
                .isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining("is truncated")
                .hasMessageContaining("inside the data of the COPY into shop.orders at line " + lineOf(dump, copy));
    }

    @Test
    void failsWhenDumpIsCutCleanlyBetweenStatements(@TempDir Path dir) throws Exception {
        String dump = Files.readString(plainDump);
        int cutAt = dump.indexOf(";\n", dump.indexOf("CREATE INDEX orders_status_idx")) + 2;
        Path cut = write(dir.resolve("cut.sql"), dump.substring(0, cutAt));
        DatabaseEndpoint target = TestPostgres.createDatabase("loader_cut_clean");

        assertThatThrownBy(() -> restore(cut, target))
                .isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining("is truncated")
                .hasMessageContaining("-- PostgreSQL database dump complete");
    }

    @Test
    void failsWhenDumpEndsInsideAFunctionBody(@TempDir Path dir) throws Exception {
        String dump = Files.readString(plainDump);
        int function = dump.indexOf("CREATE FUNCTION shop.greet");
        Path cut = write(dir.resolve("cut.sql"), dump.substring(0, dump.indexOf("Hello; ", function)));
        DatabaseEndpoint target = TestPostgres.createDatabase("loader_cut_function");

        assertThatThrownBy(() -> restore(cut, target))
                .isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining("is truncated: it ends inside a dollar-quoted body in the statement that"
                        + " starts at line " + lineOf(dump, function));
    }

    @Test
    void failsWhenGzipStreamIsCutShort(@TempDir Path dir) throws Exception {
        byte[] gz = Files.readAllBytes(gzipDump);
        Path cut = dir.resolve("cut.sql.gz");
        Files.write(cut, Arrays.copyOf(gz, gz.length / 2));
        DatabaseEndpoint target = TestPostgres.createDatabase("loader_cut_gzip");

        assertThatThrownBy(() -> restore(cut, target))
                .isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining("cut.sql.gz is truncated or corrupt");
    }

    @Test
    void failsWhenGzipStreamIsCorrupt(@TempDir Path dir) throws Exception {
        byte[] gz = Files.readAllBytes(gzipDump);
        for (int i = 100; i < 300; i++) {
            gz[i] ^= 0x5a;
        }
        Path corrupt = dir.resolve("corrupt.sql.gz");
        Files.write(corrupt, gz);
        DatabaseEndpoint target = TestPostgres.createDatabase("loader_corrupt_gzip");

        assertThatThrownBy(() -> restore(corrupt, target))
                .isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining("corrupt.sql.gz is");
    }

    @Test
    void failsWhenDumpIsEmptyOrOnlyWhitespace(@TempDir Path dir) throws Exception {
        DatabaseEndpoint target = TestPostgres.createDatabase("loader_empty");
        Path empty = write(dir.resolve("empty.sql"), "");
        Path blank = write(dir.resolve("blank.sql"), "\n  \n\t\r\n");
        Path emptyGzip = dir.resolve("empty.sql.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(emptyGzip))) {
            out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
        }

        for (Path dump : List.of(empty, blank, emptyGzip)) {
            assertThatThrownBy(() -> restore(dump, target))
                    .isInstanceOf(BackupUnusableException.class)
                    .hasMessageEndingWith(dump + " is empty");
        }
    }

    @Test
    void failsWithLineNumberOfStatementThatReferencesMissingTable(@TempDir Path dir) throws Exception {
        String dump = Files.readString(plainDump).replace(
                "CREATE INDEX orders_status_idx ON shop.orders", "CREATE INDEX orders_status_idx ON shop.no_such_table");
        Path broken = write(dir.resolve("broken.sql"), dump);
        DatabaseEndpoint target = TestPostgres.createDatabase("loader_broken");

        assertThatThrownBy(() -> restore(broken, target))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("broken.sql failed at line " + lineOf(dump, dump.indexOf("CREATE INDEX orders_")))
                .hasMessageContaining("(CREATE INDEX orders_status_idx ON shop.no_such_table USING btree")
                .hasMessageContaining("relation \"shop.no_such_table\" does not exist");
    }

    @Test
    void failsWithCopyLineAndTableWhenCopyDataIsRejected(@TempDir Path dir) throws Exception {
        String dump = Files.readString(plainDump);
        int copy = dump.indexOf("COPY shop.orders ");
        int thirdRow = nthLineStart(dump, copy, 3);
        int statusAt = dump.indexOf("\tpaid\t", thirdRow);
        String broken = dump.substring(0, statusAt) + "\tlost\t" + dump.substring(statusAt + 6);
        Path file = write(dir.resolve("badrow.sql"), broken);
        DatabaseEndpoint target = TestPostgres.createDatabase("loader_bad_row");

        assertThatThrownBy(() -> restore(file, target))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("failed in the COPY into shop.orders at line " + lineOf(dump, copy))
                .hasMessageContaining("data line " + lineOf(dump, statusAt))
                .hasMessageContaining("invalid input value for enum shop.order_status: \"lost\"");
    }

    @Test
    void restoresInsertsDumpsWithSameContentAsSource(@TempDir Path dir) throws Exception {
        Path inserts = PgDump.run(source, dir.resolve("inserts.sql"), "--inserts");
        Path columnInserts = PgDump.run(source, dir.resolve("column-inserts.sql"), "--column-inserts",
                "--rows-per-insert=7");
        assertThat(Files.readString(inserts)).contains("INSERT INTO shop.orders VALUES (");
        assertThat(Files.readString(columnInserts)).contains("INSERT INTO shop.orders (id, customer_id,");

        for (Path dump : List.of(inserts, columnInserts)) {
            DatabaseEndpoint target = TestPostgres.createDatabase("loader_" + dump.getFileName().toString()
                    .replaceAll("\\W", "_"));
            restore(dump, target);
            assertSameContent(target);
        }
    }

    @Test
    void failsAtTheLineOfTheInsertThatFailsInTheMiddleOfABatch(@TempDir Path dir) throws Exception {
        String dump = Files.readString(PgDump.run(source, dir.resolve("inserts.sql"), "--inserts"));
        // The 700th order: well inside a batch, after hundreds of INSERTs into the same table that succeed.
        int insert = dump.indexOf("INSERT INTO shop.orders VALUES (700, ");
        int statusAt = dump.indexOf(", 'paid', ", insert);
        assertThat(statusAt).isGreaterThan(insert).isLessThan(dump.indexOf('\n', insert));
        String broken = dump.substring(0, statusAt) + ", 'lost', " + dump.substring(statusAt + ", 'paid', ".length());
        Path file = write(dir.resolve("bad-insert.sql"), broken);
        DatabaseEndpoint target = TestPostgres.createDatabase("loader_bad_insert");

        // Were the batch's statements before it left in place, replaying them one by one would fail first on a
        // duplicate key, at an earlier line.
        assertThatThrownBy(() -> restore(file, target))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("bad-insert.sql failed at line " + lineOf(broken, insert)
                        + " (INSERT INTO shop.orders VALUES (700, ")
                .hasMessageContaining("invalid input value for enum shop.order_status: \"lost\"");
    }

    @Test
    void ignoresRestrictAndUnrestrictLinesOfNewerPgDump(@TempDir Path dir) throws Exception {
        String dump = Files.readString(plainDump);
        int afterHeader = dump.indexOf("\n\n", dump.indexOf("-- PostgreSQL database dump")) + 2;
        String fenced = dump.substring(0, afterHeader) + "\\restrict abc123\n\n" + dump.substring(afterHeader)
                + "\n\\unrestrict abc123\n\n";
        Path file = write(dir.resolve("fenced.sql"), fenced);
        DatabaseEndpoint target = TestPostgres.createDatabase("loader_restrict");

        RestoreStats stats = restore(file, target);

        assertThat(stats.rowsCopied()).isEqualTo(SOURCE_ROWS);
        assertSameContent(target);
    }

    @Test
    void failsOnOtherPsqlMetaCommands(@TempDir Path dir) throws Exception {
        String dump = Files.readString(plainDump);
        int at = dump.indexOf("CREATE SCHEMA shop;");
        Path file = write(dir.resolve("meta.sql"), dump.substring(0, at) + "\\set ON_ERROR_STOP off\n"
                + dump.substring(at));
        DatabaseEndpoint target = TestPostgres.createDatabase("loader_meta");

        assertThatThrownBy(() -> restore(file, target))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("unsupported psql meta-command \\set at line " + lineOf(dump, at));
    }

    @Test
    void restoresDumpWrittenInLatin1(@TempDir Path dir) throws Exception {
        DatabaseEndpoint latin = TestPostgres.createDatabase("loader_latin1_source");
        TestPostgres.execute(latin, "CREATE TABLE t (id int PRIMARY KEY, name text)",
                "INSERT INTO t VALUES (1, 'Zoë'), (2, 'Müller; ß'), (3, E'tab\\there')",
                "COMMENT ON TABLE t IS 'Größe'");
        Path dump = PgDump.run(latin, dir.resolve("latin1.sql"), "-Fp", "-E", "LATIN1");
        assertThat(Files.readString(dump, StandardCharsets.ISO_8859_1)).contains("client_encoding = 'LATIN1'");
        DatabaseEndpoint target = TestPostgres.createDatabase("loader_latin1");

        restore(dump, target);

        assertThat(query(target, "SELECT name FROM t ORDER BY id")).containsExactly("Zoë", "Müller; ß", "tab\there");
        assertThat(query(target, "SELECT obj_description('t'::regclass)")).containsExactly("Größe");
    }

    @Test
    void readsMajorVersionFromHeaderOfPlainAndGzipDumps() throws Exception {
        try (InputStream plain = Files.newInputStream(plainDump); InputStream gz = Files.newInputStream(gzipDump)) {
            assertThat(restorer.dumpedFromMajorVersion(ref(plainDump), plain)).contains(15);
            assertThat(restorer.dumpedFromMajorVersion(ref(gzipDump), gz)).contains(15);
        }
    }

    @Test
    void readsOldStyleVersionAndToleratesDumpsWithoutHeader() {
        BackupRef ref = ref(Path.of("old.sql"));
        String old = "--\n-- PostgreSQL database dump\n--\n\n-- Dumped from database version 9.6.3\n"
                + "-- Dumped by pg_dump version 9.6.3\n";

        assertThat(restorer.dumpedFromMajorVersion(ref, stream(old))).contains(9);
        assertThat(restorer.dumpedFromMajorVersion(ref, stream("CREATE TABLE t (id int);\n"))).isEmpty();
        assertThat(restorer.dumpedFromMajorVersion(ref, stream(""))).isEmpty();
    }

    @Test
    void readsOnlyTheStartOfTheDumpForItsVersion() {
        AtomicLong served = new AtomicLong();
        InputStream endless = new InputStream() {
            final byte[] header = "-- Dumped from database version 16.2 (Debian)\n".getBytes(StandardCharsets.US_ASCII);

            @Override
            public int read() {
                long i = served.getAndIncrement();
                return i < header.length ? header[(int) i] : ' ';
            }
        };

        assertThat(restorer.dumpedFromMajorVersion(ref(Path.of("big.sql")), endless)).contains(16);
        assertThat(served.get()).isLessThanOrEqualTo(64 * 1024);
    }

    @Test
    void rejectsCustomFormat() {
        BackupRef custom = new BackupRef("x.dump", "x.dump", 1, Instant.EPOCH,
                BackupRef.TimestampSource.MODIFICATION_TIME, BackupFormat.CUSTOM);

        assertThatThrownBy(() -> restorer.restore(custom, stream("x"), source, RestoreProgress.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> restorer.dumpedFromMajorVersion(custom, stream("x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- helpers

    private RestoreStats restore(Path dump, DatabaseEndpoint target) throws IOException {
        try (InputStream in = Files.newInputStream(dump)) {
            return restorer.restore(ref(dump), in, target, RestoreProgress.NONE);
        }
    }

    static BackupRef ref(Path dump) {
        String name = dump.getFileName().toString();
        return new BackupRef(dump.toString(), name, 0, Instant.EPOCH, BackupRef.TimestampSource.MODIFICATION_TIME,
                BackupFormat.ofFileName(name).orElseThrow());
    }

    private static void assertSameContent(DatabaseEndpoint target) throws SQLException {
        for (String sql : CONTENT) {
            assertThat(query(target, sql)).as(sql).isNotEmpty().isEqualTo(query(source, sql));
        }
    }

    /** Restores the plain dump {@code file} into {@code target}. */
    static RestoreStats restore(PlainDumpRestorer restorer, Path file, DatabaseEndpoint target) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return restorer.restore(ref(file), in, target, RestoreProgress.NONE);
        }
    }

    /** A backend ends shortly after its client said goodbye: waits up to 5 s for every session but ours to end. */
    static void assertNoConnectionsLeftTo(DatabaseEndpoint target) throws Exception {
        String sql = "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + target.database() + "'"
                + " AND pid <> pg_backend_pid()";
        List<String> count = query(TestPostgres.adminEndpoint(), sql);
        for (int i = 0; i < 50 && !count.equals(List.of("0")); i++) {
            Thread.sleep(100);
            count = query(TestPostgres.adminEndpoint(), sql);
        }
        assertThat(count).as("connections left open to " + target.database()).containsExactly("0");
    }

    static List<String> query(DatabaseEndpoint db, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestPostgres.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                if (columns == 1) {
                    rows.add(rs.getString(1));
                } else {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= columns; i++) {
                        row.append(i > 1 ? "|" : "").append(rs.getString(i));
                    }
                    rows.add(row.toString());
                }
            }
        }
        return rows;
    }

    private static Path write(Path file, String content) throws IOException {
        return Files.writeString(file, content);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** 1-based line number of the character at {@code index}. */
    static long lineOf(String text, int index) {
        return text.substring(0, index).chars().filter(c -> c == '\n').count() + 1;
    }

    private static int nthLineStart(String text, int from, int n) {
        int at = from;
        for (int i = 0; i < n; i++) {
            at = text.indexOf('\n', at) + 1;
        }
        return at;
    }
}
