package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.domain.RestoreFailedException;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.testing.PgDump;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.restoredrill.core.adapter.postgres.PlainDumpRestorerTest.lineOf;
import static io.restoredrill.core.adapter.postgres.PlainDumpRestorerTest.query;
import static io.restoredrill.core.adapter.postgres.PlainDumpRestorerTest.assertNoConnectionsLeftTo;
import static io.restoredrill.core.adapter.postgres.PlainDumpRestorerTest.restore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A table far larger than one chunk loads over two connections, with the same result and errors as over one. */
class ParallelCopyRestoreTest {

    private static final long ROWS = 300_000;
    /** The same rows in the same order, whichever COPY loaded them. */
    private static final String CONTENT = "SELECT count(*), md5(string_agg(b::text, E'\\n' ORDER BY id)) FROM public.big b";

    static DatabaseEndpoint source;
    static Path dump;
    static String dumpText;

    @BeforeAll
    static void dumpLargeTable(@TempDir Path dir) throws IOException {
        source = TestPostgres.createDatabase("parallel_source");
        TestPostgres.execute(source,
                "CREATE TABLE public.big (id int PRIMARY KEY, n int NOT NULL, label text, doc xml)",
                // Text that COPY escapes (tab, newline, backslash) and xml that is content, not a document: it
                // loads only with the dump's SET xmloption = content, which the extra connection must run too.
                """
                INSERT INTO public.big SELECT g, mod(g, 1000), E'row\\t' || g || E' line\\nbreak \\\\ ' || md5(g::text),
                    ('<a>' || g || '</a> and text')::xml FROM generate_series(1, %d) g""".formatted(ROWS));
        dump = PgDump.plain(source, dir.resolve("big.sql"));
        dumpText = Files.readString(dump);
    }

    @Test
    void loadsLargeTableOverTwoConnectionsWithTheSameContent() throws Exception {
        DatabaseEndpoint target = targetWhereXmlMustBeADocument("parallel_ok");

        RestoreStats stats = restore(new PlainDumpRestorer(2), dump, target);

        assertThat(stats.rowsCopied()).isEqualTo(ROWS);
        assertThat(query(target, CONTENT)).isEqualTo(query(source, CONTENT)).first().asString().startsWith(ROWS + "|");
        // Each COPY is its own transaction: two writers, so the parallel path was taken.
        assertThat(query(target, "SELECT count(DISTINCT xmin::text) FROM public.big")).containsExactly("2");
        assertNoConnectionsLeftTo(target);
    }

    @Test
    void loadsOnOneConnectionWhenToldTo() throws Exception {
        DatabaseEndpoint target = targetWhereXmlMustBeADocument("parallel_one");

        restore(new PlainDumpRestorer(1), dump, target);

        assertThat(query(target, CONTENT)).isEqualTo(query(source, CONTENT));
        assertThat(query(target, "SELECT count(DISTINCT xmin::text) FROM public.big")).containsExactly("1");
    }

    @Test
    void aConnectionThatIsSlowForAWhileGetsFewerChunksInsteadOfHoldingTheOtherUp(@TempDir Path dir) throws Exception {
        // A trigger (added to the real dump after its CREATE TABLE) makes the backend that loads the first row, the
        // restore's own connection, take an advisory lock, and the backend that holds it sleep at every 2500th row. Chunks
        // go where there is room, so the other connection loads most of the rest; taken in turn, the slow one
        // would load the direct rows and half of the rest. (A sleep every 5000th row left the fast connection only 1.9
        // times the slow one's rows on a slower machine; every 2500th keeps the two further apart.)
        int create = dumpText.indexOf("CREATE TABLE public.big ");
        int afterCreate = dumpText.indexOf(");\n", create) + 3;
        String slow = """

                CREATE FUNCTION public.slow_for_one_backend() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.id = 1 THEN
                        PERFORM pg_advisory_lock(4242);
                    END IF;
                    IF NEW.id % 2500 = 0 AND pg_try_advisory_lock(4242) THEN
                        PERFORM pg_sleep(0.2);
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER slow BEFORE INSERT ON public.big FOR EACH ROW EXECUTE FUNCTION public.slow_for_one_backend();
                """;
        Path file = Files.writeString(dir.resolve("slow.sql"),
                dumpText.substring(0, afterCreate) + slow + dumpText.substring(afterCreate));
        DatabaseEndpoint target = TestPostgres.createDatabase("parallel_slow");

        RestoreStats stats = restore(new PlainDumpRestorer(2), file, target);

        assertThat(stats.rowsCopied()).isEqualTo(ROWS);
        // Each COPY is one transaction, so xmin tells the connections apart; the slow one loaded the first row.
        List<String> rowsByConnection = query(target, "SELECT count(*) FILTER (WHERE b.xmin = first.x),"
                + " count(*) FILTER (WHERE NOT b.xmin = first.x), count(DISTINCT b.xmin::text)"
                + " FROM public.big b, (SELECT xmin AS x FROM public.big WHERE id = 1) first");
        assertThat(rowsByConnection.get(0)).endsWith("|2");
        long slowRows = Long.parseLong(rowsByConnection.get(0).split("\\|")[0]);
        long fastRows = Long.parseLong(rowsByConnection.get(0).split("\\|")[1]);
        assertThat(fastRows).as("rows loaded by the fast connection, against %d by the slow one", slowRows)
                .isGreaterThan(2 * slowRows);
        assertThat(query(target, CONTENT)).isEqualTo(query(source, CONTENT));
    }

    @Test
    void reportsTableAndDumpLineOfBadRowLoadedOnTheSecondConnection(@TempDir Path dir) throws Exception {
        // Which rows the second connection loads: the later transaction's. Chunk boundaries depend only on the
        // bytes before them, so changing a row does not move it to another connection.
        DatabaseEndpoint probe = targetWhereXmlMustBeADocument("parallel_probe");
        restore(new PlainDumpRestorer(2), dump, probe);
        long firstOfSecondConnection = Long.parseLong(query(probe, "SELECT min(id) FROM public.big"
                + " WHERE xmin::text = (SELECT max(xmin::text::bigint)::text FROM public.big)").get(0));
        assertThat(firstOfSecondConnection).isGreaterThan(1);
        int copy = dumpText.indexOf("COPY public.big ");
        int badRow = dumpText.indexOf("\n" + (firstOfSecondConnection + 100) + "\t", copy) + 1;
        int n = dumpText.indexOf('\t', badRow) + 1;
        String broken = dumpText.substring(0, n) + "not-a-number" + dumpText.substring(dumpText.indexOf('\t', n));
        Path file = Files.writeString(dir.resolve("badrow.sql"), broken);
        long rowOfCopy = lineOf(dumpText, badRow) - lineOf(dumpText, copy);
        DatabaseEndpoint target = TestPostgres.createDatabase("parallel_bad_row");

        assertThatThrownBy(() -> restore(new PlainDumpRestorer(2), file, target))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("failed in the COPY into public.big at line " + lineOf(dumpText, copy)
                        + ", data line " + lineOf(dumpText, badRow) + ":")
                .hasMessageContaining("invalid input syntax for type integer: \"not-a-number\"")
                .hasMessageContaining("COPY big, line " + rowOfCopy + ", column n");
        assertNoConnectionsLeftTo(target);
    }

    @Test
    void failsAsTruncatedAndCancelsEveryCopyWhenDumpEndsInsideLargeCopy(@TempDir Path dir) throws Exception {
        int copy = dumpText.indexOf("COPY public.big ");
        // Mid-row, well after both connections have rows in flight.
        Path cut = Files.writeString(dir.resolve("cut.sql"),
                dumpText.substring(0, dumpText.indexOf('\n', copy) + 8 * ParallelCopy.CHUNK_BYTES + 17));
        DatabaseEndpoint target = TestPostgres.createDatabase("parallel_cut");

        assertThatThrownBy(() -> restore(new PlainDumpRestorer(2), cut, target))
                .isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining("is truncated")
                .hasMessageContaining("inside the data of the COPY into public.big at line " + lineOf(dumpText, copy));
        // Cancelled, not ended: no COPY committed a row.
        assertThat(query(target, "SELECT count(*) FROM public.big")).containsExactly("0");
        assertNoConnectionsLeftTo(target);
    }

    private static DatabaseEndpoint targetWhereXmlMustBeADocument(String hint) {
        DatabaseEndpoint target = TestPostgres.createDatabase(hint);
        TestPostgres.execute(TestPostgres.adminEndpoint(),
                "ALTER DATABASE " + target.database() + " SET xmloption = document");
        return target;
    }


}
