package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scripts written by hand with the quoting psql understands and pg_dump rarely writes: where a statement ends must
 * be decided exactly as PostgreSQL's lexer does, or statements get cut in the middle of a string or body.
 */
class PlainDumpQuotingTest {

    private static final String SCRIPT = """
            /* a block comment between statements; /* nested; */ still comment; */
            CREATE TABLE "Semi;colon ""quoted""\" (id int, "Val;ue" text); -- trailing comment; with a 'quote
            CREATE TABLE a$b (x int); INSERT INTO a$b VALUES (1); INSERT INTO a$b VALUES (2);
            INSERT INTO "Semi;colon ""quoted""\" VALUES (1, E'it\\'s; escaped \\\\ ok');
            INSERT INTO "Semi;colon ""quoted""\" VALUES (2, 'plain ''doubled''; quote');
            INSERT INTO "Semi;colon ""quoted""\" VALUES (3, $tag$dollar; 'quoted' $$ not the end $$ "x"$tag$);
            INSERT INTO "Semi;colon ""quoted""\" VALUES (4, $$two
            lines; -- not a comment
            /* nor this */$$);
            INSERT INTO "Semi;colon ""quoted""\" VALUES (5, 'a' -- comment with ; and '
              || 'b' /* comment ; */ || e'c\\nd');
            SET standard_conforming_strings = off;
            INSERT INTO "Semi;colon ""quoted""\" VALUES (6, 'backslash \\' quote; still string');
            SET standard_conforming_strings = on;
            INSERT INTO "Semi;colon ""quoted""\" VALUES (7, 'backslash \\'); INSERT INTO a$b VALUES (3);
            CREATE FUNCTION f(n int) RETURNS int LANGUAGE plpgsql AS $fn$
            BEGIN
                RETURN (SELECT length($$;$$) + n); -- inner $$ inside the fn body
            END;
            $fn$;
            ;
            COPY "Semi;colon ""quoted""\" (id, "Val;ue") FROM stdin;
            8	tab\\there; \\\\. not an end
            9	\\N
            \\.
            --
            -- PostgreSQL database dump complete
            --
            """;

    @Test
    void splitsStatementsWhereThePostgresLexerDoes() throws Exception {
        DatabaseEndpoint target = TestPostgres.createDatabase("loader_quoting");
        BackupRef ref = new BackupRef("quoting.sql", "quoting.sql", 0, Instant.EPOCH,
                BackupRef.TimestampSource.MODIFICATION_TIME, BackupFormat.PLAIN_SQL);

        RestoreStats stats = new PlainDumpRestorer().restore(ref,
                new ByteArrayInputStream(SCRIPT.getBytes(StandardCharsets.UTF_8)), target, RestoreProgress.NONE);

        assertThat(PlainDumpRestorerTest.query(target, "SELECT id, \"Val;ue\" FROM \"Semi;colon \"\"quoted\"\"\" ORDER BY id"))
                .containsExactly(
                        "1|it's; escaped \\ ok",
                        "2|plain 'doubled'; quote",
                        "3|dollar; 'quoted' $$ not the end $$ \"x\"",
                        "4|two\nlines; -- not a comment\n/* nor this */",
                        "5|abc\nd",
                        "6|backslash ' quote; still string",
                        "7|backslash \\",
                        "8|tab\there; \\. not an end",
                        "9|null");
        assertThat(PlainDumpRestorerTest.query(target, "SELECT string_agg(x::text, ',' ORDER BY x) FROM a$b"))
                .containsExactly("1,2,3");
        assertThat(PlainDumpRestorerTest.query(target, "SELECT f(1)")).containsExactly("2");
        assertThat(stats.rowsCopied()).isEqualTo(2);
        assertThat(stats.statements()).isEqualTo(16);
    }
}
