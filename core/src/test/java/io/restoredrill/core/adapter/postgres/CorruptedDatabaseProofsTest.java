package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.ProofResult;
import io.restoredrill.core.domain.ProofVerdict;
import io.restoredrill.core.domain.TableRowCount;
import io.restoredrill.core.testing.PageChecksum;
import io.restoredrill.core.testing.StoppablePostgres;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Silent corruption, made the way it happens: the files of a stopped server are damaged, the server is started
 * again, and ordinary queries and row counts still succeed. Only the proofs notice.
 */
class CorruptedDatabaseProofsTest {

    private static final int PAGE = 8192;
    private static final int PAGE_HEADER = 24;
    private static final int BTP_LEAF = 1;

    @TempDir
    static Path dir;

    private static StoppablePostgres server;

    @BeforeAll
    static void corruptAnIndexAndAToastValue() throws IOException {
        server = new StoppablePostgres(dir.resolve("data"));
        TestPostgres.execute(server.endpoint("postgres"), "CREATE DATABASE bad_index", "CREATE DATABASE bad_toast");
        TestPostgres.execute(server.endpoint("bad_index"),
                "CREATE TABLE orders (id integer PRIMARY KEY, note text)",
                "INSERT INTO orders SELECT i, 'order ' || i FROM generate_series(1, 2000) i",
                "CREATE TABLE customers (id integer PRIMARY KEY)",
                "INSERT INTO customers SELECT generate_series(1, 100)");
        TestPostgres.execute(server.endpoint("bad_toast"),
                "CREATE TABLE documents (id integer PRIMARY KEY, body text)",
                // EXTERNAL: stored out of line and uncompressed, so every body lives in the TOAST table.
                "ALTER TABLE documents ALTER COLUMN body SET STORAGE EXTERNAL",
                "INSERT INTO documents SELECT i, repeat(md5(i::text), 200) FROM generate_series(1, 50) i",
                "CREATE TABLE tags (id integer PRIMARY KEY, name text)",
                "INSERT INTO tags VALUES (1, 'a'), (2, 'b')");
        Path index = server.fileOf("bad_index", "orders_pkey");
        String toastTable = server.query("bad_toast",
                "SELECT reltoastrelid::regclass FROM pg_class WHERE relname = 'documents'");
        Path toast = server.fileOf("bad_toast", toastTable);
        server.stop();

        swapTwoKeysOnALeafPage(index);
        // A zeroed page is what a lost write leaves; PostgreSQL reads it as an empty page (even with checksums
        // on), so the table scan succeeds and only the detoasting of the values that lived there fails.
        byte[] toastBytes = Files.readAllBytes(toast);
        java.util.Arrays.fill(toastBytes, 0, PAGE, (byte) 0);
        Files.write(toast, toastBytes);

        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * Swaps the integer keys of the second and third data items of the first leaf page: each tuple keeps its heap
     * pointer, the page's order is broken, and no query that does not walk that part of the index notices.
     */
    private static void swapTwoKeysOnALeafPage(Path indexFile) throws IOException {
        byte[] bytes = Files.readAllBytes(indexFile);
        ByteBuffer file = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int block = 1; block < bytes.length / PAGE; block++) {
            int page = block * PAGE;
            int flags = Short.toUnsignedInt(file.getShort(page + PAGE - 4));
            if ((flags & BTP_LEAF) == 0) {
                continue;
            }
            // Item 1 of a leaf that is not the rightmost is its high key: take items 3 and 4.
            int first = itemOffset(file, page, 3);
            int second = itemOffset(file, page, 4);
            // An index tuple: 6 bytes of heap pointer, 2 of t_info, then the int4 key.
            int a = file.getInt(page + first + 8);
            int b = file.getInt(page + second + 8);
            assertThat(a).isLessThan(b);
            file.putInt(page + first + 8, b);
            file.putInt(page + second + 8, a);
            // A valid checksum for the damaged page, so the test holds with data checksums on too (PostgreSQL
            // 18's initdb default): the damage is silent to the server and only amcheck finds it.
            PageChecksum.update(bytes, page, block);
            Files.write(indexFile, bytes);
            return;
        }
        throw new IllegalStateException("no leaf page in " + indexFile);
    }

    private static int itemOffset(ByteBuffer file, int page, int item) {
        int lineItem = file.getInt(page + PAGE_HEADER + (item - 1) * 4);
        return lineItem & 0x7FFF;
    }

    @Test
    void theCorruptionIsSilentToCountsAndOrdinaryQueries() {
        JdbcDatabaseInspector inspector = new JdbcDatabaseInspector();

        assertThat(inspector.countRows(server.endpoint("bad_index")))
                .contains(new TableRowCount("public", "orders", 2000));
        assertThat(server.query("bad_index", "SELECT sum(length(note)) FROM orders")).isNotNull();
        assertThat(inspector.countRows(server.endpoint("bad_toast")))
                .contains(new TableRowCount("public", "documents", 50));
    }

    @Test
    void theIntegrityProofCatchesTheCorruptIndexAndNamesIt() {
        ProofResult proof = new AmcheckIntegrityProof().run(server.endpoint("bad_index"), Duration.ofMinutes(1));

        assertThat(proof.verdict()).isEqualTo(ProofVerdict.FAILED);
        assertThat(proof.findings()).anySatisfy(f -> assertThat(f)
                .startsWith("index public.orders_pkey: ")
                .contains("item order invariant violated"));
        assertThat(proof.findings()).noneMatch(f -> f.contains("customers"));
        assertThat(proof.findings()).filteredOn(f -> f.startsWith("index ")).hasSize(1);
        assertThat(proof.value()).startsWith("2 of 2 indexes (1 with heapallindexed), 2 of 2 tables");
    }

    @Test
    void theIntegrityProofReadsTheRowsVerifyHeapamReportsForTheLostToastValues() {
        ProofResult proof = new AmcheckIntegrityProof().run(server.endpoint("bad_toast"), Duration.ofMinutes(1));

        assertThat(proof.verdict()).isEqualTo(ProofVerdict.FAILED);
        assertThat(proof.findings()).anySatisfy(f -> assertThat(f)
                .startsWith("table public.documents, block 0, tuple ")
                .contains("toast value"));
        assertThat(proof.findings()).noneMatch(f -> f.contains("public.tags"));
    }

    @Test
    void theFullReadFailsNamingTheTableWithTheUnreadableToastValue() {
        ProofResult proof = new FullReadProof(Duration.ofSeconds(30)).run(server.endpoint("bad_toast"),
                Duration.ofMinutes(1));

        assertThat(proof.verdict()).isEqualTo(ProofVerdict.FAILED);
        assertThat(proof.findings()).singleElement().satisfies(f -> assertThat(f)
                .startsWith("table public.documents has an unreadable row: ")
                .contains("missing chunk number 0 for toast value"));
        assertThat(proof.value()).startsWith("1 of 2 tables read completely");
    }

    @Test
    void theFullReadOfTheDatabaseWithTheCorruptIndexPasses() {
        // A table scan does not use the index: the full read proves the data, amcheck the index.
        ProofResult proof = new FullReadProof(Duration.ofSeconds(30)).run(server.endpoint("bad_index"),
                Duration.ofMinutes(1));

        assertThat(proof.verdict()).isEqualTo(ProofVerdict.PASSED);
        long text = Long.parseLong(server.query("bad_index", "SELECT (SELECT sum(length(o::text)) FROM orders o)"
                + " + (SELECT sum(length(c::text)) FROM customers c)"));
        assertThat(proof.value()).isEqualTo(String.format(java.util.Locale.ROOT,
                "2 of 2 tables read completely, 2,100 rows, %,d bytes as text", text));
    }
}
