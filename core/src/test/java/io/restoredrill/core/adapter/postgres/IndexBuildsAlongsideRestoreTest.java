package io.restoredrill.core.adapter.postgres;

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

import static io.restoredrill.core.adapter.postgres.PlainDumpRestorerTest.lineOf;
import static io.restoredrill.core.adapter.postgres.PlainDumpRestorerTest.query;
import static io.restoredrill.core.adapter.postgres.PlainDumpRestorerTest.assertNoConnectionsLeftTo;
import static io.restoredrill.core.adapter.postgres.PlainDumpRestorerTest.restore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A plain dump's index and key builds run side by side on the restore's connections, and what depends on them
 * (a foreign key) runs after them. Two of the dump's indexes prove they ran at the same time: each one's expression
 * calls a function that, in a database where {@code drill_test.rendezvous} is on, takes an advisory lock of its own
 * and waits for the other build's lock; run one after the other, the first waits in vain and fails.
 */
class IndexBuildsAlongsideRestoreTest {

    static DatabaseEndpoint source;
    static Path dump;
    static String dumpText;

    @BeforeAll
    static void dumpTablesWithIndexes(@TempDir Path dir) throws IOException {
        source = TestPostgres.createDatabase("alongside_source");
        TestPostgres.execute(source,
                """
                CREATE FUNCTION public.meet(mine int, theirs int, v int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$
                BEGIN
                    IF coalesce(current_setting('drill_test.rendezvous', true), '') = 'on' THEN
                        PERFORM pg_advisory_lock(mine);
                        FOR i IN 1..100 LOOP
                            IF NOT pg_try_advisory_lock(theirs) THEN
                                RETURN v; -- the other build holds its lock: it runs now too
                            END IF;
                            PERFORM pg_advisory_unlock(theirs);
                            PERFORM pg_sleep(0.05);
                        END LOOP;
                        RAISE EXCEPTION 'index build % waited 5 s for build %: they did not run side by side', mine, theirs;
                    END IF;
                    RETURN v;
                END $$""",
                "CREATE TABLE public.a (v int)",
                "CREATE TABLE public.b (v int)",
                "INSERT INTO public.a VALUES (1)",
                "INSERT INTO public.b VALUES (2)",
                "CREATE INDEX a_meets_b ON public.a (public.meet(1, 2, v))",
                "CREATE INDEX b_meets_a ON public.b (public.meet(2, 1, v))",
                "CREATE TABLE public.parent (id int PRIMARY KEY, code text UNIQUE)",
                "CREATE TABLE public.child (id int PRIMARY KEY, parent_id int REFERENCES public.parent)",
                "INSERT INTO public.parent SELECT g, 'p' || g FROM generate_series(1, 1000) g",
                "INSERT INTO public.child SELECT g, 1 + g % 1000 FROM generate_series(1, 5000) g",
                "CREATE INDEX child_parent_idx ON public.child (parent_id)");
        dump = PgDump.plain(source, dir.resolve("alongside.sql"));
        dumpText = Files.readString(dump);
    }

    @Test
    void buildsIndexesSideBySideAndTheForeignKeyAfterThem() throws Exception {
        DatabaseEndpoint target = rendezvousTarget("alongside_ok");

        RestoreStats stats = restore(new PlainDumpRestorer(2), dump, target);

        assertThat(stats.rowsCopied()).isEqualTo(1 + 1 + 1000 + 5000);
        assertThat(query(target, "SELECT string_agg(x.relname || ':' || i.indisvalid, ',' ORDER BY x.relname)"
                + " FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid"
                + " JOIN pg_namespace n ON n.oid = x.relnamespace WHERE n.nspname = 'public'"))
                .containsExactly("a_meets_b:true,b_meets_a:true,child_parent_idx:true,child_pkey:true,"
                        + "parent_code_key:true,parent_pkey:true");
        assertThat(query(target, "SELECT conname || ':' || contype::text FROM pg_constraint WHERE conrelid ="
                + " 'public.child'::regclass ORDER BY 1")).containsExactly("child_parent_id_fkey:f", "child_pkey:p");
        assertThat(query(target, "SELECT count(*) FROM public.child c JOIN public.parent p ON p.id = c.parent_id"))
                .containsExactly("5000");
    }

    @Test
    void oneConnectionBuildsThemOneAfterTheOther() {
        DatabaseEndpoint target = rendezvousTarget("alongside_one");

        // What proves the other test: without a second connection, the first build waits for the second in vain.
        assertThatThrownBy(() -> restore(new PlainDumpRestorer(1), dump, target))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("CREATE INDEX a_meets_b ON public.a")
                .hasMessageContaining("index build 1 waited 5 s for build 2: they did not run side by side");
    }

    @Test
    void aBuildThatFailsOnTheOtherConnectionFailsTheRestoreNamingItsLine(@TempDir Path dir) throws Exception {
        // A duplicate code: the parent's UNIQUE constraint cannot be built. The keys come in the dump's order
        // (child_pkey, parent_code_key, parent_pkey), the second of them on the other connection.
        int copy = dumpText.indexOf("COPY public.parent ");
        int firstRow = dumpText.indexOf('\n', copy) + 1;
        String duplicate = dumpText.substring(0, firstRow) + "1001\tp1\n" + dumpText.substring(firstRow);
        Path file = Files.writeString(dir.resolve("duplicate.sql"), duplicate);
        int unique = duplicate.indexOf("ALTER TABLE ONLY public.parent\n    ADD CONSTRAINT parent_code_key UNIQUE");
        assertThat(unique).isPositive();
        DatabaseEndpoint target = rendezvousTarget("alongside_bad");

        assertThatThrownBy(() -> restore(new PlainDumpRestorer(2), file, target))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("failed at line " + lineOf(duplicate, unique)
                        + " (ALTER TABLE ONLY public.parent ADD CONSTRAINT parent_code_key UNIQUE (code))")
                .hasMessageContaining("could not create unique index \"parent_code_key\"");
        assertNoConnectionsLeftTo(target);
    }

    private static DatabaseEndpoint rendezvousTarget(String hint) {
        DatabaseEndpoint target = TestPostgres.createDatabase(hint);
        TestPostgres.execute(TestPostgres.adminEndpoint(),
                "ALTER DATABASE " + target.database() + " SET drill_test.rendezvous = on");
        return target;
    }


}
